"""Columns: validation, list columns, indexes, type changes and removal without data loss."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, text

from listengine.errors import ValidationError
from listengine.models import Field, Item
from listengine.services import columns, content_types, items


def test_bad_column_definitions_name_the_parameter(session, site, editor):
    bad = [
        (dict(internal_name="Tiêu đề", title="x", type_key="Text"), "internal_name"),
        (dict(internal_name="1abc", title="x", type_key="Text"), "internal_name"),
        (dict(internal_name="Created", title="x", type_key="Text"), "internal_name"),
        (dict(internal_name="Title", title="x", type_key="Text"), "internal_name"),
        (dict(internal_name="Ok", title="", type_key="Text"), "title"),
        (dict(internal_name="Ok", title="x", type_key="Numbr"), "type_key"),
        (dict(internal_name="Ok", title="x", type_key="Text", settings={"max_length": 999}),
         "settings.max_length"),
        (dict(internal_name="Ok", title="x", type_key="Text", settings={"colour": 1}),
         "settings.colour"),
        (dict(internal_name="Ok", title="x", type_key="Integer", default="abc"), "default"),
        (dict(internal_name="Ok", title="x", type_key="Note", indexed=True), "indexed"),
        (dict(internal_name="Ok", title="x", type_key="Text", unique=True), "unique"),
    ]
    before = session.scalars(select(Field.id)).all()
    for kwargs, param in bad:
        with pytest.raises(ValidationError) as exc:
            columns.create_site_column(session, site, **kwargs, actor=editor)
        assert param in exc.value.errors, (kwargs, exc.value.errors)
    assert session.scalars(select(Field.id)).all() == before


def test_list_column_joins_every_content_type_of_the_list(session, site, news, editor):
    content_types.add_to_list(session, news, content_types.get_content_type(session, site, "Item"),
                             actor=editor)
    field = columns.create_list_column(session, news, internal_name="Note1", title="Ghi chú",
                                       type_key="Text", actor=editor)
    for ct in content_types.list_content_types(session, news):
        assert content_types.effective_columns(session, ct)[-1].field is field
    with pytest.raises(ValidationError):
        columns.create_list_column(session, news, internal_name="Note1", title="Ghi chú",
                                   type_key="Text", actor=editor)


def _index_names(session):
    if session.bind.dialect.name == "sqlite":
        return set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))
    return set(session.scalars(text("SELECT indexname FROM pg_indexes")))


def test_indexed_column_gets_a_partial_expression_index_used_by_queries(session, news, user,
        editor):
    field = columns.create_list_column(session, news, internal_name="Code", title="Mã",
                                       type_key="Integer", indexed=True, actor=editor)
    name = f"ix_item_l{news.id}_f{field.id}"
    assert name in _index_names(session)
    for n in range(3):
        items.create_item(session, news, {"Title": str(n), "Code": n}, actor=editor)
    from listengine.fields import registry
    expression = registry.get("Integer").sql(field, Item.values)
    query = select(Item.item_no).where(Item.list_id == news.id, expression == 2)
    assert session.scalars(query).all() == [3]
    if session.bind.dialect.name == "sqlite":
        sql = query.compile(session.bind, compile_kwargs={"literal_binds": True})
        plan = " ".join(str(r) for r in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
        assert name in plan
    columns.update_column(session, field, indexed=False, actor=editor)
    assert name not in _index_names(session)


def test_type_change_converts_every_value_or_nothing(session, news, user, editor):
    field = columns.create_list_column(session, news, internal_name="Code", title="Mã",
                                       type_key="Text", actor=editor)
    one = items.create_item(session, news, {"Title": "a", "Code": "12"}, actor=editor)
    two = items.create_item(session, news, {"Title": "b", "Code": "không số"}, actor=editor)
    with pytest.raises(ValidationError) as exc:
        columns.update_column(session, field, type_key="Integer", actor=editor)
    assert "ID 2" in exc.value.errors["type_key"]
    session.expire_all()
    assert field.type_key == "Text"
    assert items.read_values(session, one)["Code"] == "12"
    items.update_item(session, two, {"Code": "7"}, actor=editor,
                      expected_row_version=two.row_version)
    columns.update_column(session, field, type_key="Integer", actor=editor)
    assert items.read_values(session, one)["Code"] == 12
    assert items.read_values(session, two)["Code"] == 7


def test_removing_a_column_with_values_needs_an_explicit_discard(session, news, user, editor):
    field = columns.create_list_column(session, news, internal_name="Code", title="Mã",
                                       type_key="Text", actor=editor)
    item = items.create_item(session, news, {"Title": "a", "Code": "x"}, actor=editor)
    with pytest.raises(ValidationError) as exc:
        columns.delete_column(session, field, actor=editor)
    assert "1 item" in exc.value.errors["internal_name"]
    assert columns.get_list_column(session, news, "Code")
    columns.delete_column(session, field, discard_values=True, actor=editor)
    assert field.storage_key not in item.values
    assert "Code" not in items.read_values(session, item)
    empty = columns.create_list_column(session, news, internal_name="Empty", title="Trống",
                                       type_key="Text", actor=editor)
    columns.delete_column(session, empty, actor=editor)


def test_site_column_in_use_cannot_be_deleted(session, site, news_type, editor):
    with pytest.raises(ValidationError) as exc:
        columns.delete_column(session, columns.get_site_column(session, site, "Summary"),
                              actor=editor)
    assert "Tin" in exc.value.errors["internal_name"]


def test_site_column_changes_can_be_pushed_to_list_copies(session, site, news, editor):
    site_field = columns.get_site_column(session, site, "PageCount")
    copy = columns.get_list_column(session, news, "PageCount")
    columns.update_column(session, site_field, title="Số trang in", actor=editor)
    assert copy.title == "Số Trang"
    columns.update_column(session, site_field, title="Số trang in", settings={"min": 1},
                          push_down=True, actor=editor)
    assert copy.title == "Số trang in" and Decimal(copy.settings["min"]) == 1


def test_renaming_a_column_keeps_its_values(session, news, user, editor):
    item = items.create_item(session, news, {"Title": "a", "PageCount": 3}, actor=editor)
    field = columns.get_list_column(session, news, "PageCount")
    columns.update_column(session, field, title="Trang", actor=editor)
    assert items.read_values(session, item)["PageCount"] == 3


def test_unknown_column_property_is_refused(session, news, editor):
    field = columns.get_list_column(session, news, "PageCount")
    with pytest.raises(ValidationError) as exc:
        columns.update_column(session, field, colour="red", actor=editor)
    assert "colour" in exc.value.errors
