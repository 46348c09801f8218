"""Items: create, read, update, delete, page through, count reads.

Every write follows one path: resolve the content type, parse and validate every given value
(collecting all field errors), check required and unique columns, and only then write the
item row, the unique-value claims and whatever each column's type keeps beside the item
(its storage hooks: lookup links, counters) - inside a SAVEPOINT, so a failure leaves
nothing behind even inside a larger transaction. This module knows no field type: it loops
over the columns and asks each one's type.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import AccessDenied, Conflict, NotFound, ValidationError, one_error
from ..fields import CASCADE, RESTRICT, FieldError, ParseContext, registry
from ..models import (
    FIRST_UI_VERSION,
    MAX_ID,
    ContentType,
    Field,
    Item,
    ItemUniqueValue,
    List,
    Site,
    utcnow,
)
from ..permissions import Permission
from ..storage import BlobStore
from . import access, links, sharing
from .access import Actor
from .atomic import atomic
from .content_types import EffectiveColumn, effective_columns, list_content_types
from .fetch import one_or_not_found
from .lists import get_list
from .sites import get_site

REQUIRED_MESSAGE = "You can't leave this blank."


@dataclass(frozen=True)
class ItemPage:
    items: list[Item]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def _content_type(session: Session, lst: List, wanted: ContentType | str | None) -> ContentType:
    cts = list_content_types(session, lst)
    if wanted is None:
        return cts[0]
    for ct in cts:
        if ct is wanted or wanted in (ct.ct_id, ct.name):
            return ct
    name = wanted.name if isinstance(wanted, ContentType) else wanted
    raise one_error("content_type", f"List '{lst.title}' has no content type '{name}'.")


def _parse(session: Session, actor: Actor, lst: List, item: Item | None,
           columns: list[EffectiveColumn], raw_values: Mapping[str, Any],
           files: BlobStore | None) -> dict[int, Any]:
    """Parse the given values (and defaults on create); raise every field error at once."""
    by_name = {c.internal_name: c for c in columns}
    errors = {name: "This content type has no such column." for name in raw_values
              if name not in by_name}
    ctx = ParseContext(session=session, site=lst.site, list=lst, item=item, files=files,
                       visible=lambda list_id: access.visible_items(
                           session, actor, session.get(List, list_id)))
    parsed: dict[int, Any] = {}
    for column in columns:
        field, field_type = column.field, registry.get(column.field.type_key)
        try:
            if column.internal_name in raw_values:
                parsed[field.id] = field_type.parse(field, raw_values[column.internal_name], ctx)
            elif item is None and not field_type.read_only:
                parsed[field.id] = field_type.default(field, ctx)
        except FieldError as exc:
            errors[column.internal_name] = exc.message
    for column in columns:
        field_type = registry.get(column.field.type_key)
        if not column.required or field_type.read_only or column.internal_name in errors:
            continue
        if column.field.id in parsed:
            value = parsed[column.field.id]
        else:
            value = field_type.from_json(column.field, item.values.get(column.field.storage_key))
        if field_type.is_empty(value):
            errors[column.internal_name] = REQUIRED_MESSAGE
    _check_unique(session, item, columns, parsed, errors)
    if errors:
        raise ValidationError(errors)
    return parsed


def _unique_claims(columns: list[EffectiveColumn], parsed: dict[int, Any]) -> dict[int, str]:
    claims = {}
    for column in columns:
        field = column.field
        if field.unique and field.id in parsed:
            field_type = registry.get(field.type_key)
            if not field_type.is_empty(parsed[field.id]):
                claims[field.id] = field_type.unique_key(field, parsed[field.id])
    return claims


def _check_unique(session: Session, item: Item | None, columns: list[EffectiveColumn],
                  parsed: dict[int, Any], errors: dict[str, str]) -> None:
    for column in columns:
        claim = _unique_claims([column], parsed).get(column.field.id)
        if claim is None or column.internal_name in errors:
            continue
        holder = session.scalar(select(ItemUniqueValue.item_id).where(
            ItemUniqueValue.field_id == column.field.id, ItemUniqueValue.value_key == claim))
        if holder is not None and (item is None or holder != item.id):
            errors[column.internal_name] = ("This value already exists in the list; "
                                            "this column requires unique values.")


def _merged_values(item_values: dict[str, Any] | None, fields: list[Field],
                   parsed: dict[int, Any]) -> dict[str, Any]:
    """The item's JSON document with the parsed values applied, each as its type stores it."""
    values = dict(item_values or {})
    for field in fields:
        if field.id in parsed:
            registry.get(field.type_key).write_value(field, values, parsed[field.id])
    return values


