"""Counter: a number the engine bumps (e.g. how often an item was read), never typed in.

Its value lives apart, in ``item_counter``, so a bump is one atomic UPDATE that neither
creates a version nor races with an edit of the item (:mod:`listengine.services.counters`).
The type's storage hooks keep it there: a new item gets its row at 0, reading loads the rows
of a page of items in one query, and nothing goes into ``item.values``. For the same reason
its SQL expression reads that table (a correlated subquery, 0 when never bumped).
"""
from __future__ import annotations

from sqlalchemy import exists, func, insert, select

from ..models import Item, ItemCounter
from .base import FieldError, FieldType, Setting, check_bool
from .registry import registry


class CounterType(FieldType):
    key = "Counter"
    sharepoint_type = "Integer"
    read_only = True
    versioned = False
    convertible = False
    indexable = False
    settings_spec = {
        "count_views": Setting(False, check_bool,
                               "add one each time the item's page is shown (a read count)"),
    }

    def counts_views(self, field) -> bool:
        """Does showing an item add one to this counter?"""
        return bool(field.settings.get("count_views"))

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

    # -- storage: item_counter, not the JSON document -----------------------------------
    def write_value(self, field, document, value):
        """Nothing: the count is not part of the item's values."""

    def load_values(self, session, fields, items):
        values = {(item.id, field.id): 0 for item in items for field in fields}
        if values:
            rows = session.execute(
                select(ItemCounter.item_id, ItemCounter.field_id, ItemCounter.value).where(
                    ItemCounter.item_id.in_([item.id for item in items]),
                    ItemCounter.field_id.in_([field.id for field in fields])))
            values.update({(row.item_id, row.field_id): row.value for row in rows})
        return values

    def holding(self, field):
        return exists().where(ItemCounter.item_id == Item.id, ItemCounter.field_id == field.id,
                              ItemCounter.value != 0)

    def after_rows_created(self, session, field, rows):
        if rows:
            session.execute(insert(ItemCounter), [
                {"item_id": item.id, "field_id": field.id, "value": 0} for item, _ in rows])


registry.register(CounterType())
