"""Security through the web: an item a reader may not see is a 404 on every route and is left
out wherever it would be named; anonymous visitors read an open portal but are sent to sign in
to change anything; buttons show only what the reader may do; sign-in refuses alike whatever
was wrong, locks out, and remembers nobody unless asked."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from listengine.fields import Upload
from listengine.models import User, utcnow
from listengine.services import columns, items, levels, lists, sharing, throttle, users
from listengine.storage import LocalBlobStore
from webui.auth import FAILED_MESSAGE

from .conftest import signed_in

TIN = "/sites/test/lists/tin"
BAI = "/sites/test/lists/bai"
PASSWORD = "mật khẩu đúng"


@pytest.fixture
def portal(session, site, system, editor, tmp_path):
    """"Tin": item 1 is open to the site, item 2 ("Tin bí mật") has unique permissions that
    nobody holds (broken without copying by the System Account); both have a stored picture.
    "Bài" looks items of "Tin" up: its item 1 points at the secret, item 2 at the open one."""
    files = LocalBlobStore(tmp_path / "files")  # the app's LISTENGINE_FILES_DIR
    news = lists.create_list(session, site, title="Tin", url_name="tin", actor=system)
    columns.create_list_column(session, news, internal_name="Picture", title="Hình ảnh",
                               type_key="Image", actor=system)
    for title in ("Tin công khai", "Tin bí mật"):
        items.create_item(session, news, {"Title": title, "Picture": Upload(
            "a.png", "image/png", b"\x89PNG" + title.encode())}, actor=system, files=files)
    secret = items.get_item(session, news, 2, actor=system)
    sharing.break_inheritance(session, secret, actor=system, copy=False)
    articles = lists.create_list(session, site, title="Bài", url_name="bai", actor=system)
    columns.create_list_column(session, articles, internal_name="Ref", title="Tin gốc",
                               type_key="Lookup", settings={"target_list": news.id},
                               actor=system)
    lists.update_list(session, articles, view_fields=["Title", "Ref"], actor=system)
    items.create_item(session, articles, {"Title": "Bài A", "Ref": 2}, actor=system)
    items.create_item(session, articles, {"Title": "Bài B", "Ref": 1}, actor=system)
    session.flush()
    return news


def person(session, system, login, password=None, **kwargs) -> User:
    return users.create_user(session, actor=system, login=login, display_name=login.title(),
                             password=password, **kwargs)


def state(session, lst) -> list[tuple]:
    """Every item of ``lst`` as the System Account sees it: what a refusal must not change."""
    session.expire_all()
    page = items.page(session, lst, actor=users.system_actor(session))
    return [(item.item_no, item.row_version, items.read_values(session, item)["Title"])
            for item in page.items]


def login_redirect(response, path: str) -> bool:
    """Whether ``response`` sends the visitor to sign in and then back to ``path``."""
    location = urlsplit(response.headers.get("Location", ""))
    return (response.status_code == 302 and location.path == "/login"
            and parse_qs(location.query).get("next") == [path])


def same_page(one: str, other: str) -> bool:
    """Equal but for their CSRF tokens (signed with the time)."""
    token = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
    return token.sub("", one) == token.sub("", other)


# --- An item nobody here may see ----------------------------------------------------------

ITEM_ROUTES = [
    ("get", "/items/{n}"), ("get", "/items/{n}/edit"), ("post", "/items/{n}/edit"),
    ("get", "/items/{n}/delete"), ("post", "/items/{n}/delete"),
    ("get", "/items/{n}/files/Picture"),
    ("get", "/items/{n}/permissions"), ("get", "/items/{n}/permissions/check"),
    ("post", "/items/{n}/permissions/break"), ("post", "/items/{n}/permissions/reset"),
    ("post", "/items/{n}/permissions/grant"), ("post", "/items/{n}/permissions/anonymous"),
]


@pytest.mark.parametrize("method, route", ITEM_ROUTES, ids=[f"{m} {r}" for m, r in ITEM_ROUTES])
def test_a_hidden_item_is_not_found_through_every_route(client, session, portal, method, route):
    before = state(session, portal)
    data = {"Title": "Đã sửa", "row_version": "1", "copy": "y", "login": "editor",
            "levels": "Full Control", "level": "Read"}
    hidden = getattr(client, method)(TIN + route.format(n=2), data=data)
    missing = getattr(client, method)(TIN + route.format(n=99), data=data)
    assert (hidden.status_code, missing.status_code) == (404, 404)
    assert "Tin bí mật" not in hidden.text
    assert same_page(hidden.text.replace("item 2.", "item N."),
                     missing.text.replace("item 99.", "item N."))
    assert state(session, portal) == before
    assert not sharing.has_unique_permissions(items.get_item(
        session, portal, 1, actor=users.system_actor(session)))


def test_an_administrator_does_see_the_hidden_item(app, session, system, portal):
    admin = signed_in(app, person(session, system, "admin", is_site_admin=True))
    page = admin.get(TIN + "/items/2")
    assert page.status_code == 200 and "Tin bí mật" in page.text
    assert admin.get(TIN + "/items/2/files/Picture").data == b"\x89PNG" + "Tin bí mật".encode()


def test_a_hidden_lookup_target_is_named_nowhere(client, portal):
    pointing = client.get(BAI + "/items/1")
    assert pointing.status_code == 200
    assert "Bài A" in pointing.text and "Tin bí mật" not in pointing.text
    assert TIN + "/items/2" not in pointing.text
    other = client.get(BAI + "/items/2").text
    assert f'<a href="{TIN}/items/1">Tin công khai</a>' in other
    for page in (client.get(BAI + "/"), client.get(BAI + "/items/1/edit"),
                 client.get(BAI + "/items/new"), client.get(TIN + "/")):
        assert page.status_code == 200
        assert "Tin bí mật" not in page.text and TIN + "/items/2" not in page.text
    bai = client.get(BAI + "/").text
    assert "Bài A" in bai and "Tin công khai" in bai
    tin = client.get(TIN + "/").text
    assert "Tin công khai" in tin and "Tổng số: 1 mục" in tin


def submitted_choice(page: str, name: str) -> str:
    """What a browser sends for the select ``name``: its selected option, else its first."""
    options = re.search(rf'<select id="{name}" name="{name}">(.*?)</select>', page).group(1)
    chosen = re.search(r'<option selected value="([^"]*)"', options)
    return chosen.group(1) if chosen else re.search(r'<option value="([^"]*)"', options).group(1)


def test_saving_a_form_keeps_a_lookup_the_editor_cannot_see(client, session, portal):
    """The form cannot offer the hidden target, so the browser sends the empty choice;
    saving another change must not unlink what the editor could not even see."""
    form = client.get(BAI + "/items/1/edit").text
    response = client.post(BAI + "/items/1/edit", data={
        "Title": "Bài A (sửa)", "Ref": submitted_choice(form, "Ref"), "row_version": "1"})
    assert response.status_code == 302
    session.expire_all()
    articles = lists.get_list(session, portal.site, "bai", actor=users.system_actor(session))
    values = items.read_values(session, items.get_item(
        session, articles, 1, actor=users.system_actor(session)))
    assert (values["Title"], values["Ref"]) == ("Bài A (sửa)", 2)


def test_the_site_page_counts_only_readable_items(client, app, session, system, portal):
    page = client.get("/sites/test/").text
    assert re.search(r'href="/sites/test/lists/tin/">Tin</a>\s*<span class="count">1 mục', page)
    admin = signed_in(app, person(session, system, "admin", is_site_admin=True))
    assert re.search(r'href="/sites/test/lists/tin/">Tin</a>\s*<span class="count">2 mục',
                     admin.get("/sites/test/").text)


def test_one_shared_item_shows_its_list_with_only_that_item(app, session, site, system,
                                                             portal):
    stranger = person(session, system, "la")
    sharing.grant(session, items.get_item(session, portal, 2, actor=system), stranger,
                  levels.get_level(session, site, "Read"), actor=system)
    client = signed_in(app, stranger)
    listing = client.get(TIN + "/")
    assert listing.status_code == 200
    assert "Tin bí mật" in listing.text and "Tin công khai" not in listing.text
    assert client.get(TIN + "/items/2").status_code == 200
    assert client.get(TIN + "/items/1").status_code == 404
    assert client.get(BAI + "/").status_code == 404
    home = client.get("/sites/test/").text
    assert f'href="{TIN}/"' in home and f'href="{BAI}/"' not in home


# --- Anonymous visitors -------------------------------------------------------------------

@pytest.fixture
def open_portal(session, site, system, portal):
    """The portal with anonymous Read on the site."""
    sharing.set_anonymous_access(session, site, levels.get_level(session, site, "Read"),
                                 actor=system)
    session.flush()
    return portal


def test_anonymous_visitors_read_an_open_portal(anonymous_client, open_portal):
    home = anonymous_client.get("/sites/test/")
    assert home.status_code == 200 and f'href="{TIN}/"' in home.text
    listing = anonymous_client.get(TIN + "/")
    assert listing.status_code == 200
    assert "Tin công khai" in listing.text and "Tin bí mật" not in listing.text
    assert "Mục mới" not in listing.text and TIN + "/items/new" not in listing.text
    shown = anonymous_client.get(TIN + "/items/1")
    assert shown.status_code == 200 and "Tin công khai" in shown.text
    assert ">Sửa</a>" not in shown.text and ">Xóa</a>" not in shown.text
    assert anonymous_client.get(TIN + "/items/1/files/Picture").status_code == 200
    assert anonymous_client.get(TIN + "/items/2").status_code == 404
    assert "Tin bí mật" not in anonymous_client.get(BAI + "/items/1").text


@pytest.mark.parametrize("route", ["/items/new", "/items/1/edit", "/items/1/delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_changes_are_sent_to_sign_in(anonymous_client, session, open_portal, route,
                                               method):
    before = state(session, open_portal)
    response = getattr(anonymous_client, method)(TIN + route, data={"Title": "Khách sửa"})
    assert login_redirect(response, TIN + route)
    assert state(session, open_portal) == before


def test_a_closed_portal_shows_anonymous_visitors_nothing(anonymous_client, session, portal):
    home = anonymous_client.get("/sites/test/")
    assert login_redirect(home, "/sites/test/")
    for path in (TIN + "/", TIN + "/items/1", TIN + "/items/1/files/Picture", BAI + "/"):
        response = anonymous_client.get(path)
        assert response.status_code == 404, path  # the same answer as for a missing page...
        assert "Tin công khai" not in response.text and "Bài" not in response.text
        assert f'/login?next={quote(path, safe="/")}' in response.text  # ...offering sign-in


# --- Buttons ----------------------------------------------------------------------------------

@pytest.fixture
def visitor(app, session, system, member):
    reader = person(session, system, "doc-gia")
    member(reader, "Visitors")
    return signed_in(app, reader)


def test_a_visitor_is_refused_changes(visitor, session, portal):
    before = state(session, portal)
    for method in ("get", "post"):
        for route in ("/items/new", "/items/1/edit", "/items/1/delete"):
            response = getattr(visitor, method)(TIN + route, data={"Title": "Độc giả sửa"})
            assert response.status_code == 403, (method, route)
            assert "Không có quyền" in response.text
    assert state(session, portal) == before


def test_a_visitor_sees_no_buttons_to_change_things(visitor, portal):
    listing = visitor.get(TIN + "/").text
    assert "Tin công khai" in listing
    assert "Mục mới" not in listing and TIN + "/items/new" not in listing
    shown = visitor.get(TIN + "/items/1").text
    assert "Tin công khai" in shown
    assert ">Sửa</a>" not in shown and ">Xóa</a>" not in shown
    assert TIN + "/items/1/edit" not in shown and TIN + "/items/1/delete" not in shown
    assert TIN + "/items/1/permissions" not in shown


def test_a_member_sees_the_buttons_and_may_use_them(client, session, portal):
    listing = client.get(TIN + "/").text
    assert "Mục mới" in listing and f'href="{TIN}/items/new"' in listing
    shown = client.get(TIN + "/items/1").text
    assert ">Sửa</a>" in shown and ">Xóa</a>" in shown
    assert f'href="{TIN}/items/1/edit"' in shown and f'href="{TIN}/items/1/delete"' in shown
    assert TIN + "/items/1/permissions" not in shown  # Edit does not enumerate permissions
    assert client.get(TIN + "/items/new").status_code == 200
    assert client.post(TIN + "/items/1/edit", data={"Title": "Thành viên sửa",
                                                    "row_version": "1"}).status_code == 302
    assert state(session, portal)[-1][2] == "Thành viên sửa"


def test_an_owner_sees_the_permissions_button(app, session, system, member, portal):
    owner = person(session, system, "chu")
    member(owner, "Owners")
    shown = signed_in(app, owner).get(TIN + "/items/1").text
    assert f'href="{TIN}/items/1/permissions"' in shown


SITE_MENU = ('href="/sites/test/permissions"', 'href="/sites/test/groups"',
             'href="/sites/test/levels"', 'href="/users"')


@pytest.mark.parametrize("role, shown", [
    ("Visitors", set()), ("Members", set()), ("Owners", set(SITE_MENU[:3])),
    ("admin", set(SITE_MENU))])
def test_the_site_menu_shows_only_what_the_reader_may_manage(app, session, system, member,
                                                             portal, role, shown):
    reader = person(session, system, "nguoi-doc", is_site_admin=role == "admin")
    if role != "admin":
        member(reader, role)
    page = signed_in(app, reader).get("/sites/test/")
    assert page.status_code == 200 and f'href="{TIN}/"' in page.text
    assert {link for link in SITE_MENU if link in page.text} == shown


# --- Signing in -----------------------------------------------------------------------------

@pytest.fixture
def lan(session, system):
    return person(session, system, "lan", password=PASSWORD)


def sign_in(client, login, password, **extra):
    return client.post("/login", data={"login": login, "password": password, **extra})


def failure_message(response) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', response.text)
    return found.group(1) if found else ""


def signed_in_as(client, name: str) -> bool:
    return f'<span class="who">{name}</span>' in client.get("/sites/test/").text


def test_a_wrong_password_reads_like_an_unknown_login(anonymous_client, site, lan):
    wrong = sign_in(anonymous_client, "lan", "sai rồi")
    unknown = sign_in(anonymous_client, "khong-ai", "sai rồi")
    assert (wrong.status_code, unknown.status_code) == (401, 401)
    assert failure_message(wrong) == failure_message(unknown) == FAILED_MESSAGE
    assert not signed_in_as(anonymous_client, "Lan")


def test_the_right_password_signs_in_and_returns_to_the_page(anonymous_client, site, lan):
    response = anonymous_client.post("/login?next=/sites/test/",
                                     data={"login": "lan", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/sites/test/"
    assert signed_in_as(anonymous_client, "Lan")


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/x"])
def test_sign_in_never_redirects_off_the_site(anonymous_client, site, lan, target):
    response = anonymous_client.post(f"/login?next={target}",
                                     data={"login": "lan", "password": PASSWORD})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")
    assert "evil.example" not in response.headers["Location"]


def test_five_failures_lock_out_the_right_password(anonymous_client, monkeypatch, site, lan):
    clock = [utcnow()]
    monkeypatch.setattr(throttle, "utcnow", lambda: clock[0])
    for failure in range(1, throttle.PAIR_LIMIT + 1):
        assert sign_in(anonymous_client, "lan", "sai rồi").status_code == 401
        if failure < throttle.PAIR_LIMIT:
            clock[0] += throttle.wait_after(failure)  # sits out each wait
    locked = sign_in(anonymous_client, "lan", PASSWORD)
    assert locked.status_code == 401
    assert failure_message(locked) == failure_message(sign_in(anonymous_client, "x", "y"))
    assert not signed_in_as(anonymous_client, "Lan")
    clock[0] += throttle.PERIOD
    assert sign_in(anonymous_client, "lan", PASSWORD).status_code == 302


def set_cookies(response) -> str:
    return "\n".join(response.headers.getlist("Set-Cookie"))


def test_remember_me_is_off_unless_ticked(app, site, lan):
    plain = sign_in(app.test_client(), "lan", PASSWORD)
    assert plain.status_code == 302 and "remember_token" not in set_cookies(plain)
    ticked = sign_in(app.test_client(), "lan", PASSWORD, remember="y")
    assert ticked.status_code == 302 and "remember_token=" in set_cookies(ticked)
    assert "HttpOnly" in next(c for c in ticked.headers.getlist("Set-Cookie")
                              if c.startswith("remember_token="))


def test_logout_is_a_post(app, session, site, lan):
    client = signed_in(app, lan)
    assert client.get("/logout").status_code == 405
    assert signed_in_as(client, "Lan")
    response = client.post("/logout")
    assert response.status_code == 302
    assert not signed_in_as(client, "Lan")


def test_a_deactivated_user_is_signed_out(app, session, system, member, open_portal):
    reader = person(session, system, "cu")
    member(reader, "Members")
    client = signed_in(app, reader)
    assert signed_in_as(client, "Cu")
    reader.is_active = False
    session.flush()
    assert not signed_in_as(client, "Cu")
    assert login_redirect(client.get(TIN + "/items/1/edit"), TIN + "/items/1/edit")
