"""Reading a site definition file into :mod:`listengine.sitedef.model` dataclasses.

This step checks the *shape* of the file - known keys, required keys, value types - and names
the offending key in every error. What the values mean (type names, settings, references
between objects) is checked afterwards by :mod:`listengine.sitedef.validate`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import yaml

from ..errors import SchemaError
from .model import (
    OVERRIDABLE,
    ColumnOverride,
    ColumnDefinition,
    ContentTypeSpec,
    ItemSpec,
    LinkSpec,
    ListSpec,
    SiteDefinition,
    SiteSpec,
)


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text and refuses a key given twice.

    Dates stay strings so that the column type, which knows the site's time zone, parses
    them - exactly as it would the same value from JSON or a form. A repeated key would
    otherwise silently win over the first one.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_document(path: str | Path) -> Any:
    """Load a YAML or JSON file (by extension) into plain Python data."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise SchemaError("", f"{path.name} is not valid {path.suffix.lstrip('.').upper()}: "
                              f"{exc}") from None


# -- shape checks --------------------------------------------------------------------------
def mapping(raw: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...]) -> dict:
    """Check that ``raw`` is a mapping with all ``required`` and only known keys."""
    if not isinstance(raw, dict):
        raise SchemaError(path, "must be a mapping")
    known = required + optional
    for key in raw:
        if key not in known:
            raise SchemaError(join(path, str(key)),
                              f"unknown key (known: {', '.join(known)})")
    for key in required:
        if key not in raw:
            raise SchemaError(join(path, key), "missing required key")
    return raw


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def text(raw: Any, path: str, *, allow_empty: bool = False) -> str:
    if not isinstance(raw, str):
        raise SchemaError(path, "must be text")
    if not allow_empty and not raw.strip():
        raise SchemaError(path, "must not be empty")
    return raw


def flag(raw: Any, path: str) -> bool:
    if not isinstance(raw, bool):
        raise SchemaError(path, "must be true or false")
    return raw


