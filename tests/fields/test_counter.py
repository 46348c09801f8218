"""Counter: read-only, kept apart in item_counter, read by SQL through a subquery."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, registry
from listengine.models import Field, Item, ItemCounter

COUNTER = registry.get("Counter")


def _stored_apart(kind) -> bool:
    """Does the type keep a value out of the item's JSON document?"""
    document = {}
    kind.write_value(Field(id=1, type_key=kind.key, settings={}), document, 5)
    return document == {}


def test_flags():
    assert COUNTER.read_only and _stored_apart(COUNTER) and not COUNTER.versioned
    assert not _stored_apart(registry.get("Integer"))


@pytest.mark.parametrize("raw", [5, "5", 0, True, [1]])
def test_input_is_refused(world, raw):
    with pytest.raises(FieldError, match="This column is read-only."):
        world.parse(world.column("Counter"), raw)


def test_empty_input_is_nothing(world):
    field = world.column("Counter")
    assert world.parse(field, None) is None and world.parse(field, "") is None


def test_sql_reads_item_counter(world):
    field = world.column("Counter", name="Reads")
    other = world.column("Counter", name="Other")
    items = [world.item({}) for _ in range(4)]
    for item, reads in zip(items, (9, None, 120, 15)):
        if reads is not None:
            world.session.add(ItemCounter(item_id=item.id, field_id=field.id, value=reads))
    world.session.add(ItemCounter(item_id=items[1].id, field_id=other.id, value=1000))
    world.session.flush()
    expr = COUNTER.sql(field, Item.values)
    assert world.item_nos(order_by=expr) == [2, 1, 4, 3]
    assert world.item_nos(expr > COUNTER.sql_value(field, 10), order_by=expr.desc()) == [3, 4]
    assert world.item_nos(expr == 0) == [2]


def test_display_and_diff(world):
    field = world.column("Counter")
    assert COUNTER.display(field, 9, world.display) == "9"
    assert COUNTER.from_json(field, 9) == 9
    assert COUNTER.diff(field, 9, 9, world.display) is None
