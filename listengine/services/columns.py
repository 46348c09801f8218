"""Columns: site columns, list columns, their settings, type changes and removal.

Every rule that touches stored values is explicit: a type change converts each value by
re-parsing its exported form with the new type and is refused as a whole if any value does
not convert; removing a column that holds values needs ``discard_values=True``.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..errors import ValidationError, collect, one_error
from ..fields import FieldError, ParseContext, SettingsError, UnknownFieldType, registry
from ..models import ContentType, Field, FieldLink, Item, ItemUniqueValue, List, Site
from ..permissions import Permission
from . import access, indexes
from .access import Actor
from .atomic import atomic
from .fetch import one_or_not_found
from .names import MAX_GROUP, check_internal_name, check_text, check_title

#: The attributes :func:`update_column` may change, with their checks.
_FLAGS = ("required", "unique", "indexed", "hidden")


def require_manage(session: Session, actor: Actor, field: Field) -> None:
    """Changing a column needs Manage Lists on its list, or on the site for a site column."""
    owner = session.get(List, field.list_id) if field.list_id else session.get(Site, field.site_id)
    access.require(session, actor, owner, Permission.ManageLists)


def _check_definition(session: Session, site: Site, *, type_key: str, title: str,
                      settings: dict | None, default: Any, description: str, group: str,
                      flags: dict[str, Any], lst: List | None = None) -> dict[str, Any]:
    """Validate everything about a column definition except its internal name."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    clean["title"] = collect(errors, lambda: check_title(title))
    try:
        field_type = registry.get(type_key)
    except UnknownFieldType as exc:
        raise ValidationError({**errors, "type_key": str(exc)}) from None
    clean["type_key"] = type_key
    try:
        clean["settings"] = field_type.validate_settings(settings)
    except SettingsError as exc:
        errors[f"settings.{exc.key}"] = exc.message
    for flag, value in flags.items():
        if not isinstance(value, bool):
            errors[flag] = "Must be true or false."
    if flags.get("unique") or flags.get("indexed"):
        if not field_type.indexable:
            errors["unique" if flags.get("unique") else "indexed"] = (
                f"{type_key} columns cannot be indexed or unique.")
    description = collect(errors, lambda: check_text(description, "description", multiline=True))
    group = collect(errors, lambda: check_text(group, "group", MAX_GROUP))
    if default not in (None, "", []) and "settings" in clean and not errors:
        probe = Field(id=0, site_id=site.id, list_id=lst.id if lst else None,
                      internal_name="default", title=clean["title"], type_key=type_key,
                      settings=clean["settings"], default_value=default)
        try:
            field_type.default(probe, ParseContext(session=session, site=site, list=lst))
        except FieldError as exc:
            errors["default"] = exc.message
    if errors:
        raise ValidationError(errors)
    # SharePoint: a unique column must be indexed.
    clean.update(flags, default_value=default if default not in ("", []) else None,
                 description=description, group_name=group)
    if flags.get("unique"):
        clean["indexed"] = True
    return clean


def _new_column(session: Session, site: Site, lst: List | None, *, internal_name: str,
                title: str, type_key: str, required: bool, unique: bool, indexed: bool,
                hidden: bool, description: str, default: Any, settings: dict | None,
                group: str) -> Field:
    check_internal_name(internal_name)
    taken = select(Field.id).where(Field.site_id == site.id, Field.internal_name == internal_name)
    taken = taken.where(Field.list_id == lst.id) if lst else taken.where(Field.list_id.is_(None))
    if session.scalar(taken):
        where = f"list '{lst.title}'" if lst else "this site"
        raise one_error("internal_name", f"A column named '{internal_name}' exists in {where}.")
    clean = _check_definition(
        session, site, type_key=type_key, title=title, settings=settings, default=default,
        description=description, group=group, lst=lst,
        flags={"required": required, "unique": unique, "indexed": indexed, "hidden": hidden})
    if lst is None and clean["unique"]:
        raise one_error("unique", "Only list columns can enforce unique values (SharePoint rule).")
    field = Field(site_id=site.id, list_id=lst.id if lst else None,
                  internal_name=internal_name, **clean)
    session.add(field)
    session.flush()
    if lst is not None and field.indexed:
        indexes.create_index(session, field)
    return field


@atomic
def create_site_column(session: Session, site: Site, *, actor: Actor, internal_name: str,
                       title: str,
                       type_key: str, required: bool = False, unique: bool = False,
                       indexed: bool = False, hidden: bool = False, description: str = "",
                       default: Any = None, settings: dict | None = None,
                       group: str = "") -> Field:
    access.require(session, actor, site, Permission.ManageLists)
    return _new_column(session, site, None, internal_name=internal_name, title=title,
                       type_key=type_key, required=required, unique=unique, indexed=indexed,
                       hidden=hidden, description=description, default=default,
                       settings=settings, group=group)


