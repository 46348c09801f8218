"""Item CRUD: per-list IDs, system columns, validation, uniqueness, concurrency, counters."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from listengine.errors import Conflict, NotFound, ValidationError
from listengine.models import Item, ItemLink, StoredFile
from listengine.services import columns, items, lists, users


def count_items(session, lst=None):
    query = select(func.count()).select_from(Item)
    if lst is not None:
        query = query.where(Item.list_id == lst.id)
    return session.scalar(query)


def test_ids_are_sequential_per_list_and_never_reused(session, site, news, categories, user):
    first = items.create_item(session, news, {"Title": "Một"}, user=user)
    second = items.create_item(session, news, {"Title": "Hai"}, user=user)
    assert (first.item_no, second.item_no) == (1, 2)
    assert items.create_item(session, categories, {"Title": "Văn hóa"}, user=user).item_no == 3
    items.delete_item(session, second, user=user)
    assert items.create_item(session, news, {"Title": "Ba"}, user=user).item_no == 3


def test_system_columns_and_versions(session, news, user):
    other = users.create_user(session, login="other", display_name="Lê Thị Khác")
    item = items.create_item(session, news, {"Title": "Một", "PageCount": "3"}, user=user)
    assert item.author_id == user.id and item.editor_id == user.id
    assert item.created == item.modified and item.created.tzinfo is not None
    assert item.version_label == "1.0" and item.row_version == 1
    items.update_item(session, item, {"PageCount": 4}, user=other)
    assert item.version_label == "2.0" and item.row_version == 2
    assert item.editor_id == other.id and item.author_id == user.id
    assert item.modified >= item.created
    assert items.read_values(session, item)["PageCount"] == 4
    items.update_item(session, item, {"PageCount": 4}, user=other)  # nothing changed
    assert item.version_label == "2.0" and item.row_version == 2


def test_get_missing_item_is_not_found(session, news):
    with pytest.raises(NotFound):
        items.get_item(session, news, 99)


def test_every_field_error_is_reported_and_nothing_written(session, news, user):
    before = (count_items(session), news.last_item_no)
    with pytest.raises(ValidationError) as exc:
        items.create_item(session, news, {"Title": "", "PageCount": "nhiều", "Category": 42,
                                          "Unknown": "x", "ReadCount": 5}, user=user)
    assert set(exc.value.errors) == {"Title", "PageCount", "Category", "Unknown", "ReadCount"}
    assert "blank" in exc.value.errors["Title"]
    session.expire_all()
    assert (count_items(session), news.last_item_no) == before
    assert session.scalar(select(func.count()).select_from(ItemLink)) == 0


def test_update_validates_and_keeps_the_old_values(session, news, user):
    item = items.create_item(session, news, {"Title": "Một", "PageCount": 1}, user=user)
    with pytest.raises(ValidationError) as exc:
        items.update_item(session, item, {"Title": "", "PageCount": -1}, user=user)
    assert set(exc.value.errors) == {"Title", "PageCount"}
    session.expire_all()
    assert items.read_values(session, item) | {} == {
        "Title": "Một", "Summary": None, "PageCount": 1, "Category": None, "ReadCount": 0}
    assert item.row_version == 1


def test_stale_row_version_is_a_conflict(session, news, user):
    item = items.create_item(session, news, {"Title": "Một"}, user=user)
    items.update_item(session, item, {"Title": "Hai"}, user=user, expected_row_version=1)
    with pytest.raises(Conflict):
        items.update_item(session, item, {"Title": "Ba"}, user=user, expected_row_version=1)
    assert items.read_values(session, item)["Title"] == "Hai"


def test_unique_values_are_enforced_case_insensitively(session, news, user):
    code = columns.create_list_column(session, news, internal_name="Code", title="Mã",
                                      type_key="Text", unique=True)
    assert code.indexed  # SharePoint: unique columns are indexed
    first = items.create_item(session, news, {"Title": "A", "Code": "QD-2631"}, user=user)
    with pytest.raises(ValidationError) as exc:
        items.create_item(session, news, {"Title": "B", "Code": "qd-2631"}, user=user)
    assert "unique" in exc.value.errors["Code"]
    second = items.create_item(session, news, {"Title": "B", "Code": "QD-2632"}, user=user)
    with pytest.raises(ValidationError):
        items.update_item(session, second, {"Code": "QD-2631"}, user=user)
    items.update_item(session, first, {"Title": "A2", "Code": "QD-2631"}, user=user)  # its own value
    items.update_item(session, first, {"Code": "QD-1"}, user=user)  # frees the old value
    items.update_item(session, second, {"Code": "QD-2631"}, user=user)
    items.delete_item(session, second, user=user)
    items.create_item(session, news, {"Title": "C", "Code": "QD-2631"}, user=user)


def test_turning_unique_on_over_duplicates_is_refused(session, news, user):
    code = columns.create_list_column(session, news, internal_name="Code", title="Mã",
                                      type_key="Text")
    for title in ("A", "B"):
        items.create_item(session, news, {"Title": title, "Code": "X"}, user=user)
    with pytest.raises(ValidationError) as exc:
        columns.update_column(session, code, unique=True)
    assert "same value" in exc.value.errors["unique"]
    assert not code.unique


def test_lookup_links_and_restrict(session, news, categories, user):
    item = items.create_item(session, news, {"Title": "Một", "Category": 1}, user=user)
    link = session.scalar(select(ItemLink).where(ItemLink.item_id == item.id))
    target = items.get_item(session, categories, 1)
    assert link.target_item_id == target.id
    with pytest.raises(ValidationError) as exc:
        items.delete_item(session, target, user=user)
    assert "restricts" in exc.value.errors["Category"]
    assert items.get_item(session, categories, 1)
    items.update_item(session, item, {"Category": 2}, user=user)
    items.delete_item(session, target, user=user)


@pytest.mark.parametrize("behavior", ["cascade", "none"])
def test_lookup_delete_behaviors(session, site, categories, user, behavior):
    notes = lists.create_list(session, site, title="Ghi chú", url_name="ghi-chu")
    columns.create_list_column(session, notes, internal_name="Category", title="Phân loại",
                               type_key="Lookup", settings={"target_list": categories.id,
                                                             "delete_behavior": behavior})
    note = items.create_item(session, notes, {"Title": "n", "Category": 2}, user=user)
    items.delete_item(session, items.get_item(session, categories, 2), user=user)
    if behavior == "cascade":
        with pytest.raises(NotFound):
            items.get_item(session, notes, note.item_no)
    else:
        assert items.read_values(session, note)["Category"] is None


def test_lookup_multi_to_the_same_list_cleans_up_on_delete(session, site, user):
    lst = lists.create_list(session, site, title="Bài", url_name="bai")
    columns.create_list_column(session, lst, internal_name="Related", title="Tin liên quan",
                               type_key="LookupMulti", settings={"target_list": "self"})
    one = items.create_item(session, lst, {"Title": "1"}, user=user)
    two = items.create_item(session, lst, {"Title": "2"}, user=user)
    three = items.create_item(session, lst, {"Title": "3", "Related": [2, 1]}, user=user)
    assert items.read_values(session, three)["Related"] == [2, 1]
    items.delete_item(session, two, user=user)
    assert items.read_values(session, three)["Related"] == [1]
    with pytest.raises(ValidationError) as exc:
        items.update_item(session, one, {"Related": [2]}, user=user)
    assert "2" in exc.value.errors["Related"]


def test_counter_bumps_atomically_without_a_new_version(session, news, user):
    item = items.create_item(session, news, {"Title": "Một"}, user=user)
    assert [items.bump_counter(session, item, "ReadCount") for _ in range(3)] == [1, 2, 3]
    session.refresh(item)
    assert item.row_version == 1 and item.version_label == "1.0"
    assert items.read_values(session, item)["ReadCount"] == 3
    items.set_counter(session, item, "ReadCount", 9)
    assert items.read_values(session, item)["ReadCount"] == 9
    with pytest.raises(ValidationError):
        items.bump_counter(session, item, "Title")


def test_page_is_newest_first_with_totals(session, news, user):
    for n in range(5):
        items.create_item(session, news, {"Title": f"Tin {n}"}, user=user)
    page = items.page(session, news, page=2, page_size=2)
    assert [i.item_no for i in page.items] == [3, 2]
    assert (page.total, page.pages) == (5, 3)
    with pytest.raises(ValidationError):
        items.page(session, news, page=0)


def test_changing_the_content_type_of_an_item(session, site, news, user):
    from listengine.services import contenttypes
    item_ct = contenttypes.add_to_list(session, news,
                                       contenttypes.get_content_type(session, site, "Item"))
    item = items.create_item(session, news, {"Title": "x", "PageCount": 2}, user=user)
    items.update_item(session, item, {}, user=user, content_type=item_ct)
    assert item.content_type_id == item_ct.id
    assert list(items.read_values(session, item)) == ["Title"]
    with pytest.raises(ValidationError):
        items.update_item(session, item, {}, user=user, content_type="Không có")


def test_failed_upload_writes_no_file_row(session, site, user, blobs):
    from listengine.fields import Upload
    lst = lists.create_list(session, site, title="Ảnh", url_name="anh")
    columns.create_list_column(session, lst, internal_name="Picture", title="Hình ảnh",
                               type_key="Image")
    upload = Upload("a.png", "image/png", b"\x89PNG fake")
    with pytest.raises(ValidationError):
        items.create_item(session, lst, {"Title": "", "Picture": upload}, user=user, files=blobs)
    assert session.scalar(select(func.count()).select_from(StoredFile)) == 0
    item = items.create_item(session, lst, {"Title": "ok", "Picture": upload}, user=user,
                             files=blobs)
    assert items.read_values(session, item)["Picture"]["name"] == "a.png"


def test_record_view_bumps_only_view_counting_counters(session, news, user):
    columns.create_list_column(session, news, internal_name="Shares", title="Lượt chia sẻ",
                               type_key="Counter")
    columns.update_column(session, columns.get_list_column(session, news, "ReadCount"),
                          settings={"count_views": True})
    item = items.create_item(session, news, {"Title": "Một"}, user=user)
    assert items.record_view(session, item) == {"ReadCount": 1}
    assert items.record_view(session, item) == {"ReadCount": 2}
    values = items.read_values(session, item)
    assert (values["ReadCount"], values["Shares"]) == (2, 0)
    assert item.row_version == 1


def test_lookup_options_and_stored_files(session, site, news, categories, user, blobs):
    from listengine.errors import NotFound
    from listengine.fields import Upload
    from listengine.services import files, links
    category = columns.get_list_column(session, news, "Category")
    assert links.lookup_options(session, category) == [(2, "Kinh tế"), (1, "Thời sự")]
    picture = columns.create_list_column(session, news, internal_name="Picture",
                                         title="Hình ảnh", type_key="Image")
    item = items.create_item(session, news, {"Title": "a", "Picture": Upload(
        "a.png", "image/png", b"\x89PNG")}, user=user, files=blobs)
    stored = files.item_file(session, item, "Picture")
    assert blobs.get(stored.sha256) == b"\x89PNG" and stored.filename == "a.png"
    items.update_item(session, item, {"Picture": "https://example.org/a.png"}, user=user)
    for name in ("Picture", "Title", "Nope"):
        with pytest.raises(NotFound):
            files.item_file(session, item, name)
    assert picture.id


def test_defaults_of_a_new_item(session, news, user):
    columns.create_list_column(session, news, internal_name="Kind", title="Loại",
                               type_key="Choice", default="Tin",
                               settings={"choices": ["Tin", "Bài"]})
    columns.create_list_column(session, news, internal_name="Day", title="Ngày",
                               type_key="DateTime", default="[today]",
                               settings={"date_only": True})
    defaults = items.defaults(session, news)
    assert defaults["Kind"] == "Tin" and defaults["Day"] is not None
    assert defaults["Title"] is None and "ReadCount" not in defaults
    item = items.create_item(session, news, {"Title": "x"}, user=user)
    assert items.read_values(session, item)["Kind"] == "Tin"


def test_get_item_at_an_address(session, site, news, user):
    item = items.create_item(session, news, {"Title": "Một"}, user=user)
    found = items.get_item_at(session, "test", "tin-tuc", 1)
    assert found is item and found.list.site is site
    for address, missing in [(("nope", "tin-tuc", 1), "site 'nope'"),
                             (("test", "nope", 1), "list 'nope'"),
                             (("test", "tin-tuc", 9), "no item 9")]:
        with pytest.raises(NotFound) as exc:
            items.get_item_at(session, *address)
        assert missing in str(exc.value)
