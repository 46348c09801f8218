"""The ``item_link`` table behind Lookup columns.

A Lookup value is the target's per-list ID (SharePoint's LookupId); the link table stores the
target's global row id so that joins, reverse lookups and delete behaviour are plain SQL.
"""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..fields import registry
from ..models import Field, Item, ItemLink


def write_links(session: Session, item: Item, field: Field,
                item_nos: list[int]) -> None:
    """Replace ``item``'s links for ``field`` with links to ``item_nos`` (in order)."""
    session.execute(delete(ItemLink).where(ItemLink.item_id == item.id,
                                           ItemLink.field_id == field.id))
    if not item_nos:
        return
    ids = dict(session.execute(select(Item.item_no, Item.id).where(
        Item.list_id == registry.get(field.type_key).target_list_id(field),
        Item.item_no.in_(item_nos))).all())
    session.add_all(ItemLink(item_id=item.id, field_id=field.id, position=position,
                             target_item_id=ids[no]) for position, no in enumerate(item_nos)
                    if no in ids)
