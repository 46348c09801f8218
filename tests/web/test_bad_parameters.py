"""URL parameters that are not valid ids or pages answer 404 or 400 with a message, never
500: an id beyond 64 bits used to reach the driver ("Python int too large to convert to
SQLite INTEGER"), one beyond 32 bits PostgreSQL's "integer out of range"."""
from __future__ import annotations

import pytest

from listengine.services import items, users

HUGE = "99999999999999999999"
ITEMS = "/sites/test/lists/phan-loai/items"


@pytest.mark.parametrize("path", [
    f"{ITEMS}/{HUGE}", f"{ITEMS}/{HUGE}/edit", f"{ITEMS}/{HUGE}/delete",
    f"{ITEMS}/{HUGE}/files/Picture", f"{ITEMS}/{HUGE}/permissions",
    f"{ITEMS}/{HUGE}/permissions/check", f"{ITEMS}/9223372036854775808",
    f"{ITEMS}/2147483648", f"{ITEMS}/2147483648/edit",
    f"{ITEMS}/0", f"{ITEMS}/-1", f"{ITEMS}/1e3",
])
def test_an_id_that_is_no_id_is_a_404(client, categories, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.text


def test_the_largest_id_is_just_not_found(client, categories):
    assert client.get(f"{ITEMS}/2147483647").status_code == 404


@pytest.mark.parametrize("page", ["9223372036854775807", "2147483648", HUGE, "0", "-1", "abc",
                                  "1.5", "", "١", "1e3"])
def test_a_page_that_is_no_page_number_is_a_400_naming_it(client, categories, page):
    response = client.get(f"/sites/test/lists/phan-loai/?page={page}")
    assert response.status_code == 400
    assert "<code>page</code>" in response.text and "Số trang" in response.text


@pytest.mark.parametrize("page", ["2147483647", "3"])
def test_a_page_past_the_end_is_a_404(client, categories, page):
    response = client.get(f"/sites/test/lists/phan-loai/?page={page}")
    assert response.status_code == 404
    assert "chỉ có 1 trang" in response.text


def test_pages_that_exist_still_show(client, session, categories, editor):
    for n in range(3):
        items.create_item(session, categories, {"Title": f"Mục {n}"}, actor=editor)
    categories.page_size = 2
    session.flush()
    assert client.get("/sites/test/lists/phan-loai/?page=2").status_code == 200
    assert client.get("/sites/test/lists/phan-loai/?page=3").status_code == 200
    assert client.get("/sites/test/lists/phan-loai/?page=4").status_code == 404


@pytest.mark.parametrize("category", ["²", "١", "１", HUGE, "2147483648", "-1"])
def test_a_lookup_id_that_is_no_id_is_a_field_error(client, session, everything, category):
    response = client.post("/sites/test/lists/moi-kieu/items/new",
                           data={"Title": "Bài", "Category": category})
    assert response.status_code == 400
    assert 'class="form-row has-error" id="row-Category"' in response.text
    assert items.page(session, everything, actor=users.system_actor(session)).total == 0
