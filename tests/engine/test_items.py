"""Item CRUD: per-list IDs, system columns, validation, uniqueness, concurrency, counters."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from listengine.errors import Conflict, NotFound, ValidationError
from listengine.models import Item, ItemLink, StoredFile
from listengine.services import columns, content_types, counters, items, lists, users


def count_items(session, lst=None):
    query = select(func.count()).select_from(Item)
    if lst is not None:
        query = query.where(Item.list_id == lst.id)
    return session.scalar(query)


def test_ids_are_sequential_per_list_and_never_reused(session, site, news, categories, user,
        editor):
    first = items.create_item(session, news, {"Title": "Một"}, actor=editor)
    second = items.create_item(session, news, {"Title": "Hai"}, actor=editor)
    assert (first.item_no, second.item_no) == (1, 2)
    assert items.create_item(session, categories, {"Title": "Văn hóa"}, actor=editor).item_no == 3
    items.delete_item(session, second, actor=editor)
    assert items.create_item(session, news, {"Title": "Ba"}, actor=editor).item_no == 3


def test_system_columns_and_versions(session, news, user, editor, member, system):
    other = users.create_user(session, login="other", display_name="Lê Thị Khác", actor=system)
    item = items.create_item(session, news, {"Title": "Một", "PageCount": "3"}, actor=editor)
    assert item.author_id == user.id and item.editor_id == user.id
    assert item.created == item.modified and item.created.tzinfo is not None
    assert item.version_label == "1.0" and item.row_version == 1
    items.update_item(session, item, {"PageCount": 4}, actor=member(other),
                      expected_row_version=item.row_version)
    assert item.version_label == "2.0" and item.row_version == 2
    assert item.editor_id == other.id and item.author_id == user.id
    assert item.modified >= item.created
    assert items.read_values(session, item)["PageCount"] == 4
    items.update_item(session, item, {"PageCount": 4}, actor=editor,
                      expected_row_version=item.row_version)  # nothing changed
    assert item.version_label == "2.0" and item.row_version == 2


def test_get_missing_item_is_not_found(session, news, editor):
    with pytest.raises(NotFound):
        items.get_item(session, news, 99, actor=editor)


def test_every_field_error_is_reported_and_nothing_written(session, news, user, editor):
    before = (count_items(session), news.last_item_no)
    with pytest.raises(ValidationError) as exc:
        items.create_item(session, news, {"Title": "", "PageCount": "nhiều", "Category": 42,
                                          "Unknown": "x", "ReadCount": 5}, actor=editor)
    assert set(exc.value.errors) == {"Title", "PageCount", "Category", "Unknown", "ReadCount"}
    assert "blank" in exc.value.errors["Title"]
    session.expire_all()
    assert (count_items(session), news.last_item_no) == before
    assert session.scalar(select(func.count()).select_from(ItemLink)) == 0


def test_update_validates_and_keeps_the_old_values(session, news, user, editor):
    item = items.create_item(session, news, {"Title": "Một", "PageCount": 1}, actor=editor)
    with pytest.raises(ValidationError) as exc:
        items.update_item(session, item, {"Title": "", "PageCount": -1}, actor=editor,
                          expected_row_version=item.row_version)
    assert set(exc.value.errors) == {"Title", "PageCount"}
    session.expire_all()
    assert items.read_values(session, item) | {} == {
        "Title": "Một", "Summary": None, "PageCount": 1, "Category": None, "ReadCount": 0}
    assert item.row_version == 1


def test_stale_row_version_is_a_conflict(session, news, user, editor):
    item = items.create_item(session, news, {"Title": "Một"}, actor=editor)
    items.update_item(session, item, {"Title": "Hai"}, actor=editor, expected_row_version=1)
    with pytest.raises(Conflict):
        items.update_item(session, item, {"Title": "Ba"}, actor=editor, expected_row_version=1)
    assert items.read_values(session, item)["Title"] == "Hai"


def test_unique_values_are_enforced_case_insensitively(session, news, user, editor):
    code = columns.create_list_column(session, news, internal_name="Code", title="Mã",
                                      type_key="Text", unique=True, actor=editor)
    assert code.indexed  # SharePoint: unique columns are indexed
    first = items.create_item(session, news, {"Title": "A", "Code": "QD-2631"}, actor=editor)
    with pytest.raises(ValidationError) as exc:
        items.create_item(session, news, {"Title": "B", "Code": "qd-2631"}, actor=editor)
    assert "unique" in exc.value.errors["Code"]
    second = items.create_item(session, news, {"Title": "B", "Code": "QD-2632"}, actor=editor)
    with pytest.raises(ValidationError):
        items.update_item(session, second, {"Code": "QD-2631"}, actor=editor,
                          expected_row_version=second.row_version)
    items.update_item(session, first, {"Title": "A2", "Code": "QD-2631"},
                      actor=editor, expected_row_version=first.row_version)  # its own value
    items.update_item(session, first, {"Code": "QD-1"}, actor=editor,
                      expected_row_version=first.row_version)  # frees the old value
    items.update_item(session, second, {"Code": "QD-2631"}, actor=editor,
                      expected_row_version=second.row_version)
    items.delete_item(session, second, actor=editor)
    items.create_item(session, news, {"Title": "C", "Code": "QD-2631"}, actor=editor)


def test_turning_unique_on_over_duplicates_is_refused(session, news, user, editor):
    code = columns.create_list_column(session, news, internal_name="Code", title="Mã",
                                      type_key="Text", actor=editor)
    for title in ("A", "B"):
        items.create_item(session, news, {"Title": title, "Code": "X"}, actor=editor)
    with pytest.raises(ValidationError) as exc:
        columns.update_column(session, code, unique=True, actor=editor)
    assert "same value" in exc.value.errors["unique"]
    assert not code.unique


def test_lookup_links_and_restrict(session, news, categories, user, editor):
    item = items.create_item(session, news, {"Title": "Một", "Category": 1}, actor=editor)
    link = session.scalar(select(ItemLink).where(ItemLink.item_id == item.id))
    target = items.get_item(session, categories, 1, actor=editor)
    assert link.target_item_id == target.id
    with pytest.raises(ValidationError) as exc:
        items.delete_item(session, target, actor=editor)
    assert "restricts" in exc.value.errors["Category"]
    assert items.get_item(session, categories, 1, actor=editor)
    items.update_item(session, item, {"Category": 2}, actor=editor,
                      expected_row_version=item.row_version)
    items.delete_item(session, target, actor=editor)


@pytest.mark.parametrize("behavior", ["cascade", "none"])
def test_lookup_delete_behaviors(session, site, categories, user, behavior, editor):
    notes = lists.create_list(session, site, title="Ghi chú", url_name="ghi-chu", actor=editor)
    columns.create_list_column(session, notes, internal_name="Category", title="Phân loại",
                               type_key="Lookup", settings={"target_list": categories.id,
                                                             "delete_behavior": behavior},
                                                             actor=editor)
    note = items.create_item(session, notes, {"Title": "n", "Category": 2}, actor=editor)
    items.delete_item(session, items.get_item(session, categories, 2, actor=editor), actor=editor)
    if behavior == "cascade":
        with pytest.raises(NotFound):
            items.get_item(session, notes, note.item_no, actor=editor)
    else:
        assert items.read_values(session, note)["Category"] is None


def test_lookup_multi_to_the_same_list_cleans_up_on_delete(session, site, user, editor):
    lst = lists.create_list(session, site, title="Bài", url_name="bai", actor=editor)
    columns.create_list_column(session, lst, internal_name="Related", title="Tin liên quan",
                               type_key="LookupMulti", settings={"target_list": "self"},
                               actor=editor)
    one = items.create_item(session, lst, {"Title": "1"}, actor=editor)
    two = items.create_item(session, lst, {"Title": "2"}, actor=editor)
    three = items.create_item(session, lst, {"Title": "3", "Related": [2, 1]}, actor=editor)
    assert items.read_values(session, three)["Related"] == [2, 1]
    items.delete_item(session, two, actor=editor)
    assert items.read_values(session, three)["Related"] == [1]
    with pytest.raises(ValidationError) as exc:
        items.update_item(session, one, {"Related": [2]}, actor=editor,
                          expected_row_version=one.row_version)
    assert "2" in exc.value.errors["Related"]


def test_counter_bumps_atomically_without_a_new_version(session, news, user, editor):
    item = items.create_item(session, news, {"Title": "Một"}, actor=editor)
    assert [counters.bump_counter(session, item, "ReadCount",
                               actor=editor) for _ in range(3)] == [1, 2, 3]
    session.refresh(item)
    assert item.row_version == 1 and item.version_label == "1.0"
    assert items.read_values(session, item)["ReadCount"] == 3
    counters.set_counter(session, item, "ReadCount", 9, actor=editor)
    assert items.read_values(session, item)["ReadCount"] == 9
    with pytest.raises(ValidationError):
        counters.bump_counter(session, item, "Title", actor=editor)


def test_page_is_newest_first_with_totals(session, news, user, editor):
    for n in range(5):
        items.create_item(session, news, {"Title": f"Tin {n}"}, actor=editor)
    page = items.page(session, news, page=2, page_size=2, actor=editor)
    assert [i.item_no for i in page.items] == [3, 2]
    assert (page.total, page.pages) == (5, 3)
    with pytest.raises(ValidationError):
        items.page(session, news, page=0, actor=editor)


def test_changing_the_content_type_of_an_item(session, site, news, user, editor):
    from listengine.services import content_types
    item_ct = content_types.add_to_list(session, news,
                                       content_types.get_content_type(session, site, "Item"),
                                       actor=editor)
    item = items.create_item(session, news, {"Title": "x", "PageCount": 2}, actor=editor)
    items.update_item(session, item, {}, actor=editor, content_type=item_ct,
                      expected_row_version=item.row_version)
    assert item.content_type_id == item_ct.id
    assert list(items.read_values(session, item)) == ["Title"]
    with pytest.raises(ValidationError):
        items.update_item(session, item, {}, actor=editor, content_type="Không có",
                          expected_row_version=item.row_version)


def test_failed_upload_writes_no_file_row(session, site, user, blobs, editor):
    from listengine.fields import Upload
    lst = lists.create_list(session, site, title="Ảnh", url_name="anh", actor=editor)
    columns.create_list_column(session, lst, internal_name="Picture", title="Hình ảnh",
                               type_key="Image", actor=editor)
    upload = Upload("a.png", "image/png", b"\x89PNG fake")
    with pytest.raises(ValidationError):
        items.create_item(session, lst, {"Title": "", "Picture": upload}, actor=editor, files=blobs)
    assert session.scalar(select(func.count()).select_from(StoredFile)) == 0
    item = items.create_item(session, lst, {"Title": "ok", "Picture": upload}, actor=editor,
                             files=blobs)
    assert items.read_values(session, item)["Picture"]["name"] == "a.png"


def test_only_view_counting_counters_count_views(session, news, user, editor):
    columns.create_list_column(session, news, internal_name="Shares", title="Lượt chia sẻ",
                               type_key="Counter", actor=editor)
    columns.update_column(session, columns.get_list_column(session, news, "ReadCount"),
                          settings={"count_views": True}, actor=editor)
    item = items.create_item(session, news, {"Title": "Một"}, actor=editor)
    cols = content_types.effective_columns(session, item.content_type)
    counted = counters._view_counters(cols)
    assert list(counted.values()) == ["ReadCount"]
    assert counters._add_to_counters(session, item.id, list(counted), 1) == {
        next(iter(counted)): 1}
    values = items.read_values(session, item)
    assert (values["ReadCount"], values["Shares"]) == (1, 0)
    assert item.row_version == 1


def test_lookup_options_and_stored_files(session, site, news, categories, user, blobs, editor):
    from listengine.errors import NotFound
    from listengine.fields import Upload
    from listengine.services import files, links
    category = columns.get_list_column(session, news, "Category")
    assert links.lookup_options(session, category, actor=editor) == [(2, "Kinh tế"), (1, "Thời sự")]
    picture = columns.create_list_column(session, news, internal_name="Picture",
                                         title="Hình ảnh", type_key="Image", actor=editor)
    item = items.create_item(session, news, {"Title": "a", "Picture": Upload(
        "a.png", "image/png", b"\x89PNG")}, actor=editor, files=blobs)
    stored = files.item_file(session, item, "Picture", actor=editor)
    assert blobs.get(stored.sha256) == b"\x89PNG" and stored.filename == "a.png"
    items.update_item(session, item, {"Picture": "https://example.org/a.png"}, actor=editor,
                      expected_row_version=item.row_version)
    for name in ("Picture", "Title", "Nope"):
        with pytest.raises(NotFound):
            files.item_file(session, item, name, actor=editor)
    assert picture.id


def test_defaults_of_a_new_item(session, news, user, editor):
    columns.create_list_column(session, news, internal_name="Kind", title="Loại",
                               type_key="Choice", default="Tin",
                               settings={"choices": ["Tin", "Bài"]}, actor=editor)
    columns.create_list_column(session, news, internal_name="Day", title="Ngày",
                               type_key="DateTime", default="[today]",
                               settings={"date_only": True}, actor=editor)
    defaults = items.defaults(session, news)
    assert defaults["Kind"] == "Tin" and defaults["Day"] is not None
    assert defaults["Title"] is None and "ReadCount" not in defaults
    item = items.create_item(session, news, {"Title": "x"}, actor=editor)
    assert items.read_values(session, item)["Kind"] == "Tin"


def test_get_item_at_an_address(session, site, news, user, editor):
    item = items.create_item(session, news, {"Title": "Một"}, actor=editor)
    found = items.get_item_at(session, "test", "tin-tuc", 1, actor=editor)
    assert found is item and found.list.site is site
    for address, missing in [(("nope", "tin-tuc", 1), "site 'nope'"),
                             (("test", "nope", 1), "list 'nope'"),
                             (("test", "tin-tuc", 9), "no item 9")]:
        with pytest.raises(NotFound) as exc:
            items.get_item_at(session, *address, actor=editor)
        assert missing in str(exc.value)
