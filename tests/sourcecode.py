"""Reading the project's own modules as syntax trees, for the tests that hold its structure
(`test_layering.py`, `engine/test_service_rules.py`). Nothing is imported or run: a rule is
checked on the source text, so a test can feed the same checks a bad example."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def package_sources(package: str) -> dict[str, str]:
    """Every module of a top-level package (``"listengine"``), by dotted name, as text."""
    base = ROOT / package
    sources = {}
    for path in sorted(base.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        sources[name] = path.read_text(encoding="utf-8")
    return sources


def is_package(name: str, known: dict[str, str]) -> bool:
    return any(other.startswith(name + ".") for other in known)


def imports(name: str, source: str, known: dict[str, str] | None = None) -> set[str]:
    """The modules that module ``name`` imports, anywhere in it (module level, functions,
    ``TYPE_CHECKING`` blocks), resolved to absolute dotted names.

    ``from a import b`` counts as importing ``a.b`` when that is a module of ``known``, else
    as importing ``a`` (``b`` is then something defined in ``a``). The parent packages that
    Python loads on the way are not counted: they are not something the module uses.
    """
    known = known or {}
    here = name if is_package(name, known) else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[:len(here.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    found.discard(name)
    return found
