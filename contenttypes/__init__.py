"""SharePoint's built-in content types, list templates and display templates, as data files.

``content_types.yaml`` holds the built-in site columns and content types (Item ``0x01``,
Folder, Event, Issue, Announcement, Link, Contact, Task) and ``list_templates.yaml`` the list
templates (Custom List 100 ... Issue Tracking 1100), both in the site-definition format, so
the site-definition loader validates them (``listengine.sitedef.builtins``). This module only
reads them into the plain dictionaries the services take; it imports nothing of the engine, so
the lowest service layer can use it.

A new site starts with :data:`BUILTIN_CONTENT_TYPES` (Item and its Title column); the other
built-ins are provisioned when a list template first needs them
(``listengine.services.templates``), so a site's own columns of the same names stay its own.

``templates/`` holds display templates named by content type ID; :func:`display_template`
picks the one with the longest ID prefix, so a type without its own falls back to its
nearest ancestor's, and finally to the generic display form of Item (``0x01.html``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DIRECTORY = Path(__file__).resolve().parent
CONTENT_TYPES_FILE = DIRECTORY / "content_types.yaml"
LIST_TEMPLATES_FILE = DIRECTORY / "list_templates.yaml"
TEMPLATES_DIR = DIRECTORY / "templates"

#: The content type a list gets when it is created without any.
DEFAULT_CONTENT_TYPE = "0x01"
#: SharePoint's root content type (``0x``): Item's parent in the data, never stored.
SYSTEM = "System"
#: The generic display form every content type falls back to.
GENERIC_DISPLAY_TEMPLATE = f"{DEFAULT_CONTENT_TYPE}.html"


def read(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def _column(raw: dict[str, Any]) -> dict[str, Any]:
    """A column of the file as ``columns.create_site_column`` takes it."""
    column = {key: value for key, value in raw.items() if key != "type"}
    column["type_key"] = raw["type"]
    return column


def _content_type(raw: dict[str, Any]) -> dict[str, Any]:
    """A content type of the file as ``content_types.create_content_type`` takes it, plus its
    parent's name (None for Item) and its column names."""
    return {"ct_id": raw["id"], "name": raw["name"],
            "parent": None if raw["parent"] == SYSTEM else raw["parent"],
            "description": raw.get("description", ""), "group": raw.get("group", ""),
            "columns": list(raw.get("columns", []))}


_document = read(CONTENT_TYPES_FILE)
#: Every built-in site column by internal name.
COLUMNS: dict[str, dict[str, Any]] = {c["internal_name"]: _column(c)
                                      for c in _document["columns"]}
#: Every built-in content type by name, parents before children.
CONTENT_TYPES: dict[str, dict[str, Any]] = {c["name"]: _content_type(c)
                                            for c in _document["content_types"]}
#: Every list template: ``{"id", "name", "list": <a site-definition list>}``.
LIST_TEMPLATES: list[dict[str, Any]] = read(LIST_TEMPLATES_FILE)["list_templates"]

#: Content types every site starts with, parents before children.
BUILTIN_CONTENT_TYPES: list[dict[str, Any]] = [CONTENT_TYPES["Item"]]
#: Site columns every site starts with (those of :data:`BUILTIN_CONTENT_TYPES`).
BUILTIN_COLUMNS: list[dict[str, Any]] = [COLUMNS[name] for ct in BUILTIN_CONTENT_TYPES
                                         for name in ct["columns"]]

#: Content type IDs that have a display template of their own.
DISPLAY_TEMPLATES = frozenset(path.stem for path in TEMPLATES_DIR.glob("0x*.html"))


def display_template(ct_id: str, available: frozenset[str] = DISPLAY_TEMPLATES) -> str:
    """The display template of an item of ``ct_id``: the longest matching ID prefix among
    the ``available`` template names (file stems).

    Content type IDs are materialised paths (a child's ID starts with its parent's), so the
    longest prefix that has a template is the nearest ancestor that has one.
    """
    matches = [stem for stem in available if ct_id.upper().startswith(stem.upper())]
    return f"{max(matches, key=len)}.html" if matches else GENERIC_DISPLAY_TEMPLATE