@atomic
def create_list_column(session: Session, lst: List, *, actor: Actor, internal_name: str,
                       title: str,
                       type_key: str, required: bool = False, unique: bool = False,
                       indexed: bool = False, hidden: bool = False, description: str = "",
                       default: Any = None, settings: dict | None = None, group: str = "",
                       add_to_content_types: bool = True) -> Field:
    """A column of one list; by default every content type of the list shows it."""
    access.require(session, actor, lst, Permission.ManageLists)
    field = _new_column(session, lst.site, lst, internal_name=internal_name, title=title,
                        type_key=type_key, required=required, unique=unique, indexed=indexed,
                        hidden=hidden, description=description, default=default,
                        settings=settings, group=group)
    if add_to_content_types:
        for ct in session.scalars(select(ContentType).where(ContentType.list_id == lst.id)):
            position = max((lk.position for lk in ct.links), default=-1) + 1
            ct.links.append(FieldLink(field=field, position=position))
        session.flush()
    return field


def _copy_to_list(session: Session, site_field: Field, lst: List) -> Field:
    """The list's copy of a site column, created on first use (SharePoint's list field).

    Content type services call this after checking Manage Lists on ``lst``."""
    if site_field.list_id is not None:
        if site_field.list_id != lst.id:
            raise one_error("field", f"'{site_field.internal_name}' belongs to another list.")
        return site_field
    existing = session.scalar(select(Field).where(Field.list_id == lst.id,
                                                  Field.internal_name == site_field.internal_name))
    if existing is not None:
        if existing.source_field_id != site_field.id:
            raise one_error("internal_name", f"List '{lst.title}' already has its own column "
                                             f"named '{site_field.internal_name}'.")
        return existing
    copy = Field(site_id=lst.site_id, list_id=lst.id, source_field_id=site_field.id,
                 internal_name=site_field.internal_name, title=site_field.title,
                 type_key=site_field.type_key, required=site_field.required, unique=False,
                 indexed=site_field.indexed, hidden=site_field.hidden,
                 description=site_field.description, group_name=site_field.group_name,
                 default_value=site_field.default_value, settings=dict(site_field.settings))
    session.add(copy)
    session.flush()
    if copy.indexed:
        indexes.create_index(session, copy)
    return copy


def get_list_column(session: Session, lst: List, internal_name: str) -> Field:
    return one_or_not_found(
        session, select(Field).where(Field.list_id == lst.id, Field.internal_name == internal_name),
        f"List '{lst.title}' has no column '{internal_name}'.")


def list_site_columns(session: Session, site: Site) -> list[Field]:
    return list(session.scalars(select(Field).where(Field.site_id == site.id,
                                                    Field.list_id.is_(None)).order_by(Field.id)))


def get_site_column(session: Session, site: Site, internal_name: str) -> Field:
    return one_or_not_found(
        session, select(Field).where(Field.site_id == site.id, Field.list_id.is_(None),
                                     Field.internal_name == internal_name),
        f"This site has no column '{internal_name}'.")


@atomic
def update_column(session: Session, field: Field, *, actor: Actor, push_down: bool = False,
                  **changes: Any) -> Field:
    """Change a column's title, description, group, flags, default, settings or type.

    ``push_down`` applies the same changes to the list copies of a site column.
    """
    require_manage(session, actor, field)
    allowed = {"title", "description", "group", "default", "settings", "type_key", *_FLAGS}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise one_error(unknown[0], "This column property cannot be changed.")
    site = session.get(Site, field.site_id)
    lst = session.get(List, field.list_id) if field.list_id else None
    current = {"title": field.title, "description": field.description, "group": field.group_name,
               "default": field.default_value, "settings": field.settings,
               "type_key": field.type_key, **{f: getattr(field, f) for f in _FLAGS}}
    if "type_key" in changes and changes["type_key"] != field.type_key and "settings" not in changes:
        changes["settings"] = {}  # the old type's settings mean nothing to the new type
    wanted = {**current, **changes}
    clean = _check_definition(session, site, type_key=wanted["type_key"], title=wanted["title"],
                              settings=wanted["settings"], default=wanted["default"],
                              description=wanted["description"], group=wanted["group"],
                              flags={f: wanted[f] for f in _FLAGS}, lst=lst)
    if lst is None and clean["unique"]:
        raise one_error("unique", "Only list columns can enforce unique values (SharePoint rule).")
    if clean["type_key"] != field.type_key:
        _change_type(session, field, lst, clean)
    was_indexed, was_unique = field.indexed, field.unique
    if lst is not None and was_indexed and (not clean["indexed"] or clean["type_key"] != field.type_key):
        indexes.drop_index(session, field)
    for name, value in clean.items():
        setattr(field, name, value)
    session.flush()
    if lst is not None:
        if field.indexed and (not was_indexed or "type_key" in changes):
            indexes.create_index(session, field)
        if field.unique and not was_unique:
            _claim_existing_values(session, field)
        elif was_unique and not field.unique:
            session.execute(delete(ItemUniqueValue).where(ItemUniqueValue.field_id == field.id))
    if push_down and lst is None:
        for copy in session.scalars(select(Field).where(Field.source_field_id == field.id)).all():
            update_column(session, copy, actor=actor,
                          **{k: v for k, v in changes.items() if k != "unique"})
    return field


