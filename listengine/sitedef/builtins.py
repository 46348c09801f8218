"""The built-in content types and list templates (``contenttypes/``), checked by this loader.

The data files are the site-definition format plus each content type's SharePoint ID and each
template's number, so they are checked exactly as a site's file is: they are put together
into one definition - the columns, the content types (Item's parent is SharePoint's System
root, which every check treats as an existing type without columns) and one list per
template - and parsed and validated by :mod:`.parse` and :mod:`.validate`. The IDs are checked
here: unique, and each one its parent's ID plus two hex digits, as SharePoint's built-ins
are. An error names the file and the key (``list_templates.yaml: list_templates[5].list
.view_fields[2]: ...``).
"""
from __future__ import annotations

import re
from typing import Any, Callable, TypeVar

import contenttypes

from ..errors import SchemaError
from .model import SiteDefinition
from .parse import mapping, parse_definition, sequence, whole_number
from .validate import Existing, validate

#: A built-in's ID: its parent's plus two hex digits ("0x01" + "08" for Task).
_BUILTIN_ID = re.compile(r"^0x([0-9A-F]{2})+$")
T = TypeVar("T")


def check_builtins() -> SiteDefinition:
    """Validate both data files; the definition they make (for tests and tools)."""
    types = contenttypes.read(contenttypes.CONTENT_TYPES_FILE)
    templates = contenttypes.read(contenttypes.LIST_TEMPLATES_FILE)
    types_name = contenttypes.CONTENT_TYPES_FILE.name
    templates_name = contenttypes.LIST_TEMPLATES_FILE.name
    top = _in_file(types_name, lambda: mapping(types, "", ("columns", "content_types"), ()))
    _in_file(types_name, lambda: _check_ids(sequence(top["content_types"], "content_types")))
    entries = _in_file(templates_name, lambda: _check_templates(templates))
    document = {
        "site": {"slug": "builtins", "title": "Built-in content types"},
        "columns": top["columns"],
        "content_types": [{k: v for k, v in raw.items() if k != "id"}
                          for raw in top["content_types"]],
        "lists": [entry["list"] for entry in entries],
    }
    try:
        defn = parse_definition(document)
        validate(defn, Existing(content_types={contenttypes.SYSTEM: []}))
    except SchemaError as exc:
        raise _located(exc, types_name, templates_name) from None
    return defn


def _in_file(name: str, check: Callable[[], T]) -> T:
    """``check()``, with the file's name put before the key of any error."""
    try:
        return check()
    except SchemaError as exc:
        raise SchemaError(f"{name}: {exc.path}", exc.message) from None


def _located(exc: SchemaError, types_name: str, templates_name: str) -> SchemaError:
    """Put a loader error back where the key is: a template's list, or the types file."""
    found = re.match(r"^lists\[(\d+)\](.*)$", exc.path)
    if found:
        return SchemaError(f"{templates_name}: list_templates[{found[1]}].list{found[2]}",
                           exc.message)
    return SchemaError(f"{types_name}: {exc.path}", exc.message)


def _check_ids(raws: list[Any]) -> None:
    """Each content type's ``id``: SharePoint's built-in form, unique, under its parent's."""
    ids: dict[str, str] = {contenttypes.SYSTEM: "0x"}
    for i, raw in enumerate(raws):
        path = f"content_types[{i}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise SchemaError(f"{path}.id", "give the content type's SharePoint ID as text")
        ct_id, parent = raw["id"], raw.get("parent")
        if not _BUILTIN_ID.match(ct_id) or ct_id in ids.values():
            raise SchemaError(f"{path}.id", f"{ct_id!r} is not a new built-in content type ID")
        if parent not in ids or ct_id[:-2] != ids[parent]:
            raise SchemaError(f"{path}.id", f"{ct_id!r} is not its parent {parent!r}'s ID plus "
                                            "two hex digits (give parents first)")
        ids[raw.get("name")] = ct_id


def _check_templates(raw: Any) -> list[dict[str, Any]]:
    """Each template's shape and number (unique); its ``list`` is the loader's."""
    top = mapping(raw, "", ("list_templates",), ())
    entries = sequence(top["list_templates"], "list_templates")
    numbers: set[int] = set()
    for i, entry in enumerate(entries):
        path = f"list_templates[{i}]"
        mapping(entry, path, ("id", "name", "list"), ())
        number = whole_number(entry["id"], f"{path}.id")
        if number in numbers:
            raise SchemaError(f"{path}.id", f"duplicate template number {number}")
        numbers.add(number)
    return entries