def _write_side_tables(session: Session, item: Item, columns: list[EffectiveColumn],
                       parsed: dict[int, Any], *, new: bool) -> None:
    """What the columns keep beside the item (the item row exists): each type's side rows
    through its hooks - every column's on create, the changed ones' on update - then the
    unique-value claims of the parsed values."""
    for column in columns:
        field, field_type = column.field, registry.get(column.field.type_key)
        if new:
            field_type.after_rows_created(session, field, [(item, parsed.get(field.id))])
        elif field.id in parsed:
            field_type.after_rows_updated(session, field, [(item, parsed[field.id])])
    claims = _unique_claims(columns, parsed)
    if not claims:
        return
    session.execute(delete(ItemUniqueValue).where(ItemUniqueValue.item_id == item.id,
                                                  ItemUniqueValue.field_id.in_(claims)))
    try:
        with session.begin_nested():
            session.add_all(ItemUniqueValue(field_id=fid, value_key=key, item_id=item.id)
                            for fid, key in claims.items())
    except IntegrityError:  # a concurrent writer claimed it between check and insert
        names = {c.field.id: c.internal_name for c in columns}
        raise ValidationError({names[fid]: "This value already exists in the list; this "
                                           "column requires unique values." for fid in claims}) from None


@atomic
def create_item(session: Session, lst: List, values: Mapping[str, Any], *, actor: Actor,
                content_type: ContentType | str | None = None,
                files: BlobStore | None = None) -> Item:
    """Add an item (Add Items on the list); ``values`` maps internal names to raw input."""
    access.require(session, actor, lst, Permission.AddListItems)
    ct = _content_type(session, lst, content_type)
    columns = effective_columns(session, ct)
    parsed = _parse(session, actor, lst, None, columns, values, files)
    item_no = session.execute(
        update(List.__table__).where(List.__table__.c.id == lst.id)
        .values(last_item_no=List.__table__.c.last_item_no + 1)
        .returning(List.__table__.c.last_item_no)).scalar_one()
    now = utcnow()
    item = Item(list_id=lst.id, item_no=item_no, content_type_id=ct.id,
                values=_merged_values({}, [c.field for c in columns], parsed),
                created=now, modified=now, author_id=actor.user_id, editor_id=actor.user_id)
    session.add(item)
    session.flush()
    _write_side_tables(session, item, columns, parsed, new=True)
    return item


def defaults(session: Session, lst: List, content_type: ContentType | str | None = None
             ) -> dict[str, Any]:
    """The values a new item of ``content_type`` starts with (a New form shows them)."""
    ct = _content_type(session, lst, content_type)
    ctx = ParseContext(session=session, site=lst.site, list=lst)
    result = {}
    for column in effective_columns(session, ct):
        field_type = registry.get(column.field.type_key)
        if not field_type.read_only:
            try:
                result[column.internal_name] = field_type.default(column.field, ctx)
            except FieldError:  # a default that no longer parses (its target was deleted)
                result[column.internal_name] = None
    return result


def get_item_at(session: Session, site_slug: str, url_name: str, item_no: int, *,
                actor: Actor) -> Item:
    """The item an address names (site slug, list URL name, ID), found with one query; its
    ``list`` and ``list.site`` come loaded with it. NotFound names the first missing part,
    and is also the answer for an item the actor may not see."""
    _check_item_no(item_no)
    item = session.scalar(select(Item).join(List, List.id == Item.list_id)
                          .join(Site, Site.id == List.site_id)
                          .where(Site.slug == site_slug, List.url_name == url_name,
                                 Item.item_no == item_no))
    if item is None:
        get_item(session, get_list(session, get_site(session, site_slug), url_name, actor=actor),
                 item_no, actor=actor)
    access.require(session, actor, item, Permission.ViewListItems)
    return item


def _check_item_no(item_no: object) -> None:
    """An item number is a positive id that fits its column; anything else names no item."""
    if isinstance(item_no, bool) or not isinstance(item_no, int) or not 1 <= item_no <= MAX_ID:
        raise NotFound(f"There is no item {item_no!r}.")


def get_item(session: Session, lst: List, item_no: int, *, actor: Actor) -> Item:
    """Item ``item_no`` of ``lst``; NotFound when there is none or the actor may not see it."""
    _check_item_no(item_no)
    item = one_or_not_found(
        session, select(Item).where(Item.list_id == lst.id, Item.item_no == item_no),
        f"List '{lst.title}' has no item {item_no}.")
    access.require(session, actor, item, Permission.ViewListItems)
    return item


