"""Content type IDs, inheritance through the parent chain, list copies and push-down."""
from __future__ import annotations

import re

import pytest

from listengine.errors import ValidationError
from listengine.services import columns, content_types, items, lists


def names(session, ct):
    return [c.internal_name for c in content_types.effective_columns(session, ct)]


def test_new_site_has_item_content_type_with_title(session, site):
    item_ct = content_types.get_content_type(session, site, "0x01")
    assert item_ct.name == "Item"
    assert names(session, item_ct) == ["Title"]
    (title,) = content_types.effective_columns(session, item_ct)
    assert title.required is True


def test_child_id_is_parent_id_00_and_32_hex_digits(session, site, editor):
    ct = content_types.create_content_type(session, site, name="Tin", parent="Item", actor=editor)
    assert re.fullmatch(r"0x0100[0-9A-F]{32}", ct.ct_id)
    grandchild = content_types.create_content_type(session, site, name="Tin mở rộng", parent=ct,
                                                  actor=editor)
    assert grandchild.ct_id.startswith(ct.ct_id + "00") and len(grandchild.ct_id) == len(ct.ct_id) + 34
    assert content_types.is_ancestor("0x01", grandchild.ct_id)
    assert not content_types.is_ancestor(grandchild.ct_id, ct.ct_id)


def test_effective_columns_follow_the_parent_chain_with_overrides(session, site, editor):
    summary = columns.create_site_column(session, site, internal_name="Summary", title="Tóm tắt",
                                         type_key="Note", actor=editor)
    body = columns.create_site_column(session, site, internal_name="Body", title="Nội dung",
                                      type_key="Note", settings={"rich_text": True}, actor=editor)
    parent = content_types.create_content_type(session, site, name="Tin", parent="Item",
                                              actor=editor)
    content_types.add_field_link(session, parent, summary, actor=editor)
    child = content_types.create_content_type(session, site, name="Tin mở rộng", parent=parent,
                                             actor=editor)
    content_types.add_field_link(session, child, body, actor=editor)
    content_types.add_field_link(session, child, summary, required=True, hidden=True, actor=editor)
    effective = {c.internal_name: c for c in content_types.effective_columns(session, child)}
    assert list(effective) == ["Title", "Summary", "Body"]
    assert effective["Summary"].required and effective["Summary"].hidden
    parent_summary = content_types.effective_columns(session, parent)[1]
    assert not parent_summary.required and not parent_summary.hidden
    # A parent change is seen by site children at once (resolved through the chain).
    content_types.remove_field_link(session, child, columns.get_site_column(session, site, "Title"),
                                   actor=editor)
    assert names(session, child) == ["Summary", "Body"]
    assert names(session, parent) == ["Title", "Summary"]


def test_bad_content_type_input_is_refused(session, site, editor):
    with pytest.raises(ValidationError) as exc:
        content_types.create_content_type(session, site, name="a/b", parent="Item", actor=editor)
    assert "name" in exc.value.errors
    with pytest.raises(ValidationError) as exc:
        content_types.create_content_type(session, site, name="Tin", parent="Không có", actor=editor)
    assert "parent" in exc.value.errors
    content_types.create_content_type(session, site, name="Tin", parent="Item", actor=editor)
    with pytest.raises(ValidationError) as exc:
        content_types.create_content_type(session, site, name="Tin", parent="Item", actor=editor)
    assert "already exists" in exc.value.errors["name"]


def test_adding_to_a_list_makes_a_child_copy_on_list_columns(session, site, news_type, news,
        editor):
    (list_ct,) = content_types.list_content_types(session, news)
    assert list_ct.parent_id == news_type.id and list_ct.list_id == news.id
    assert list_ct.ct_id.startswith(news_type.ct_id + "00")
    effective = content_types.effective_columns(session, list_ct)
    assert [c.internal_name for c in effective] == names(session, news_type)
    assert all(c.field.list_id == news.id and c.field.source_field_id for c in effective)
    with pytest.raises(ValidationError):
        content_types.add_to_list(session, news, news_type, actor=editor)


def test_push_down_brings_site_changes_to_list_copies(session, site, news_type, news, user, editor):
    item = items.create_item(session, news, {"Title": "A", "PageCount": 2}, actor=editor)
    extra = columns.create_site_column(session, site, internal_name="Byline", title="Tác giả",
                                       type_key="Text", actor=editor)
    content_types.add_field_link(session, news_type, extra, required=True, actor=editor)
    (list_ct,) = content_types.list_content_types(session, news)
    assert "Byline" not in names(session, list_ct)  # not before an explicit push-down
    assert content_types.push_down(session, news_type, actor=editor) == 1
    assert names(session, list_ct)[-1] == "Byline"
    assert content_types.effective_columns(session, list_ct)[-1].required
    # Removing a column from the site type unlinks it; the list keeps the column and values.
    content_types.remove_field_link(session, news_type,
                                   columns.get_site_column(session, site, "PageCount"),
                                   actor=editor)
    content_types.push_down(session, news_type, actor=editor)
    assert "PageCount" not in names(session, list_ct)
    assert columns.get_list_column(session, news, "PageCount").id
    page_count = columns.get_list_column(session, news, "PageCount")
    assert item.values[page_count.storage_key] == 2


def test_several_content_types_first_is_default(session, site, news_type, news, user, editor):
    item_ct = content_types.get_content_type(session, site, "Item")
    list_item_ct = content_types.add_to_list(session, news, item_ct, actor=editor)
    first, second = content_types.list_content_types(session, news)
    assert first.parent_id == news_type.id and second is list_item_ct
    plain = items.create_item(session, news, {"Title": "Plain"}, actor=editor, content_type="Item")
    assert plain.content_type_id == list_item_ct.id
    # An item is validated against its own content type's columns.
    with pytest.raises(ValidationError) as exc:
        items.create_item(session, news, {"Title": "x", "PageCount": 1}, actor=editor,
                          content_type=list_item_ct)
    assert "PageCount" in exc.value.errors
    content_types.set_list_order(session, news, [second, first], actor=editor)
    assert items.create_item(session, news, {"Title": "B"},
                             actor=editor).content_type_id == list_item_ct.id


def test_removing_a_list_content_type_in_use_is_refused(session, site, news, user, editor):
    item_ct = content_types.get_content_type(session, site, "Item")
    list_item_ct = content_types.add_to_list(session, news, item_ct, actor=editor)
    items.create_item(session, news, {"Title": "Plain"}, actor=editor, content_type=list_item_ct)
    with pytest.raises(ValidationError):
        content_types.remove_from_list(session, news, list_item_ct, actor=editor)
    assert len(content_types.list_content_types(session, news)) == 2


def test_a_list_created_without_content_types_uses_item(session, site, editor):
    lst = lists.create_list(session, site, title="Liên kết", url_name="lien-ket", actor=editor)
    (ct,) = content_types.list_content_types(session, lst)
    assert ct.name == "Item" and names(session, ct) == ["Title"]


def test_update_content_type_description_group_and_name(session, site, news_type, editor):
    content_types.update_content_type(session, news_type, name="Tin bài", description="Mô tả",
                                     group="Tin tức", actor=editor)
    assert content_types.get_content_type(session, site, "Tin bài").description == "Mô tả"
    with pytest.raises(ValidationError):
        content_types.update_content_type(session, news_type, name="Item", actor=editor)
    with pytest.raises(ValidationError):
        content_types.update_content_type(session, news_type, name="a|b", actor=editor)
