"""Home, site and list pages, and the 404 page."""
from __future__ import annotations

import pytest

from listengine.services import items, lists, sites


def test_home_without_sites_says_how_to_create_one(anonymous_client):
    response = anonymous_client.get("/")
    assert response.status_code == 200
    assert "listengine demo" in response.text


def test_home_shows_the_first_site_with_its_lists_and_other_sites(client, session, site,
                                                                   categories, system):
    sites.create_site(session, slug="khac", title="Trang khác", actor=system)
    response = client.get("/")
    assert response.status_code == 200
    assert "Trang thử nghiệm" in response.text
    assert 'href="/sites/test/lists/phan-loai/"' in response.text
    assert "2 mục" in response.text and "Chuyên mục tin" in response.text
    assert 'href="/sites/khac/"' in response.text


def test_site_page_lists_lists_with_counts(client, session, site, categories, editor):
    lists.create_list(session, site, title="Trống", url_name="trong", actor=editor)
    response = client.get("/sites/test/")
    assert response.status_code == 200
    assert "Phân loại" in response.text and "Trống" in response.text
    assert "0 mục" in response.text and "2 mục" in response.text


def test_list_page_is_newest_first_and_paged(client, session, site, user, editor):
    lst = lists.create_list(session, site, title="Tin", url_name="tin", page_size=2, actor=editor)
    for n in range(1, 6):
        items.create_item(session, lst, {"Title": f"Tin số {n}"}, actor=editor)
    first = client.get("/sites/test/lists/tin/")
    assert first.status_code == 200
    assert "Trang 1 / 3" in first.text and "Tổng số: 5 mục" in first.text
    assert first.text.index("Tin số 5") < first.text.index("Tin số 4")
    assert "Tin số 3" not in first.text
    assert '<a href="/sites/test/lists/tin/items/5">Tin số 5</a>' in first.text
    last = client.get("/sites/test/lists/tin/?page=3")
    assert "Trang 3 / 3" in last.text and "Tin số 1" in last.text and "Tin số 2" not in last.text


def test_list_page_shows_the_view_fields_rendered(client, session, site, user, categories, editor):
    lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=editor)
    from listengine.services import columns
    columns.create_list_column(session, lst, internal_name="Category", title="Phân loại",
                               type_key="Lookup", settings={"target_list": categories.id},
                               actor=editor)
    lists.update_list(session, lst, view_fields=["Title", "Category"], actor=editor)
    items.create_item(session, lst, {"Title": "A <b>", "Category": 2}, actor=editor)
    text = client.get("/sites/test/lists/tin/").text
    assert "<th>Phân loại</th>" in text
    assert "A &lt;b&gt;" in text
    assert '<a href="/sites/test/lists/phan-loai/items/2">Kinh tế</a>' in text


@pytest.mark.parametrize("url", [
    "/sites/nope/",
    "/sites/test/lists/nope/",
    "/sites/test/lists/phan-loai/items/99",
    "/sites/test/lists/phan-loai/items/99/edit",
    "/sites/test/lists/phan-loai/items/99/delete",
    "/sites/test/lists/phan-loai/items/1/files/Title",
    "/sites/test/lists/phan-loai/items/new?ct=0x0199",
    "/no/such/page",
])
def test_unknown_things_are_404(client, categories, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.text


def test_a_site_that_shows_nothing_asks_to_sign_in_or_refuses(app, anonymous_client, session,
                                                              site, categories, system):
    from listengine.services import users

    from .conftest import signed_in
    response = anonymous_client.get("/sites/test/")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    stranger = users.create_user(session, actor=system, login="la", display_name="Người lạ")
    refused = signed_in(app, stranger).get("/sites/test/")
    assert refused.status_code == 403 and "Phân loại" not in refused.text
