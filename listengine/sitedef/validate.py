"""Checking what a parsed site definition means, before anything is written.

Type names and settings are checked by the field types themselves (the registry and
``FieldType.validate_settings``); references between objects - a content type's parent and
columns, a list's content types, a lookup's target list - are checked against the file and
against what already exists on the site (:class:`Existing`, read from the database or, for a
new site, the built-ins it will get). The result is the order in which to create things.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Union

from contenttypes import DEFAULT_CONTENT_TYPE

from ..errors import SchemaError, ValidationError
from ..fields import SettingsError, registry
from ..services.names import check_internal_name, check_url_name
from ..services.sites import check_time_zone
from .model import (
    ColumnDefinition,
    ContentTypeSpec,
    ListSpec,
    SiteDefinition,
)
from .parse import join

Node = Union[ColumnDefinition, ContentTypeSpec, ListSpec]


@dataclass
class Existing:
    """What the site already has (or, for a new site, will have as built-ins).

    ``columns`` maps a site column's internal name to ``(type_key, settings)``;
    ``content_types`` maps a site content type's name and ct id to its effective column
    names; ``builtin_columns`` may not be redefined by a file.
    """

    columns: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    content_types: dict[str, list[str]] = field(default_factory=dict)
    lists: set[str] = field(default_factory=set)
    builtin_columns: set[str] = field(default_factory=set)


def validate(defn: SiteDefinition, existing: Existing) -> list[Node]:
    """Check the whole definition; return site columns, content types and lists in the order
    they must be created (a lookup's target list before the lookup column)."""
    _check_site(defn)
    list_names = _check_list_names(defn) | existing.lists
    site_columns = _check_site_columns(defn, existing, list_names)
    ct_columns = _check_content_types(defn, existing, site_columns)
    for spec in defn.lists:
        _check_list(spec, list_names, site_columns, ct_columns)
    return creation_order(defn)


def _service_check(check: Callable[[], Any], path: str) -> None:
    """Run one of the services' own name checks, reporting its message at ``path``."""
    try:
        check()
    except ValidationError as exc:
        raise SchemaError(path, " ".join(exc.errors.values())) from None


def _check_site(defn: SiteDefinition) -> None:
    site = defn.site
    _service_check(lambda: check_url_name(site.slug, "slug"), join(site.path, "slug"))
    _service_check(lambda: check_time_zone(site.time_zone), join(site.path, "time_zone"))


def _check_list_names(defn: SiteDefinition) -> set[str]:
    url_names: set[str] = set()
    titles: set[str] = set()
    for spec in defn.lists:
        _service_check(lambda: check_url_name(spec.url_name), join(spec.path, "url_name"))
        if spec.url_name in url_names:
            raise SchemaError(join(spec.path, "url_name"), f"duplicate list {spec.url_name!r}")
        if spec.title.casefold() in titles:
            raise SchemaError(join(spec.path, "title"), f"duplicate list title {spec.title!r}")
        url_names.add(spec.url_name)
        titles.add(spec.title.casefold())
    return url_names


# -- columns -------------------------------------------------------------------------------
def check_column(spec: ColumnDefinition, list_names: set[str]) -> dict[str, Any]:
    """Check one column's name, type and settings; return its normalised settings (with list
    references left as written)."""
    _service_check(lambda: check_internal_name(spec.internal_name),
                   join(spec.path, "internal_name"))
    if spec.type_key not in registry:
        raise SchemaError(join(spec.path, "type"), f"unknown type {spec.type_key!r} "
                                                   f"(known: {', '.join(sorted(registry.keys()))})")
    for key, target in spec.target_lists().items():
        if target not in list_names:
            raise SchemaError(join(spec.path, f"settings.{key}"),
                              f"unknown list {target!r} (give a list's url_name or \"self\")")
    return checked_settings(spec.type_key, spec.settings, join(spec.path, "settings"))


#: A list id standing in for each list a file names by url_name, which has no id yet: the
#: type's settings checks see a well-formed reference.
_STAND_IN_LIST_ID = 1


def checked_settings(type_key: str, settings: dict[str, Any], path: str) -> dict[str, Any]:
    """``validate_settings`` with list names standing in for list ids, errors as SchemaError."""
    field_type = registry.get(type_key)
    stand_in = field_type.resolve_lists(settings, lambda _name: _STAND_IN_LIST_ID)
    try:
        return field_type.validate_settings(stand_in)
    except SettingsError as exc:
        raise SchemaError(join(path, exc.key), exc.message) from None


def _check_site_columns(defn: SiteDefinition, existing: Existing,
                        list_names: set[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Return every site column the site will have: name -> (type_key, settings)."""
    columns = dict(existing.columns)
    defined: set[str] = set()
    for spec in defn.columns:
        name_path = join(spec.path, "internal_name")
        if spec.internal_name in existing.builtin_columns:
            raise SchemaError(name_path, f"{spec.internal_name!r} is a built-in column; "
                                         "use it without redefining it")
        if spec.internal_name in defined:
            raise SchemaError(name_path, f"duplicate internal name {spec.internal_name!r}")
        defined.add(spec.internal_name)
        columns[spec.internal_name] = (spec.type_key, check_column(spec, list_names))
    return columns


# -- content types -------------------------------------------------------------------------
def _check_content_types(defn: SiteDefinition, existing: Existing,
                         site_columns: dict[str, tuple[str, dict[str, Any]]]
                         ) -> dict[str, list[str]]:
    """Return every content type's effective column names (existing ones included)."""
    by_name = {spec.name: spec for spec in defn.content_types}
    seen: set[str] = set()
    for spec in defn.content_types:
        if spec.name in seen:
            raise SchemaError(join(spec.path, "name"), f"duplicate content type {spec.name!r}")
        seen.add(spec.name)
        if spec.parent not in by_name and spec.parent not in existing.content_types:
            raise SchemaError(join(spec.path, "parent"),
                              f"unknown content type {spec.parent!r}")
        names: set[str] = set()
        for link in spec.columns:
            if link.name not in site_columns:
                raise SchemaError(link.path, f"unknown site column {link.name!r}")
            if link.name in names:
                raise SchemaError(link.path, f"column {link.name!r} is listed twice")
            names.add(link.name)
    result = dict(existing.content_types)
    for spec in defn.content_types:
        result[spec.name] = _effective(spec, by_name, existing, [])
    return result


def _effective(spec: ContentTypeSpec, by_name: dict[str, ContentTypeSpec], existing: Existing,
               chain: list[str]) -> list[str]:
    if spec.name in chain:
        raise SchemaError(join(spec.path, "parent"),
                          "circular parents: " + " -> ".join(chain + [spec.name]))
    parent = by_name.get(spec.parent)
    inherited = (_effective(parent, by_name, existing, chain + [spec.name]) if parent
                 else existing.content_types[spec.parent])
    return inherited + [link.name for link in spec.columns if link.name not in inherited]


# -- lists ---------------------------------------------------------------------------------
def _check_list(spec: ListSpec, list_names: set[str],
                site_columns: dict[str, tuple[str, dict[str, Any]]],
                ct_columns: dict[str, list[str]]) -> None:
    cts = spec.content_types or [DEFAULT_CONTENT_TYPE]
    columns: dict[str, tuple[str, dict[str, Any]]] = {}
    for i, name in enumerate(spec.content_types):
        if name not in ct_columns:
            raise SchemaError(f"{spec.path}.content_types[{i}]", f"unknown content type {name!r}")
    for name in cts:
        for column in ct_columns.get(name, []):
            columns[column] = site_columns.get(column, ("", {}))
    for column in spec.columns:
        if column.internal_name in columns:
            raise SchemaError(join(column.path, "internal_name"),
                              f"duplicate internal name {column.internal_name!r} "
                              "(the list already has this column)")
        columns[column.internal_name] = (column.type_key, check_column(column, list_names))
    for override in spec.column_settings:
        if override.name not in columns:
            raise SchemaError(override.path, f"the list has no column {override.name!r}")
        type_key, settings = columns[override.name]
        if "settings" in override.changes and type_key:
            checked_settings(type_key, {**settings, **override.changes["settings"]},
                             join(override.path, "settings"))
    for i, name in enumerate(spec.view_fields or []):
        if name not in columns:
            raise SchemaError(f"{spec.path}.view_fields[{i}]", f"the list has no column {name!r}")
    if spec.page_size is not None and not 1 <= spec.page_size <= 500:
        raise SchemaError(join(spec.path, "page_size"), "must be between 1 and 500")
    for item in spec.items:
        for name in item.values:
            if name not in columns:
                raise SchemaError(join(item.path, name), f"the list has no column {name!r}")


# -- order ---------------------------------------------------------------------------------
def creation_order(defn: SiteDefinition) -> list[Node]:
    """Site columns, content types and lists, each after what it needs.

    A site column cannot point at a list that does not exist yet, so a Lookup site column
    waits for its target list, a content type for its parent and columns, and a list for its
    content types and for the lists its own lookup columns target. The file's order is kept
    wherever the dependencies allow; a cycle is an error.
    """
    columns = {spec.internal_name: spec for spec in defn.columns}
    cts = {spec.name: spec for spec in defn.content_types}
    lists = {spec.url_name: spec for spec in defn.lists}

    def needs(node: Node) -> list[Node]:
        if isinstance(node, ColumnDefinition):
            return [lists[name] for name in node.target_lists().values() if name in lists]
        if isinstance(node, ContentTypeSpec):
            parent = [cts[node.parent]] if node.parent in cts else []
            return parent + [columns[link.name] for link in node.columns if link.name in columns]
        return ([cts[name] for name in node.content_types if name in cts]
                + [lists[target] for column in node.columns
                   for target in column.target_lists().values()
                   if target in lists and target != node.url_name])

    ordered: list[Node] = []
    done: set[int] = set()

    def visit(node: Node, chain: list[Node]) -> None:
        if id(node) in done:
            return
        if any(node is other for other in chain):
            cycle = chain[next(i for i, other in enumerate(chain) if other is node):]
            raise SchemaError(node.path, "circular dependency: "
                              + " -> ".join(other.path for other in cycle + [node]))
        for dependency in needs(node):
            visit(dependency, chain + [node])
        done.add(id(node))
        ordered.append(node)

    for node in [*defn.columns, *defn.content_types, *defn.lists]:
        visit(node, [])
    return ordered
