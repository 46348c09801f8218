"""New, Edit and Delete through the generated forms, with every field type."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import func, select

from listengine.models import Item
from listengine.services import items, lists, users

NEW = "/sites/test/lists/moi-kieu/items/new"


def stored(session, lst, item_no):
    session.expire_all()
    return items.read_values(session, items.get_item(session, lst, item_no,
                                                     actor=users.system_actor(session)))


def count(session, lst):
    return session.scalar(select(func.count()).select_from(Item).where(Item.list_id == lst.id))


def test_new_form_has_a_field_per_editable_column(client, everything):
    response = client.get(NEW)
    assert response.status_code == 200
    text = response.text
    for name in ("Title", "Caption", "Summary", "Body", "Score", "Pages", "Amount", "Published",
                 "Day", "Featured", "Kind", "Status", "Tags", "Owner", "Readers", "AltLink",
                 "Picture", "Audio", "Category", "Related"):
        assert f'name="{name}"' in text, name
    assert 'name="ReadCount"' not in text  # a counter is never typed in
    assert 'type="datetime-local"' in text and 'type="date"' in text
    assert 'name="AltLink-description"' in text and 'name="Status-fill_in"' in text
    assert 'type="file"' in text and 'enctype="multipart/form-data"' in text
    assert '<option value="1">Thời sự</option>' in text
    assert 'data-format="html"' in text
    assert 'Title <span class="required"' in text
    assert "Một dòng chữ" in text  # the column description as help text


def test_every_field_type_round_trips_through_new_and_edit(client, session, user,
                                                           everything, png, system):
    other = users.create_user(session, login="lan", display_name="Nguyễn Thị Lan", actor=system)
    response = client.post(NEW, data={
        "Title": "Bài một", "Caption": "Chú thích", "Summary": "Dòng 1\nDòng 2",
        "Body": '<p>Xin <b>chào</b><script>alert(1)</script></p>',
        "Score": "3.5", "Pages": "4", "Amount": "1500000",
        "Published": "2021-10-26T14:00", "Day": "2021-10-26", "Featured": "y",
        "Kind": "Bài", "Status": "", "Status-fill_in": "Chờ duyệt", "Tags": ["Một", "Ba"],
        "Owner": str(user.id), "Readers": [str(user.id), str(other.id)],
        "AltLink": "https://example.com/a", "AltLink-description": "Ví dụ",
        "Picture": (io.BytesIO(png), "ảnh.png", "image/png"),
        "Audio-url": "https://example.com/a.mp3", "Category": "1",
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith("/sites/test/lists/moi-kieu/items/1")

    values = stored(session, everything, 1)
    picture = values["Picture"]
    assert values == {
        "Title": "Bài một", "Caption": "Chú thích", "Summary": "Dòng 1\nDòng 2",
        "Body": values["Body"], "Score": Decimal("3.5"), "Pages": 4,
        "Amount": Decimal("1500000"),
        "Published": datetime(2021, 10, 26, 7, 0, tzinfo=timezone.utc),
        "Day": date(2021, 10, 26), "Featured": True, "Kind": "Bài", "Status": "Chờ duyệt",
        "Tags": ["Một", "Ba"], "Owner": user.id, "Readers": [user.id, other.id],
        "AltLink": {"url": "https://example.com/a", "description": "Ví dụ"},
        "Picture": picture, "Audio": {"url": "https://example.com/a.mp3"},
        "ReadCount": 0, "Category": 1, "Related": None,
    }
    assert "<b>chào</b>" in values["Body"] and "script" not in values["Body"]
    assert picture["name"] == "ảnh.png" and picture["content_type"] == "image/png"

    page = client.get("/sites/test/lists/moi-kieu/items/1").text
    for shown in ("Chú thích", "<b>chào</b>", "26/10/2021 14:00", "1.500.000", "Chờ duyệt",
                  "Nguyễn Thị Lan", '<a href="https://example.com/a" rel="noopener noreferrer"',
                  "Ví dụ</a>", '<img class="field-image" '
                  'src="/sites/test/lists/moi-kieu/items/1/files/Picture"',
                  'href="https://example.com/a.mp3"',
                  '<a href="/sites/test/lists/phan-loai/items/1">Thời sự</a>'):
        assert shown in page, shown
    assert "<script>" not in page

    form = client.get("/sites/test/lists/moi-kieu/items/1/edit").text
    for shown in ('value="Bài một"', 'value="2021-10-26T14:00"', 'value="2021-10-26"',
                  'value="3.5"', 'value="Chờ duyệt"', 'name="row_version" type="hidden" value="1"',
                  '<option selected value="Bài">', 'checked id="Featured"',
                  'href="/sites/test/lists/moi-kieu/items/1/files/Picture">ảnh.png</a>',
                  'value="https://example.com/a.mp3"', '<option selected value="1">Thời sự'):
        assert shown in form, shown

    response = client.post("/sites/test/lists/moi-kieu/items/1/edit", data={
        "row_version": "1", "Title": "Bài một (sửa)", "Caption": "", "Summary": "Một dòng",
        "Body": "<p>Mới</p>", "Score": "", "Pages": "5", "Amount": "2000000",
        "Published": "2021-10-27T08:30", "Day": "", "Kind": "Ảnh", "Status": "Đã duyệt",
        "Tags": ["Hai"], "Owner": str(other.id), "Readers": [str(other.id)],
        "AltLink": "", "AltLink-description": "", "Audio-url": "", "Audio-remove": "y",
        "Category": "2", "Related": ["1"],
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    values = stored(session, everything, 1)
    assert values == {
        "Title": "Bài một (sửa)", "Caption": None, "Summary": "Một dòng", "Body": "<p>Mới</p>",
        "Score": None, "Pages": 5, "Amount": Decimal("2000000"),
        "Published": datetime(2021, 10, 27, 1, 30, tzinfo=timezone.utc), "Day": None,
        "Featured": False, "Kind": "Ảnh", "Status": "Đã duyệt", "Tags": ["Hai"],
        "Owner": other.id, "Readers": [other.id], "AltLink": None,
        "Picture": picture,  # nothing uploaded: the stored file is kept
        "Audio": None, "ReadCount": 0, "Category": 2, "Related": [1],
    }
    page = client.get("/sites/test/lists/moi-kieu/items/1").text
    assert "Version: 2.0" in page
    assert '<a href="/sites/test/lists/moi-kieu/items/1">Bài một (sửa)</a>' in page


def test_engine_errors_show_next_to_their_fields_and_nothing_is_written(client, session,
                                                                       everything):
    before = count(session, everything)
    response = client.post(NEW, data={
        "Title": "", "Pages": "nhiều", "Published": "hôm qua", "Category": "99",
        "Caption": "giữ nguyên", "AltLink": "javascript:alert(1)",
    })
    assert response.status_code == 400
    text = response.text
    for name in ("Title", "Pages", "Published", "Category", "AltLink"):
        row = text[text.index(f'id="row-{name}"'):]
        row = row[:row.index('<div class="form-row', 10)]
        assert 'class="error"' in row, name
        assert "has-error" in text[text.index(f'id="row-{name}"') - 40:
                                   text.index(f'id="row-{name}"')], name
    assert "blank" in text
    assert 'value="nhiều"' in text and 'value="giữ nguyên"' in text
    assert 'value="hôm qua"' in text
    assert count(session, everything) == before


def test_edit_with_a_stale_row_version_is_a_conflict(client, session, user, categories, editor):
    item = items.create_item(session, categories, {"Title": "Văn hóa"}, actor=editor)
    items.update_item(session, item, {"Title": "Văn hóa - Xã hội"}, actor=editor,
                      expected_row_version=item.row_version)
    url = f"/sites/test/lists/phan-loai/items/{item.item_no}/edit"
    response = client.post(url, data={"row_version": "1", "Title": "Của tôi"})
    assert response.status_code == 409
    assert "người khác sửa" in response.text
    assert stored(session, categories, item.item_no)["Title"] == "Văn hóa - Xã hội"


def test_content_type_chooser_when_a_list_has_two(client, session, two_types, editor):
    page = client.get("/sites/test/lists/bang-tin/items/new").text
    assert "Loại nội dung" in page and 'name="Expires"' not in page
    notice = next(ct for ct in two_types.content_types if ct.name == "Thông báo")
    assert f"ct={notice.ct_id}" in page
    url = f"/sites/test/lists/bang-tin/items/new?ct={notice.ct_id}"
    page = client.get(url).text
    assert 'name="Expires"' in page and "<strong>Thông báo</strong>" in page
    response = client.post(url, data={"Title": "Nghỉ lễ", "Expires": "2021-09-02"})
    assert response.status_code == 302
    session.expire_all()
    item = items.get_item(session, two_types, 1, actor=editor)
    assert item.content_type.name == "Thông báo"
    assert items.read_values(session, item)["Expires"] == date(2021, 9, 2)
    assert "Content Type: Thông báo" in client.get("/sites/test/lists/bang-tin/items/1").text
    listing = client.get("/sites/test/lists/bang-tin/").text
    assert "+ Item" in listing and "+ Thông báo" in listing


def test_delete_asks_first_then_deletes(client, session, categories):
    url = "/sites/test/lists/phan-loai/items/2/delete"
    page = client.get(url)
    assert page.status_code == 200 and "Kinh tế" in page.text and "<form method=\"post\">" in page.text
    assert count(session, categories) == 2
    response = client.post(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sites/test/lists/phan-loai/")
    assert count(session, categories) == 1
    assert client.get("/sites/test/lists/phan-loai/items/2").status_code == 404


def test_delete_refused_by_a_restricting_lookup_shows_why(client, session, site, user,
                                                         categories, editor):
    from listengine.services import columns
    news = lists.create_list(session, site, title="Tin", url_name="tin", actor=editor)
    columns.create_list_column(session, news, internal_name="Category", title="Phân loại",
                               type_key="Lookup", settings={"target_list": categories.id,
                                                            "delete_behavior": "restrict"},
                                                            actor=editor)
    items.create_item(session, news, {"Title": "Tin", "Category": 1}, actor=editor)
    response = client.post("/sites/test/lists/phan-loai/items/1/delete")
    assert response.status_code == 400 and "restricts deletion" in response.text
    assert count(session, categories) == 2


def test_writes_are_attributed_to_the_signed_in_user(client, session, categories, editor):
    client.post("/sites/test/lists/phan-loai/items/new", data={"Title": "Thể thao"})
    session.expire_all()
    item = items.get_item(session, categories, 3, actor=editor)
    assert item.author.display_name == "Trần Văn Biên Tập" == item.editor.display_name


def test_new_form_starts_with_the_column_defaults(client, session, site, editor):
    from listengine.services import columns
    lst = lists.create_list(session, site, title="Mặc định", url_name="mac-dinh", actor=editor)
    columns.create_list_column(session, lst, internal_name="Kind", title="Loại",
                               type_key="Choice", default="Bài",
                               settings={"choices": ["Tin", "Bài"]}, actor=editor)
    columns.create_list_column(session, lst, internal_name="Pages", title="Trang",
                               type_key="Integer", default=3, actor=editor)
    text = client.get("/sites/test/lists/mac-dinh/items/new").text
    assert '<option selected value="Bài">' in text
    assert 'name="Pages" type="text" value="3"' in text
