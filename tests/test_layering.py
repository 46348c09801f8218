"""The layers hold: the services import only what :data:`listengine.services.LAYERS` puts
below them, the engine never imports the web layer, the web layer builds no SQL, and the
import graph of ``listengine`` and ``webui`` has no cycle.

Imports inside functions and ``TYPE_CHECKING`` blocks count like any other: a deferred
import hides a cycle from Python, not from a reader. Each check is a function of source
text, and the last tests feed them bad examples to show that they catch what they should.
"""
from __future__ import annotations

import ast

from listengine.services import LAYERS
from tests.sourcecode import imports, package_sources

SERVICES = "listengine.services"
#: Packages that belong to the web layer, kept out of the engine and its data.
WEB = ("flask", "flask_login", "flask_wtf", "wtforms", "webui")
#: SQLAlchemy's statement constructors, which the web layer leaves to the services.
SQL = ("select", "update", "insert", "delete", "text")

ORDER = [module for _, modules in LAYERS for module in modules]


def graph(*packages: str) -> dict[str, set[str]]:
    """Module -> the modules of ``packages`` it imports."""
    sources = {name: text for package in packages
               for name, text in package_sources(package).items()}
    return {name: imports(name, text, sources) & sources.keys()
            for name, text in sources.items()}


def order_violations(edges: dict[str, set[str]], order: list[str]) -> list[str]:
    """Imports among ``listengine.services`` modules that point up the order, or involve a
    service module that the order does not place."""
    rank = {f"{SERVICES}.{module}": n for n, module in enumerate(order)}
    problems = []
    for module, targets in sorted(edges.items()):
        if not module.startswith(SERVICES + "."):
            continue
        if module not in rank:
            problems.append(f"{module} has no place in LAYERS")
            continue
        problems += [f"{module} imports {target}, which LAYERS puts after it"
                     for target in sorted(targets)
                     if target.startswith(SERVICES + ".") and rank.get(target, -1) >= rank[module]]
    return problems


def web_imports(name: str, source: str) -> set[str]:
    """The web-layer packages a module imports."""
    return {target for target in imports(name, source)
            if target.split(".")[0] in WEB}


def sql_construction(source: str) -> list[str]:
    """Calls that build SQL: ``select(...)`` and friends, by their SQLAlchemy name (however
    imported) or through the ``sqlalchemy`` module (``sa.update(...)``). ``dict.update`` or
    a widget's ``self.text`` are not SQLAlchemy's and do not count."""
    tree = ast.parse(source)
    constructors, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            constructors.update(alias.asname or alias.name for alias in node.names
                                if alias.name in SQL)
        elif isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name for alias in node.names
                           if alias.name.startswith("sqlalchemy"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in constructors:
            found.append(f"line {node.lineno}: {func.id}(")
        elif (isinstance(func, ast.Attribute) and func.attr in SQL
              and isinstance(func.value, ast.Name) and func.value.id in modules):
            found.append(f"line {node.lineno}: {func.value.id}.{func.attr}(")
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1 or node in edges.get(node, ()):
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_service_module_has_its_place_once():
    services = {name.rpartition(".")[2] for name in package_sources("listengine")
                if name.startswith(SERVICES + ".")}
    assert len(ORDER) == len(set(ORDER))
    assert set(ORDER) == services


def test_services_import_only_what_is_below_them():
    assert order_violations(graph("listengine"), ORDER) == []


def test_access_sits_below_user_administration():
    assert ORDER.index("access") < ORDER.index("users")


def test_the_engine_and_its_data_never_import_the_web_layer():
    offenders = {name: found
                 for package in ("listengine", "contenttypes")
                 for name, text in package_sources(package).items()
                 if (found := web_imports(name, text))}
    assert offenders == {}


def test_the_web_layer_builds_no_sql():
    offenders = {name: found for name, text in package_sources("webui").items()
                 if (found := sql_construction(text))}
    assert offenders == {}


def test_the_import_graph_has_no_cycle():
    assert cycles(graph("listengine", "webui")) == []


# The checks catch what they are meant to.

def test_an_import_up_the_order_is_caught():
    source = "from . import items\nfrom .access import Actor\n"
    edges = {f"{SERVICES}.columns": imports(f"{SERVICES}.columns", source,
                                            {f"{SERVICES}.items": "", f"{SERVICES}.access": ""})}
    assert order_violations(edges, ORDER) == [
        f"{SERVICES}.columns imports {SERVICES}.items, which LAYERS puts after it"]
    assert order_violations({f"{SERVICES}.newcomer": set()}, ORDER) == [
        f"{SERVICES}.newcomer has no place in LAYERS"]


def test_an_import_within_a_function_counts():
    source = "def later():\n    from . import users\n"
    assert imports(f"{SERVICES}.access", source, {f"{SERVICES}.users": ""}) == {
        f"{SERVICES}.users"}


def test_a_web_import_in_the_engine_is_caught():
    source = ("import flask\nfrom wtforms import Form\nfrom webui.routing import x\n"
              "import sqlalchemy\nfrom flask_login import current_user\n")
    assert web_imports("listengine.bad", source) == {"flask", "wtforms", "webui.routing",
                                                     "flask_login"}


def test_sql_built_in_the_web_layer_is_caught():
    source = ("import sqlalchemy as sa\nfrom sqlalchemy import select, text as raw\n"
              "def view(forms, session):\n"
              "    forms.update({})\n"
              "    session.execute(select(1))\n"
              "    session.execute(raw('DELETE FROM item'))\n"
              "    session.execute(sa.delete(Item))\n")
    assert sql_construction(source) == ["line 5: select(", "line 6: raw(", "line 7: sa.delete("]


def test_a_cycle_is_caught():
    sources = {"pkg": "", "pkg.a": "from . import b\n", "pkg.b": "def f():\n    from .c import x\n",
               "pkg.c": "from .a import y\n", "pkg.d": "from . import a\n"}
    edges = {name: imports(name, text, sources) & sources.keys()
             for name, text in sources.items()}
    assert cycles(edges) == [["pkg.a", "pkg.b", "pkg.c"]]
    assert cycles({"pkg.a": {"pkg.a"}}) == [["pkg.a"]]
