"""Lookup and LookupMulti: targets checked in one query, refs, link targets, SQL."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, Ref, SettingsError, registry
from listengine.models import Item

LOOKUP = registry.get("Lookup")
MULTI = registry.get("LookupMulti")


@pytest.fixture
def categories(world):
    lst = world.make_list("Phân loại")
    title = world.column("Text", lst=lst, name="Title")
    for name in ("Tin tức", "Sự kiện", "Thông báo"):
        world.item({title: name}, lst=lst)
    return lst


def test_settings():
    with pytest.raises(SettingsError, match="target_list"):
        LOOKUP.validate_settings({})
    with pytest.raises(SettingsError, match="target_list"):
        LOOKUP.validate_settings({"target_list": "other"})
    with pytest.raises(SettingsError, match="show_field"):
        LOOKUP.validate_settings({"target_list": 1, "show_field": "bad name"})
    assert LOOKUP.validate_settings({"target_list": 3, "delete_behavior": "cascade"})[
        "delete_behavior"] == "cascade"
    with pytest.raises(SettingsError) as error:
        MULTI.validate_settings({"target_list": "self", "delete_behavior": "restrict"})
    assert error.value.key == "delete_behavior"
    assert MULTI.validate_settings({"target_list": "self"})["show_field"] == "Title"


def test_parse_checks_the_target_with_one_query(world, categories, request):
    field = world.column("Lookup", {"target_list": categories.id})
    ctx = world.ctx()
    statements = request.getfixturevalue("queries")
    assert LOOKUP.parse(field, "2", ctx) == 2
    assert LOOKUP.parse(field, 3, ctx) == 3
    assert len(statements) == 2
    assert world.parse(field, "") is None


@pytest.mark.parametrize("raw, message", [
    (7, "No item 7 in list 'Phân loại'."), ("abc", "'abc' is not an id number."),
    (True, "Enter an id number."), (0, "from 1 to 2147483647"),
    (1.5, "Enter an id number."),
    ([1, 2], "Choose only one."),
])
def test_lookup_refuses(world, categories, raw, message):
    field = world.column("Lookup", {"target_list": categories.id})
    with pytest.raises(FieldError) as error:
        world.parse(field, raw)
    assert message in error.value.message


def test_item_of_another_list_is_not_a_target(world, categories):
    field = world.column("Lookup", {"target_list": categories.id})
    world.item({})  # item 1 of the news list, not of "Phân loại"
    other = world.make_list("Khác")
    with pytest.raises(FieldError, match="No item 1 in list 'Khác'"):
        world.parse(world.column("Lookup", {"target_list": other.id}, name="Other"), 1)
    assert world.parse(field, 1) == 1


def test_multi_keeps_order_drops_repeats_one_query(world, categories, request):
    field = world.column("LookupMulti", {"target_list": categories.id})
    ctx = world.ctx()
    statements = request.getfixturevalue("queries")
    assert MULTI.parse(field, ["3", 1, 3, ""], ctx) == [3, 1]
    assert len(statements) == 1
    assert MULTI.parse(field, 2, ctx) == [2]
    assert MULTI.parse(field, [], ctx) is None
    with pytest.raises(FieldError, match="No item 9 in list 'Phân loại'."):
        MULTI.parse(field, [1, 9], ctx)


def test_self_lookup_refs_and_link_targets(world):
    field = world.column("LookupMulti", {"target_list": "self"}, name="Related")
    first = world.item({})
    second = world.item({field: [first.item_no]})
    with pytest.raises(FieldError, match="No item 5 in list 'Tin tức'."):
        world.parse(field, [5])
    value = world.read_back(second, field)
    assert value == [1]
    assert list(MULTI.refs(field, value)) == [Ref("item", 1, f"{world.list.id}:Title")]
    assert MULTI.ids(value) == [1]
    assert MULTI.ids(None) == []


def test_display_uses_resolved_names(world, categories):
    single = world.column("Lookup", {"target_list": categories.id}, name="Category")
    multi = world.column("LookupMulti", {"target_list": categories.id}, name="Categories")
    world.display.resolved[Ref("item", 2, f"{categories.id}:Title")] = "Sự kiện"
    assert list(LOOKUP.refs(single, 2)) == [Ref("item", 2, f"{categories.id}:Title")]
    assert LOOKUP.display(single, 2, world.display) == "Sự kiện"
    # Item 3 did not resolve (the reader may not see it): it is left out, not shown as "#3".
    assert MULTI.display(multi, [2, 3], world.display) == "Sự kiện"
    assert LOOKUP.display(single, None, world.display) == ""
    assert LOOKUP.ids(2) == [2]


def test_storage_sql_and_diff(world, categories):
    single = world.column("Lookup", {"target_list": categories.id}, name="Category")
    multi = world.column("LookupMulti", {"target_list": categories.id}, name="Categories")
    world.item({single: 3, multi: [3, 1]})
    world.item({single: 1, multi: [2]})
    world.item({single: 2})
    news = world.item({single: "3", multi: ["1"]})
    assert news.values == {single.storage_key: 3, multi.storage_key: [1]}
    assert world.read_back(news, multi) == [1]
    expr = LOOKUP.sql(single, Item.values)
    assert world.item_nos(expr == LOOKUP.sql_value(single, 3)) == [1, 4]
    assert world.item_nos(order_by=expr) == [2, 3, 1, 4]
    assert world.item_nos(MULTI.sql_includes(multi, Item.values, 1)) == [1, 4]
    assert world.item_nos(MULTI.sql(multi, Item.values).is_(None)) == [3]
    with pytest.raises(NotImplementedError):
        LOOKUP.sql_includes(single, Item.values, 1)
    world.display.resolved[Ref("item", 1, f"{categories.id}:Title")] = "Thời sự"
    change = MULTI.diff(multi, [1], [1, 2], world.display)
    assert (change.old, change.new) == ("Thời sự", "Thời sự")  # item 2 unresolved: not shown
    assert LOOKUP.diff(single, 2, 2, world.display) is None


# -- ids an id column holds, typed in ASCII digits (issue 7, finding 2) ------------------
@pytest.mark.parametrize("raw, message", [
    # Was "Python int too large to convert to SQLite INTEGER" (a 500 on the edit form).
    ("99999999999999999999", "Enter an id number from 1 to 2147483647."),
    (99999999999999999999, "Enter an id number from 1 to 2147483647."),
    # Item numbers are INTEGER columns: 32-bit on PostgreSQL.
    (2**31, "Enter an id number from 1 to 2147483647."),
    ("-1", "'-1' is not an id number."),
    # str.isdigit() accepts these; int() refuses the first and reads the others.
    ("²", "'²' is not an id number."), ("１２", "'１２' is not an id number."),
    ("٣", "'٣' is not an id number."),
    pytest.param("9" * 5000, "Enter an id number from 1 to 2147483647.", id="5000 nines"),
    pytest.param("x" * 5000, "Enter an id number.", id="5000 letters"),
])
def test_lookup_ids_are_ascii_numbers_an_id_column_holds(world, categories, raw, message):
    for field in (world.column("Lookup", {"target_list": categories.id}, name="One"),
                  world.column("LookupMulti", {"target_list": categories.id}, name="Many")):
        with pytest.raises(FieldError) as error:
            world.parse(field, raw)
        assert error.value.message == message


def test_the_largest_id_is_looked_up(world, categories):
    field = world.column("Lookup", {"target_list": categories.id})
    with pytest.raises(FieldError, match="No item 2147483647 in list 'Phân loại'."):
        world.parse(field, " 2147483647 ")


def test_target_list_setting_is_an_id_a_column_holds():
    with pytest.raises(SettingsError, match="target_list"):
        LOOKUP.validate_settings({"target_list": 2**31})
    assert LOOKUP.validate_settings({"target_list": 2**31 - 1})["target_list"] == 2**31 - 1
