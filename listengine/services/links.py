"""Reading the ``item_link`` table behind Lookup columns: what points at an item, and what
a Lookup column can point at.

A Lookup value is the target's per-list ID (SharePoint's LookupId); the link table stores the
target's global row id so that joins, reverse lookups and delete behaviour are plain SQL. The
Lookup type's storage hooks write it (:mod:`listengine.fields.lookup`).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..fields import DisplayContext, registry
from ..models import Field, Item, ItemLink, List
from . import access
from .access import Actor

#: Most targets offered for one Lookup column; beyond that a searchable picker is needed.
MAX_OPTIONS = 1000


def referrers(session: Session, item: Item) -> list[tuple[Field, Item]]:
    """The (column, item) pairs of other items whose values point at ``item`` (one query;
    no access check: the caller decides what it may do to them)."""
    return [(field, source) for field, source in session.execute(
        select(Field, Item).join(ItemLink, ItemLink.field_id == Field.id)
        .join(Item, Item.id == ItemLink.item_id)
        .where(ItemLink.target_item_id == item.id, ItemLink.item_id != item.id)).all()]


def lookup_options(session: Session, field: Field, *, actor: Actor, time_zone: str = "UTC",
                   limit: int = MAX_OPTIONS) -> list[tuple[int, str]]:
    """What a Lookup column can point at for the actor: ``(item_no, shown text)`` of the
    target items they may see, sorted by the text."""
    field_type = registry.get(field.type_key)
    target_list = field_type.target_list_id(field)
    target = session.get(List, target_list)
    show = session.scalar(select(Field).where(
        Field.list_id == target_list, Field.internal_name == field_type.shown_column(field)))
    if show is None or target is None:
        return []
    show_type, ctx = registry.get(show.type_key), DisplayContext(time_zone=time_zone)
    rows = session.execute(select(Item.item_no, Item.values)
                           .where(Item.list_id == target_list,
                                  access.visible_items(session, actor, target))
                           .order_by(Item.item_no.desc()).limit(limit))
    options = [(no, show_type.display(show, show_type.from_json(show, values.get(show.storage_key)),
                                      ctx) or f"#{no}") for no, values in rows]
    return sorted(options, key=lambda option: option[1].casefold())