def _items_holding(session: Session, field: Field) -> list[Item]:
    """The list's items that hold a value of ``field``, wherever its type keeps it."""
    return list(session.scalars(select(Item).where(
        Item.list_id == field.list_id, registry.get(field.type_key).holding(field))
        .order_by(Item.item_no)))


def _change_type(session: Session, field: Field, lst: List | None, clean: dict) -> None:
    """Convert every stored value to the new type, or refuse the change as a whole."""
    old_type, new_type = registry.get(field.type_key), registry.get(clean["type_key"])
    if not (old_type.convertible and new_type.convertible):
        raise one_error("type_key", f"Values of a {field.type_key} column cannot be converted "
                                    f"to {clean['type_key']}.")
    if lst is None:
        if session.scalar(select(func.count()).where(Field.source_field_id == field.id)):
            raise one_error("type_key", "Lists use this site column; change their list columns "
                                        "first.")
        return
    target = Field(id=field.id, site_id=field.site_id, list_id=field.list_id,
                   internal_name=field.internal_name, title=clean["title"],
                   type_key=clean["type_key"], settings=clean["settings"])
    holders = _items_holding(session, field)
    converted, failures = {}, []
    for item in holders:
        old_value = old_type.from_json(field, item.values.get(field.storage_key))
        ctx = ParseContext(session=session, site=lst.site, list=lst, item=item)
        try:
            new_value = new_type.parse(target, old_type.export(field, old_value), ctx)
        except FieldError as exc:
            failures.append(f"ID {item.item_no}: {exc.message}")
            continue
        converted[item.id] = new_value
    if failures:
        shown = "; ".join(failures[:3]) + (f" (and {len(failures) - 3} more)" if len(failures) > 3 else "")
        raise one_error("type_key", f"Cannot change '{field.title}' to {clean['type_key']}: "
                                    f"{len(failures)} item(s) hold values that do not convert. {shown}")
    old_type.remove_side_rows(session, field)
    for item in holders:
        values = dict(item.values)
        new_type.write_value(target, values, converted[item.id])
        item.values = values
    session.flush()
    if holders:
        new_type.after_rows_updated(session, target,
                                    [(item, converted[item.id]) for item in holders])


def _claim_existing_values(session: Session, field: Field) -> None:
    """Turning ``unique`` on: refuse if values repeat, else record every claim."""
    field_type = registry.get(field.type_key)
    seen: dict[str, int] = {}
    for item in _items_holding(session, field):
        key = field_type.unique_key(field, field_type.from_json(field, item.values[field.storage_key]))
        if key in seen:
            raise one_error("unique", f"Items {seen[key]} and {item.item_no} hold the same value; "
                                      "make them differ first.")
        seen[key] = item.item_no
        session.add(ItemUniqueValue(field_id=field.id, value_key=key, item_id=item.id))
    session.flush()


@atomic
def delete_column(session: Session, field: Field, *, actor: Actor,
                  discard_values: bool = False) -> None:
    """Delete a column. One that holds values needs ``discard_values=True``."""
    require_manage(session, actor, field)
    if field.list_id is None:
        users = session.scalars(select(ContentType.name).join(FieldLink).where(
            FieldLink.field_id == field.id, FieldLink.removed.is_(False))).all()
        if users:
            raise one_error("internal_name", f"Content types use '{field.internal_name}': "
                                             f"{', '.join(sorted(users))}. Remove it from them first.")
        session.delete(field)
        session.flush()
        return
    holders = _items_holding(session, field)
    if holders and not discard_values:
        raise one_error("internal_name", f"'{field.title}' holds values in {len(holders)} item(s); "
                                         "delete it with discard_values=True to drop them.")
    field_type = registry.get(field.type_key)
    for item in holders:
        values = dict(item.values)
        field_type.write_value(field, values, None)
        item.values = values
    if field.indexed:
        indexes.drop_index(session, field)
    for link in session.scalars(select(FieldLink).where(FieldLink.field_id == field.id)).all():
        link.content_type.links.remove(link)
    session.delete(field)
    session.flush()