def whole_number(raw: Any, path: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise SchemaError(path, "must be a whole number")
    return raw


def sequence(raw: Any, path: str) -> list:
    if not isinstance(raw, list):
        raise SchemaError(path, "must be a list")
    return raw


def _optional(raw: dict, key: str, path: str, check: Callable[[Any, str], Any], default: Any):
    return check(raw[key], join(path, key)) if key in raw and raw[key] is not None else default


def _description(raw: dict, path: str) -> str:
    return _optional(raw, "description", path, lambda v, p: text(v, p, allow_empty=True), "")


# -- objects -------------------------------------------------------------------------------
def parse_definition(raw: Any) -> SiteDefinition:
    """Turn loaded data into a :class:`SiteDefinition`; raise SchemaError naming the key."""
    top = mapping(raw, "", ("site",), ("columns", "content_types", "lists"))
    return SiteDefinition(
        site=_site(top["site"], "site"),
        columns=[_column(c, f"columns[{i}]")
                 for i, c in enumerate(_optional(top, "columns", "", sequence, []))],
        content_types=[_content_type(c, f"content_types[{i}]")
                       for i, c in enumerate(_optional(top, "content_types", "", sequence, []))],
        lists=[_list(c, f"lists[{i}]")
               for i, c in enumerate(_optional(top, "lists", "", sequence, []))],
    )


def _site(raw: Any, path: str) -> SiteSpec:
    raw = mapping(raw, path, ("slug", "title"), ("time_zone", "description"))
    return SiteSpec(
        slug=text(raw["slug"], join(path, "slug")),
        title=text(raw["title"], join(path, "title")),
        time_zone=_optional(raw, "time_zone", path, text, SiteSpec.time_zone),
        description=_description(raw, path),
        path=path,
    )


_COLUMN_FLAGS = ("required", "unique", "indexed", "hidden")


def _column(raw: Any, path: str) -> ColumnDefinition:
    raw = mapping(raw, path, ("internal_name", "title", "type"),
                  _COLUMN_FLAGS + ("description", "default", "group", "settings"))
    return ColumnDefinition(
        path=path,
        internal_name=text(raw["internal_name"], join(path, "internal_name")),
        title=text(raw["title"], join(path, "title")),
        type_key=text(raw["type"], join(path, "type")),
        **{name: _optional(raw, name, path, flag, False) for name in _COLUMN_FLAGS},
        description=_description(raw, path),
        default=raw.get("default"),
        group=_optional(raw, "group", path, lambda v, p: text(v, p, allow_empty=True), ""),
        settings=_optional(raw, "settings", path, _settings, {}),
    )


def _settings(raw: Any, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise SchemaError(path, "must be a mapping")
    return dict(raw)


def _content_type(raw: Any, path: str) -> ContentTypeSpec:
    raw = mapping(raw, path, ("name", "parent"), ("description", "group", "columns"))
    links = _optional(raw, "columns", path, sequence, [])
    return ContentTypeSpec(
        path=path,
        name=text(raw["name"], join(path, "name")),
        parent=text(raw["parent"], join(path, "parent")),
        description=_description(raw, path),
        group=_optional(raw, "group", path, lambda v, p: text(v, p, allow_empty=True), ""),
        columns=[_link(link, f"{path}.columns[{i}]") for i, link in enumerate(links)],
    )


def _link(raw: Any, path: str) -> LinkSpec:
    if isinstance(raw, str):
        return LinkSpec(path=path, name=text(raw, path))
    raw = mapping(raw, path, ("name",), ("required", "hidden"))
    return LinkSpec(path=path, name=text(raw["name"], join(path, "name")),
                    required=_optional(raw, "required", path, flag, None),
                    hidden=_optional(raw, "hidden", path, flag, None))


def _list(raw: Any, path: str) -> ListSpec:
    raw = mapping(raw, path, ("title", "url_name"),
                  ("description", "content_types", "columns", "column_settings", "view_fields",
                   "page_size", "items"))
    cts = _optional(raw, "content_types", path, sequence, [])
    columns = _optional(raw, "columns", path, sequence, [])
    view_fields = _optional(raw, "view_fields", path, sequence, None)
    items = _optional(raw, "items", path, sequence, [])
    return ListSpec(
        path=path,
        title=text(raw["title"], join(path, "title")),
        url_name=text(raw["url_name"], join(path, "url_name")),
        description=_description(raw, path),
        content_types=[text(c, f"{path}.content_types[{i}]") for i, c in enumerate(cts)],
        columns=[_column(c, f"{path}.columns[{i}]") for i, c in enumerate(columns)],
        column_settings=[_override(name, value, f"{path}.column_settings.{name}")
                         for name, value in _optional(raw, "column_settings", path,
                                                      _settings, {}).items()],
        view_fields=(None if view_fields is None else
                     [text(v, f"{path}.view_fields[{i}]") for i, v in enumerate(view_fields)]),
        page_size=_optional(raw, "page_size", path, whole_number, None),
        items=[_item(item, f"{path}.items[{i}]") for i, item in enumerate(items)],
    )


def _override(name: Any, raw: Any, path: str) -> ColumnOverride:
    raw = mapping(raw, path, (), OVERRIDABLE)
    checks: dict[str, Callable[[Any, str], Any]] = {
        "title": text, "description": lambda v, p: text(v, p, allow_empty=True),
        "required": flag, "hidden": flag, "indexed": flag, "settings": _settings,
    }
    changes = {key: checks[key](value, join(path, key)) if key in checks else value
               for key, value in raw.items()}
    return ColumnOverride(path=path, name=text(name, path), changes=changes)


def _item(raw: Any, path: str) -> ItemSpec:
    if not isinstance(raw, dict) or not raw:
        raise SchemaError(path, "must be a mapping of column internal names to values")
    for key in raw:
        text(key, join(path, str(key)))
    return ItemSpec(path=path, values=dict(raw))
