"""Counter columns: numbers the engine keeps apart from an item's values (a read count), so
that changing one is a single atomic UPDATE that makes no new version and never races with
an edit of the item. Showing an item counts through :mod:`.viewcounts`, which calls these.
A new item's counter rows are written, and counters are read with the item's other values,
by the Counter type's storage hooks (:mod:`listengine.fields.counter`).
"""
from __future__ import annotations

from sqlalchemy import Integer, exists, insert, literal, select, update
from sqlalchemy.orm import Session

from ..errors import one_error
from ..fields import registry
from ..fields.counter import CounterType
from ..models import Field, Item, ItemCounter
from ..permissions import Permission
from . import access
from .access import Actor
from .atomic import atomic
from .content_types import EffectiveColumn, effective_columns


def is_counter(field: Field) -> bool:
    """Is ``field`` a Counter column (whose values only this module changes)?"""
    return isinstance(registry.get(field.type_key), CounterType)


def _counter_field(session: Session, item: Item, internal_name: str) -> Field:
    for column in effective_columns(session, item.content_type):
        if column.internal_name == internal_name and is_counter(column.field):
            return column.field
    raise one_error(internal_name, "This content type has no counter column by that name.")


@atomic
def bump_counter(session: Session, item: Item, internal_name: str, by: int = 1, *,
                 actor: Actor) -> int:
    """Atomically add ``by`` to a counter (a read count); no new version, no row version bump.

    Anyone who may see the item may count a read of it."""
    access.require(session, actor, item, Permission.ViewListItems)
    field = _counter_field(session, item, internal_name)
    return _add_to_counters(session, item.id, [field.id], by)[field.id]


def _view_counters(columns: list[EffectiveColumn]) -> dict[int, str]:
    """The counters among ``columns`` that count views (``count_views``): id -> internal name."""
    return {c.field.id: c.internal_name for c in columns
            if is_counter(c.field) and registry.get(c.field.type_key).counts_views(c.field)}


def _add_to_counters(session: Session, item_id: int, field_ids: list[int], by: int
                     ) -> dict[int, int]:
    """Add ``by`` to an item's counters: one UPDATE ... RETURNING; rows missing (a counter
    column added after the item was created) are inserted. No access check: callers check.

    An item or column deleted meanwhile gets nothing (and is left out of the result): reads
    kept while the database was busy (``viewcounts``) may be applied after either is gone."""
    table = ItemCounter.__table__
    rows = session.execute(update(table).where(table.c.item_id == item_id,
                                               table.c.field_id.in_(field_ids))
                           .values(value=table.c.value + by)
                           .returning(table.c.field_id, table.c.value)).all()
    values = dict(rows)
    missing = [fid for fid in field_ids if fid not in values]
    if missing:
        rows_to_add = select(literal(item_id, Integer), Field.id, literal(by, Integer)).where(
            Field.id.in_(missing), exists().where(Item.id == item_id))
        values.update(session.execute(
            insert(table).from_select(["item_id", "field_id", "value"], rows_to_add)
            .returning(table.c.field_id, table.c.value)).all())
    return values


@atomic
def set_counter(session: Session, item: Item, internal_name: str, value: int, *,
                actor: Actor) -> None:
    """Set a counter outright (imports and migrations of existing read counts; Edit Items)."""
    access.require(session, actor, item, Permission.EditListItems)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise one_error(internal_name, "A counter is a whole number of 0 or more.")
    field = _counter_field(session, item, internal_name)
    _add_to_counters(session, item.id, [field.id], 0)  # makes sure the row exists
    table = ItemCounter.__table__
    session.execute(update(table).where(table.c.item_id == item.id, table.c.field_id == field.id)
                    .values(value=value))
