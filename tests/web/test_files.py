"""Image/File columns: upload, serve, keep, replace, remove, refuse."""
from __future__ import annotations

import io

import pytest

from listengine.services import columns, items, lists, users

NEW = "/sites/test/lists/moi-kieu/items/new"
EDIT = "/sites/test/lists/moi-kieu/items/1/edit"
PICTURE = "/sites/test/lists/moi-kieu/items/1/files/Picture"


def post_with_picture(client, url, data, content, name="ảnh.png", mimetype="image/png"):
    return client.post(url, data={**data, "Picture": (io.BytesIO(content), name, mimetype)},
                       content_type="multipart/form-data")


def picture_of(session, lst):
    session.expire_all()
    return items.read_values(session, items.get_item(session, lst, 1,
                                                     actor=users.system_actor(session)))["Picture"]


def test_uploaded_image_is_served_inline_with_its_type(client, session, everything, png):
    assert post_with_picture(client, NEW, {"Title": "Ảnh"}, png).status_code == 302
    response = client.get(PICTURE)
    assert response.status_code == 200
    assert response.data == png
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert "filename*=UTF-8''%E1%BA%A3nh.png" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_edit_keeps_replaces_or_removes_the_image(client, session, everything, png):
    post_with_picture(client, NEW, {"Title": "Ảnh"}, png)
    first = picture_of(session, everything)
    assert client.post(EDIT, data={"Title": "Ảnh 2", "row_version": "1"}).status_code == 302
    assert picture_of(session, everything) == first
    other = png + b"\x00"
    assert post_with_picture(client, EDIT, {"Title": "Ảnh 3", "row_version": "2"}, other,
                             name="moi.png").status_code == 302
    replaced = picture_of(session, everything)
    assert replaced["file_id"] != first["file_id"] and replaced["name"] == "moi.png"
    assert client.get(PICTURE).data == other
    assert client.post(EDIT, data={"Title": "Ảnh 4", "Picture-remove": "y",
                                   "row_version": "3"}).status_code == 302
    assert picture_of(session, everything) is None
    assert client.get(PICTURE).status_code == 404


def test_an_image_address_instead_of_an_upload(client, session, everything):
    client.post(NEW, data={"Title": "Ảnh", "Picture-url": "https://example.com/a.jpg"})
    assert picture_of(session, everything) == {"url": "https://example.com/a.jpg"}
    page = client.get("/sites/test/lists/moi-kieu/items/1").text
    assert 'src="https://example.com/a.jpg"' in page
    assert client.get(PICTURE).status_code == 404  # nothing stored to serve


def test_a_refused_upload_is_an_error_on_its_field(client, session, everything):
    response = post_with_picture(client, NEW, {"Title": "Ảnh"}, b"hello", name="a.txt",
                                 mimetype="text/plain")
    assert response.status_code == 400
    row = response.text[response.text.index('id="row-Picture"'):]
    assert "not allowed" in row[:row.index('<div class="form-row', 10)]
    assert everything.last_item_no == 0


@pytest.mark.parametrize("name", ["Title", "Nope"])
def test_only_stored_files_are_served(client, session, everything, png, name):
    post_with_picture(client, NEW, {"Title": "Ảnh"}, png)
    assert client.get(f"/sites/test/lists/moi-kieu/items/1/files/{name}").status_code == 404


def test_other_file_types_are_downloads_in_a_sandbox(client, session, site, editor):
    lst = lists.create_list(session, site, title="Tài liệu", url_name="tai-lieu", actor=editor)
    columns.create_list_column(session, lst, internal_name="Doc", title="Tệp", type_key="File",
                               actor=editor)
    response = client.post("/sites/test/lists/tai-lieu/items/new", data={
        "Title": "Trang", "Doc": (io.BytesIO(b"<script>alert(1)</script>"), "x.html",
                                  "text/html")}, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get("/sites/test/lists/tai-lieu/items/1").text
    assert '<a href="/sites/test/lists/tai-lieu/items/1/files/Doc"' in page
    served = client.get("/sites/test/lists/tai-lieu/items/1/files/Doc")
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in served.headers["Content-Security-Policy"]


def test_an_uploaded_audio_file_gets_a_player(client, session, everything):
    response = client.post(NEW, data={"Title": "Nghe", "Audio": (io.BytesIO(b"ID3audio"),
                                                                 "ban-tin.mp3", "audio/mpeg")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get("/sites/test/lists/moi-kieu/items/1").text
    assert '<audio controls preload="none" src="/sites/test/lists/moi-kieu/items/1/files/Audio">' \
        in page
