"""The display page: every column of the content type, then the SharePoint footer."""
from __future__ import annotations

from datetime import datetime, timezone

from listengine.services import columns, counters, items, lists, users


def test_display_page_lists_columns_in_content_type_order_and_the_footer(
        client, session, site, user, categories, editor, member, system):
    lst = lists.create_list(session, site, title="Tin tức", url_name="tin-tuc", actor=editor)
    for spec in (dict(internal_name="Body", title="Nội dung", type_key="Note",
                      settings={"rich_text": True}),
                 dict(internal_name="Summary", title="Tóm tắt", type_key="Note"),
                 dict(internal_name="Views", title="Số lượt người đọc", type_key="Counter")):
        columns.create_list_column(session, lst, **spec, actor=editor)
    item = items.create_item(session, lst, {
        "Title": "Sở Ngoại vụ triển khai", "Summary": "a <b> b",
        "Body": '<p>Nội <strong>dung</strong><script>x()</script></p>'}, actor=editor)
    item.created = datetime(2021, 10, 26, 7, 0, tzinfo=timezone.utc)
    tam = member(users.create_user(session, login="tam", display_name="Vũ Thị Thanh Tâm",
                                   actor=system))
    items.update_item(session, item, {"Summary": "khác"}, actor=tam,
                      expected_row_version=item.row_version)
    counters.bump_counter(session, item, "Views", by=9, actor=tam)
    session.flush()

    response = client.get("/sites/test/lists/tin-tuc/items/1")
    assert response.status_code == 200
    text = response.text
    order = [text.index(title) for title in ("<th scope=\"row\">Title", "Nội dung", "Tóm tắt",
                                             "Số lượt người đọc")]
    assert order == sorted(order)
    assert "<strong>dung</strong>" in text and "<script>" not in text
    assert "khác" in text
    assert "<td>9</td>" in text
    assert "Content Type: Item" in text
    assert "Version: 2.0" in text
    assert f"Created at 26/10/2021 14:00 by {user.display_name}" in text
    assert "Last modified at " in text and "by Vũ Thị Thanh Tâm" in text
    assert 'href="/sites/test/lists/tin-tuc/items/1/edit"' in text
    assert 'href="/sites/test/lists/tin-tuc/items/1/delete"' in text


def test_plain_text_is_escaped(client, session, site, user, editor):
    lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=editor)
    items.create_item(session, lst, {"Title": "<img src=x onerror=alert(1)>"}, actor=editor)
    text = client.get("/sites/test/lists/tin/items/1").text
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text


def test_showing_the_page_counts_a_view_without_a_new_version(client, session, site, user, editor):
    lst = lists.create_list(session, site, title="Tin tức", url_name="tin-tuc", actor=editor)
    columns.create_list_column(session, lst, internal_name="Views", title="Lượt xem",
                               type_key="Counter", settings={"count_views": True}, actor=editor)
    item = items.create_item(session, lst, {"Title": "Tin"}, actor=editor)
    for expected in (1, 2, 3):
        assert f"<td>{expected}</td>" in client.get("/sites/test/lists/tin-tuc/items/1").text
    session.expire_all()
    assert items.read_values(session, item)["Views"] == 3
    assert (item.row_version, item.version_label) == (1, "1.0")
    assert client.get("/sites/test/lists/tin-tuc/items/9").status_code == 404
