"""The storage and reference hooks of the field type contract.

The item service, the column service and the site-definition loader know no field type:
they call these hooks for every column. Writing hooks take many rows and cost the same few
statements for one row or many.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from listengine.fields import CASCADE, CLEAR, RESTRICT, registry
from listengine.models import Item, ItemCounter, ItemLink

LOOKUP = registry.get("Lookup")
MULTI = registry.get("LookupMulti")
COUNTER = registry.get("Counter")
TEXT = registry.get("Text")


@pytest.fixture
def categories(world):
    """A list of three items to look up."""
    lst = world.make_list("Phân loại")
    world.column("Text", lst=lst, name="Title")
    for _ in range(3):
        world.item({}, lst=lst)
    return lst


def _links(world, field) -> list[tuple[int, int, int]]:
    return [tuple(row) for row in world.session.execute(
        select(ItemLink.item_id, ItemLink.position, ItemLink.target_item_id)
        .where(ItemLink.field_id == field.id).order_by(ItemLink.item_id, ItemLink.position))]


def test_write_value_sets_or_removes_the_key(world):
    field = world.column("Text")
    document = {"other": 1}
    TEXT.write_value(field, document, "Tin")
    assert document == {"other": 1, field.storage_key: "Tin"}
    TEXT.write_value(field, document, "")
    assert document == {"other": 1}


def test_a_counter_keeps_nothing_in_the_document(world):
    field = world.column("Counter")
    document = {}
    COUNTER.write_value(field, document, 7)
    assert document == {}


def test_counter_rows_are_created_at_zero_and_read_in_one_query(world, queries):
    reads, other = world.column("Counter", name="Reads"), world.column("Counter", name="Other")
    items = [world.item({}) for _ in range(3)]
    queries.clear()
    COUNTER.after_rows_created(world.session, reads, [(item, None) for item in items])
    assert len(queries) == 1
    rows = world.session.execute(select(ItemCounter.item_id, ItemCounter.value)
                                 .where(ItemCounter.field_id == reads.id)).all()
    assert sorted(rows) == sorted((item.id, 0) for item in items)
    world.session.execute(ItemCounter.__table__.update().where(
        ItemCounter.item_id == items[2].id).values(value=5))
    queries.clear()
    values = COUNTER.load_values(world.session, [reads, other], items)
    assert len(queries) == 1
    assert values == {**{(item.id, f.id): 0 for item in items for f in (reads, other)},
                      (items[2].id, reads.id): 5}
    assert world.item_nos(COUNTER.holding(reads)) == [items[2].item_no]
    assert COUNTER.load_values(world.session, [reads], []) == {}


def test_lookup_links_many_rows_with_two_statements(world, categories, queries):
    field = world.column("LookupMulti", {"target_list": categories.id}, name="Categories")
    items = [world.item({}) for _ in range(3)]
    targets = {c.item_no: c.id for c in world.session.scalars(
        select(Item).where(Item.list_id == categories.id))}
    queries.clear()
    MULTI.after_rows_created(world.session, field, [(items[0], [3, 1]), (items[1], None),
                                                    (items[2], [2, 99])])
    assert len(queries) == 2  # target ids, then one INSERT
    assert _links(world, field) == [(items[0].id, 0, targets[3]), (items[0].id, 1, targets[1]),
                                    (items[2].id, 0, targets[2])]
    MULTI.after_rows_updated(world.session, field, [(items[0], [2])])
    assert _links(world, field) == [(items[0].id, 0, targets[2]), (items[2].id, 0, targets[2])]
    queries.clear()
    MULTI.after_rows_created(world.session, field, [(items[1], None)])
    assert queries == []
    MULTI.remove_side_rows(world.session, field)
    assert _links(world, field) == []


def test_lookup_owns_its_delete_behaviour(world, categories):
    for behavior, action in (("none", CLEAR), ("restrict", RESTRICT), ("cascade", CASCADE)):
        field = world.column("Lookup", {"target_list": categories.id,
                                        "delete_behavior": behavior}, name=f"C{behavior}")
        assert LOOKUP.on_target_deleted(field) == action
    assert TEXT.on_target_deleted(world.column("Text")) == CLEAR
    multi = world.column("LookupMulti", {"target_list": categories.id}, name="Many")
    assert MULTI.without_target(multi, [1, 2, 3], 2) == [1, 3]
    assert MULTI.without_target(multi, [2], 2) is None
    assert LOOKUP.without_target(field, 2, 2) is None


def test_lookup_names_its_target_list_and_shown_column(world, categories):
    other = world.column("Lookup", {"target_list": categories.id, "show_field": "Code"},
                         name="Category")
    own = world.column("Lookup", {"target_list": "self"}, name="Parent")
    assert (LOOKUP.target_list_id(other), LOOKUP.shown_column(other)) == (categories.id, "Code")
    assert (LOOKUP.target_list_id(own), LOOKUP.shown_column(own)) == (world.list.id, "Title")
    text = world.column("Text")
    assert (TEXT.target_list_id(text), TEXT.shown_column(text)) == (None, None)


def test_the_loader_asks_the_type_which_settings_name_lists():
    assert LOOKUP.named_lists({"target_list": "phan-loai"}) == {"target_list": "phan-loai"}
    assert LOOKUP.named_lists({"target_list": "self"}) == {}
    assert LOOKUP.named_lists({"target_list": 4}) == {}
    assert TEXT.named_lists({"max_length": 20}) == {}
    ids = {"phan-loai": 12}
    assert LOOKUP.resolve_lists({"target_list": "phan-loai", "show_field": "Code"}, ids.get) == {
        "target_list": 12, "show_field": "Code"}
    assert LOOKUP.resolve_lists({"target_list": "self"}, ids.get) == {"target_list": "self"}
