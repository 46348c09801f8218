"""Boolean: the spellings of yes and no, storage, SQL and display."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, registry
from listengine.models import Item

BOOLEAN = registry.get("Boolean")


@pytest.mark.parametrize("raw, expected", [
    (True, True), (False, False), (1, True), (0, False), ("yes", True), ("No", False),
    ("true", True), ("off", False), ("on", True), ("Có", True), ("không", False), ("", None),
    (None, None),
])
def test_parses(world, raw, expected):
    assert world.parse(world.column("Boolean"), raw) is expected


@pytest.mark.parametrize("raw", ["maybe", 2, 1.0, [], {"x": 1}])
def test_refuses(world, raw):
    with pytest.raises(FieldError, match="Choose yes or no."):
        world.parse(world.column("Boolean"), raw)


def test_storage_sql_display_and_diff(world):
    field = world.column("Boolean")
    items = [world.item({field: raw}) for raw in (True, False, None, "yes")]
    assert items[0].values[field.storage_key] is True
    assert world.read_back(items[1], field) is False
    assert world.read_back(items[2], field) is None
    expr = BOOLEAN.sql(field, Item.values)
    assert world.item_nos(expr == BOOLEAN.sql_value(field, True)) == [1, 4]
    assert world.item_nos(expr.is_(False)) == [2]
    assert world.item_nos(expr.is_not(None), order_by=expr.desc()) == [1, 4, 2]
    assert BOOLEAN.display(field, True, world.display) == "Yes"
    assert BOOLEAN.display(field, False, world.display) == "No"
    assert BOOLEAN.display(field, None, world.display) == ""
    change = BOOLEAN.diff(field, None, False, world.display)
    assert (change.old, change.new) == ("", "No")
    assert BOOLEAN.diff(field, True, True, world.display) is None
