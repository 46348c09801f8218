"""Counter: a number the engine bumps (e.g. how often an item was read), never typed in.

Its value lives apart, in ``item_counter`` (``stored_apart``), so a bump is one atomic UPDATE
that neither creates a version nor races with an edit of the item. For the same reason its
SQL expression reads that table (a correlated subquery, 0 when never bumped) instead of
``item.values``.
"""
from __future__ import annotations

from sqlalchemy import func, select

from ..models import Item, ItemCounter
from .base import FieldError, FieldType, Setting, check_bool
from .registry import registry


class CounterType(FieldType):
    key = "Counter"
    sharepoint_type = "Integer"
    read_only = True
    versioned = False
    stored_apart = True
    indexable = False
    settings_spec = {
        "count_views": Setting(False, check_bool,
                               "add one each time the item's page is shown (a read count)"),
    }

    def parse(self, field, raw, ctx):
        if raw is None or raw == "":
            return None
        raise FieldError("This column is read-only.")

    def from_json(self, field, stored):
        return None if stored is None else int(stored)

    def sql(self, field, values):
        counted = (select(ItemCounter.value)
                   .where(ItemCounter.item_id == Item.id, ItemCounter.field_id == field.id)
                   .scalar_subquery())
        return func.coalesce(counted, 0)


registry.register(CounterType())
