"""Sessions end when they should: a session or remember-me cookie copied before signing out,
a password change, an admin's reset or a deactivation is refused afterwards; the cookies
are HttpOnly, SameSite=Lax, Secure when asked (or when the site is https), and "remember me"
lasts at most 30 days. Sign-in throttling goes by the client's own address."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest

from listengine.config import Settings
from listengine.services import throttle, users
from webui import create_app
from webui.auth import REMEMBER_FOR

from .conftest import signed_in

PASSWORD = "mật khẩu đúng"
ATTACKER, HOME = "203.0.113.9", "198.51.100.4"


@pytest.fixture
def lan(session, system):
    return users.create_user(session, actor=system, login="lan", display_name="Lan",
                             password=PASSWORD)


@pytest.fixture
def admin_client(app, session, system):
    return signed_in(app, users.create_user(session, actor=system, login="quantri",
                                            display_name="Quản Trị", is_site_admin=True))


def sign_in(client, password=PASSWORD, **extra):
    return client.post("/login", data={"login": "lan", "password": password, **extra})


def signed_in_as_lan(client) -> bool:
    return '<span class="who">Lan</span>' in client.get("/").text


def copies(app, client) -> list:
    """New clients holding a copy of ``client``'s session cookie, and of its remember-me
    cookie alone (as a stolen cookie would be replayed)."""
    made = []
    for name in ("session", "remember_token"):
        copy = app.test_client()
        copy.set_cookie(name, client.get_cookie(name).value)
        made.append(copy)
    return made


@pytest.fixture
def stolen(app, site, lan):
    """A client signed in as Lan with "remember me", and copies of its two cookies, each
    shown to work before the test ends the session."""
    client = app.test_client()
    assert sign_in(client, remember="y").status_code == 302
    made = copies(app, client)
    assert all(signed_in_as_lan(copy) for copy in made)
    return client, made


def test_copied_cookies_are_refused_after_signing_out(app, stolen):
    client, made = stolen
    assert client.post("/logout").status_code == 302
    assert not signed_in_as_lan(client)
    assert not any(signed_in_as_lan(copy) for copy in made)


def test_signing_out_ends_the_sessions_on_other_devices_too(app, stolen):
    client, made = stolen
    made[0].post("/logout")
    assert not signed_in_as_lan(client)
    assert sign_in(client).status_code == 302 and signed_in_as_lan(client)  # signs in anew


def test_copied_cookies_are_refused_after_a_password_change(stolen, session, lan):
    client, made = stolen
    users._set_password(session, lan, "mật khẩu mới dài")
    assert not any(signed_in_as_lan(c) for c in (client, *made))


def test_copied_cookies_are_refused_after_an_admin_resets_the_password(stolen, admin_client):
    client, made = stolen
    reset = admin_client.post("/users/lan/edit", data={
        "display_name": "Lan", "is_active": "y", "password": "mật khẩu mới dài"})
    assert reset.status_code == 302
    assert not any(signed_in_as_lan(c) for c in (client, *made))


def test_an_admins_profile_edit_keeps_the_session(stolen, admin_client):
    client, made = stolen
    admin_client.post("/users/lan/edit", data={"display_name": "Lan", "is_active": "y"})
    assert all(signed_in_as_lan(c) for c in (client, *made))


def test_copied_cookies_stay_refused_after_a_deactivated_user_comes_back(stolen, admin_client):
    client, made = stolen
    for active in ({}, {"is_active": "y"}):
        admin_client.post("/users/lan/edit", data={"display_name": "Lan", **active})
    assert not any(signed_in_as_lan(c) for c in (client, *made))


def test_a_session_without_a_stamp_is_refused(app, site, lan):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(lan.id)  # as sessions were stored before stamps
    assert not signed_in_as_lan(client)


def cookie_attributes(response, name: str) -> dict[str, str]:
    """The attributes of the ``name`` cookie ``response`` sets, by lower-case name."""
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "="))
    attributes = {}
    for part in header.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        attributes[key.lower()] = value
    return attributes


def remembered(app) -> tuple[dict[str, str], dict[str, str]]:
    """The attributes of the session and remember-me cookies a ticked sign-in sets."""
    response = sign_in(app.test_client(), remember="y")
    assert response.status_code == 302
    return cookie_attributes(response, "session"), cookie_attributes(response, "remember_token")


def lifetime(attributes: dict[str, str], since: datetime) -> timedelta:
    """How long a cookie set after ``since`` lives, to the second (Max-Age wins, RFC 6265)."""
    if "max-age" in attributes:
        return timedelta(seconds=int(attributes["max-age"]))
    return timedelta(seconds=round((parsedate_to_datetime(attributes["expires"]) - since)
                                   .total_seconds()))


def test_cookies_are_httponly_lax_and_remembered_for_at_most_30_days(app, site, lan):
    before = datetime.now(timezone.utc)
    session_cookie, remember = remembered(app)
    for attributes in (session_cookie, remember):
        assert attributes["samesite"] == "Lax" and "httponly" in attributes
        assert "secure" not in attributes  # off by default on an http site
    assert "expires" not in session_cookie  # gone when the browser closes
    assert lifetime(remember, before) <= timedelta(days=30)


@pytest.fixture
def app_with(db, tmp_path):
    def make(**config):
        return create_app({"TESTING": True, "LISTENGINE_DATABASE": db, "SECRET_KEY": "test",
                           "WTF_CSRF_ENABLED": False,
                           "LISTENGINE_FILES_DIR": str(tmp_path / "files"), **config})
    return make


@pytest.mark.parametrize("config, secure", [
    ({"LISTENGINE_SECURE_COOKIES": True}, True),
    ({"LISTENGINE_SITE_URL": "https://tin.example.vn"}, True),
    ({"LISTENGINE_SITE_URL": "HTTPS://tin.example.vn"}, True),
    ({"LISTENGINE_SITE_URL": "http://tin.example.vn"}, False),
    ({"LISTENGINE_SITE_URL": "https://tin.example.vn", "LISTENGINE_SECURE_COOKIES": False},
     False),
])
def test_cookies_are_secure_when_set_or_when_the_site_is_https(app_with, site, lan, config,
                                                               secure):
    for attributes in remembered(app_with(**config)):
        assert ("secure" in attributes) is secure
        assert attributes["samesite"] == "Lax"


def test_a_longer_remember_me_or_no_samesite_can_not_be_configured(app_with, site, lan):
    app = app_with(REMEMBER_COOKIE_DURATION=timedelta(days=365), SESSION_COOKIE_SAMESITE=None,
                   REMEMBER_COOKIE_SAMESITE=None)
    assert app.config["REMEMBER_COOKIE_DURATION"] == REMEMBER_FOR == timedelta(days=30)
    before = datetime.now(timezone.utc)
    session_cookie, remember = remembered(app)
    assert session_cookie["samesite"] == remember["samesite"] == "Lax"
    assert timedelta(days=30) - timedelta(seconds=5) <= lifetime(remember, before) \
        <= timedelta(days=30)
    shorter = app_with(REMEMBER_COOKIE_DURATION=timedelta(days=7),
                       SESSION_COOKIE_SAMESITE="Strict")
    assert shorter.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)
    assert shorter.config["SESSION_COOKIE_SAMESITE"] == "Strict"


@pytest.mark.parametrize("value, secure", [("", None), ("1", True), ("yes", True),
                                           ("off", False), ("False", False)])
def test_secure_cookies_and_site_url_come_from_the_environment(monkeypatch, value, secure):
    monkeypatch.setenv("LISTENGINE_SECURE_COOKIES", value)
    monkeypatch.setenv("LISTENGINE_SITE_URL", "https://tin.example.vn")
    settings = Settings()
    assert (settings.secure_cookies, settings.site_url) == (secure, "https://tin.example.vn")


def test_a_secure_cookies_value_that_is_no_flag_stops_start_up(monkeypatch):
    monkeypatch.setenv("LISTENGINE_SECURE_COOKIES", "có lẽ")
    with pytest.raises(ValueError, match="LISTENGINE_SECURE_COOKIES"):
        Settings()


def test_an_attacker_elsewhere_can_not_lock_the_user_out(app, site, lan, monkeypatch):
    """The web layer throttles by the request's own address."""
    later = [throttle.utcnow()]
    monkeypatch.setattr(throttle, "utcnow", lambda: later[0])
    attacker, home = app.test_client(), app.test_client()
    attacker.environ_base["REMOTE_ADDR"], home.environ_base["REMOTE_ADDR"] = ATTACKER, HOME
    for failure in range(1, throttle.PAIR_LIMIT + 3):
        assert sign_in(attacker, "sai rồi").status_code == 401
        later[0] += throttle.wait_after(failure) if failure < throttle.PAIR_LIMIT \
            else timedelta(0)
    assert sign_in(attacker).status_code == 401  # locked there
    assert sign_in(home).status_code == 302 and signed_in_as_lan(home)