@atomic
def update_item(session: Session, item: Item, values: Mapping[str, Any], *, actor: Actor,
                expected_row_version: int,
                content_type: ContentType | str | None = None,
                files: BlobStore | None = None) -> Item:
    """Change the given values (others keep theirs). Needs Edit Items on the item.

    A save always names the row version it edits (the ETag it read), so that it is refused
    over a newer one with :class:`Conflict`; there is no "overwrite whatever is there"."""
    access.require(session, actor, item, Permission.EditListItems)
    if isinstance(expected_row_version, bool) or not isinstance(expected_row_version, int) \
            or not 1 <= expected_row_version <= MAX_ID:
        raise one_error("row_version", "Say which version of the item this save edits.")
    if expected_row_version != item.row_version:
        raise Conflict(f"Item {item.item_no} was changed by someone else (version "
                       f"{item.row_version}, you had {expected_row_version}). Reload it.")
    lst = item.list
    ct = item.content_type if content_type is None else _content_type(session, lst, content_type)
    columns = effective_columns(session, ct)
    parsed = _parse(session, actor, lst, item, columns, values, files)
    values = _merged_values(item.values, [c.field for c in columns], parsed)
    if values == item.values and ct.id == item.content_type_id:
        return item
    item.values, item.content_type = values, ct
    item.modified, item.editor_id = utcnow(), actor.user_id
    # The next major version: SharePoint's UI version is major * 512 + minor.
    item.ui_version = (item.ui_version // FIRST_UI_VERSION + 1) * FIRST_UI_VERSION
    item_no = item.item_no  # a failed flush expires the item; its number is needed after
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(f"Item {item_no} was changed by someone else. Reload it.") from None
    _write_side_tables(session, item, columns, parsed, new=False)
    return item


@atomic
def delete_item(session: Session, item: Item, *, actor: Actor) -> None:
    """Delete an item (Delete Items on it), first doing to each item that points at it what
    the pointing column's type says (``on_target_deleted``: refuse, delete it too, or take
    the target out of its value); a cascade needs Delete Items on every item it reaches."""
    access.require(session, actor, item, Permission.DeleteListItems)
    referrers = [(field, source, registry.get(field.type_key).on_target_deleted(field))
                 for field, source in links.referrers(session, item)]
    for field, source, action in referrers:
        if action == RESTRICT:
            user = (f"item {source.item_no} of list '{source.list.title}'"
                    if access.can(session, actor, source, Permission.ViewListItems)
                    else "an item you cannot see")
            raise one_error(field.internal_name, (
                f"Item {item.item_no} is used by {user} in column '{field.title}', which "
                "restricts deletion."))
        if action == CASCADE and not access.can(session, actor, source,
                                                Permission.DeleteListItems):
            raise AccessDenied(Permission.DeleteListItems.name, (
                f"Deleting item {item.item_no} would also delete an item through column "
                f"'{field.title}' that {actor.name} may not delete."))
    for field, source, action in referrers:
        if action == CASCADE:
            if session.get(Item, source.id) is not None:
                delete_item(session, source, actor=actor)
        else:
            field_type = registry.get(field.type_key)
            value = field_type.without_target(
                field, field_type.from_json(field, source.values.get(field.storage_key)),
                item.item_no)
            source.values = _merged_values(source.values, [field], {field.id: value})
    own_scope = item.scope_id
    session.delete(item)
    session.flush()
    if own_scope:
        sharing._drop_scopes(session, [own_scope])


def read_values(session: Session, item: Item) -> dict[str, Any]:
    """The item's values by internal name, for every column of its content type."""
    return values_of(session, [item], effective_columns(session, item.content_type))[0]


def values_of(session: Session, items: list[Item], columns: list[EffectiveColumn]
              ) -> list[dict[str, Any]]:
    """Values of several items for the given columns, each type reading all of its columns
    at once (so a type that keeps values apart costs one query per page, not per item)."""
    by_type: dict[str, list[Field]] = defaultdict(list)
    for column in columns:
        by_type[column.field.type_key].append(column.field)
    values: dict[tuple[int, int], Any] = {}
    for type_key, fields in by_type.items():
        values.update(registry.get(type_key).load_values(session, fields, items))
    return [{column.internal_name: values[item.id, column.field.id] for column in columns}
            for item in items]


def page(session: Session, lst: List, *, actor: Actor, page: int = 1,
         page_size: int | None = None) -> ItemPage:
    """One page of the items of the list that the actor may see, newest first."""
    size = page_size or lst.page_size
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_ID:
        raise one_error("page", "Pages are numbered from 1.")
    visible = access.visible_items(session, actor, lst)
    total = access.visible_counts(session, actor, [lst])[lst.id]
    if (page - 1) * size >= total:  # past the end: nothing to find (nor an OFFSET overflow)
        return ItemPage([], total, page, size)
    # Find the page's ids on the (list_id, item_no) index alone, then load just those rows:
    # OFFSET over the full ORM query would join every skipped row's relationships.
    ids = (select(Item.id).where(Item.list_id == lst.id, visible).order_by(Item.item_no.desc())
           .offset((page - 1) * size).limit(size))
    rows = session.scalars(select(Item).where(Item.id.in_(ids)).order_by(Item.item_no.desc()))
    return ItemPage(list(rows), total, page, size)
