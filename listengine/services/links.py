"""The ``item_link`` table behind Lookup columns.

A Lookup value is the target's per-list ID (SharePoint's LookupId); the link table stores the
target's global row id so that joins, reverse lookups and delete behaviour are plain SQL.
"""
from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..fields import DisplayContext, registry
from ..models import Field, Item, ItemLink, List
from . import access
from .access import Actor

#: Most targets offered for one Lookup column; beyond that a searchable picker is needed.
MAX_OPTIONS = 1000


def write_links(session: Session, item: Item, field: Field, item_nos: list[int], *,
                replace: bool = True) -> None:
    """Link ``item`` through ``field`` to ``item_nos`` (in order), replacing its old links
    unless ``replace`` is false (a new item has none)."""
    if replace:
        session.execute(delete(ItemLink).where(ItemLink.item_id == item.id,
                                               ItemLink.field_id == field.id))
    if not item_nos:
        return
    ids = dict(session.execute(select(Item.item_no, Item.id).where(
        Item.list_id == registry.get(field.type_key).target_list_id(field),
        Item.item_no.in_(item_nos))).all())
    session.execute(insert(ItemLink), [
        {"item_id": item.id, "field_id": field.id, "position": position,
         "target_item_id": ids[no]} for position, no in enumerate(item_nos) if no in ids])


def lookup_options(session: Session, field: Field, *, actor: Actor, time_zone: str = "UTC",
                   limit: int = MAX_OPTIONS) -> list[tuple[int, str]]:
    """What a Lookup column can point at for the actor: ``(item_no, shown text)`` of the
    target items they may see, sorted by the text."""
    target_list = registry.get(field.type_key).target_list_id(field)
    target = session.get(List, target_list)
    show = session.scalar(select(Field).where(
        Field.list_id == target_list, Field.internal_name == field.settings.get("show_field")))
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
