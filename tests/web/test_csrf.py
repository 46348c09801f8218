"""Every form posts with a CSRF token; a post without one is refused."""
from __future__ import annotations

import re

import pytest

from webui import create_app

from .conftest import signed_in


@pytest.fixture
def guarded_app(db, tmp_path):
    return create_app({"TESTING": True, "LISTENGINE_DATABASE": db, "SECRET_KEY": "test",
                       "LISTENGINE_FILES_DIR": str(tmp_path / "files")})


@pytest.fixture
def guarded(guarded_app, user, editor):
    return signed_in(guarded_app, user)


def token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_new_item_without_token_is_refused(guarded, session, categories):
    response = guarded.post("/sites/test/lists/phan-loai/items/new", data={"Title": "X"})
    assert response.status_code == 400
    session.expire_all()
    assert categories.last_item_no == 2


def test_new_item_with_the_form_token_is_accepted(guarded, categories):
    form = guarded.get("/sites/test/lists/phan-loai/items/new").text
    response = guarded.post("/sites/test/lists/phan-loai/items/new",
                            data={"Title": "X", "csrf_token": token(form)})
    assert response.status_code == 302


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_edit_and_delete_need_the_token(guarded, session, categories, action):
    url = f"/sites/test/lists/phan-loai/items/1/{action}"
    assert 'name="csrf_token"' in guarded.get(url).text
    assert guarded.post(url, data={"Title": "Y", "row_version": "1"}).status_code == 400
    assert guarded.get("/sites/test/lists/phan-loai/items/1").status_code == 200


def test_sign_in_and_out_need_the_token(guarded_app, session, user):
    from listengine.services import users
    users._set_password(session, user, "mật-khẩu-đủ-dài")
    client = guarded_app.test_client()
    refused = client.post("/login", data={"login": "editor", "password": "mật-khẩu-đủ-dài"})
    assert refused.status_code == 400
    form = client.get("/login").text
    accepted = client.post("/login", data={"login": "editor", "password": "mật-khẩu-đủ-dài",
                                           "csrf_token": token(form)})
    assert accepted.status_code == 302
    assert client.post("/logout").status_code == 400  # still signed in
    assert "Đăng xuất" in client.get("/").text
