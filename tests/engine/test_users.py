"""Users as a site collection administrator manages them: edit, deactivate, reset a password."""
from __future__ import annotations

from datetime import timedelta

import pytest

from listengine.errors import AccessDenied, ValidationError
from listengine.models import utcnow
from listengine.services import access, groups, throttle, users


@pytest.fixture
def admin(session, system):
    person = users.create_user(session, actor=system, login="quantri",
                               display_name="Quản Trị", is_site_admin=True)
    return access.actor_for(session, person)


def test_an_admin_changes_every_part_of_a_user(session, admin, user):
    users.update_user(session, user, actor=admin, display_name="  Trần Văn B ",
                      email="b@example.vn", is_site_admin=True, password="mật-khẩu-mới")
    session.expire_all()
    changed = users.get_user(session, "editor")
    assert (changed.display_name, changed.email, changed.is_site_admin) == (
        "Trần Văn B", "b@example.vn", True)
    assert users.authenticate(session, "editor", "mật-khẩu-mới").id == user.id


def test_none_keeps_a_value(session, admin, user):
    users.update_user(session, user, actor=admin, email="x@example.vn")
    assert (user.display_name, user.email, user.is_active) == (
        "Trần Văn Biên Tập", "x@example.vn", True)


def test_a_deactivated_user_cannot_sign_in_and_is_left_out_of_pickers(session, admin, user):
    users._set_password(session, user, "mật-khẩu-đủ-dài")
    users.update_user(session, user, actor=admin, is_active=False)
    assert users.authenticate(session, "editor", "mật-khẩu-đủ-dài") is None
    assert access.actor_for(session, user).is_anonymous
    assert "editor" not in [u.login for u in users.list_users(session)]
    assert "editor" in [u.login for u in users.list_users(session, include_inactive=True)]
    users.update_user(session, user, actor=admin, is_active=True)
    assert users.authenticate(session, "editor", "mật-khẩu-đủ-dài").id == user.id


def test_a_new_password_ends_a_lockout(session, admin, user, monkeypatch):
    users._set_password(session, user, "mật-khẩu-cũ-dài")
    later = utcnow()
    monkeypatch.setattr(throttle, "utcnow", lambda: later)
    for failure in range(1, throttle.PAIR_LIMIT + 1):
        assert users.authenticate(session, "editor", "sai") is None
        later += throttle.wait_after(failure) if failure < throttle.PAIR_LIMIT else timedelta(0)
    assert users.authenticate(session, "editor", "mật-khẩu-cũ-dài") is None  # locked
    users.update_user(session, user, actor=admin, password="mật-khẩu-mới-dài")
    assert users.authenticate(session, "editor", "mật-khẩu-mới-dài") is not None


def test_a_new_password_or_a_deactivation_gives_a_new_session_stamp(session, admin, user):
    stamps = [user.session_stamp]
    for change in (dict(password="mật-khẩu-mới-dài"), dict(is_active=False)):
        users.update_user(session, user, actor=admin, **change)
        stamps.append(user.session_stamp)
    users.end_sessions(session, user)
    stamps.append(user.session_stamp)
    assert len(set(stamps)) == 4 and all(len(stamp) == 32 for stamp in stamps)
    users.update_user(session, user, actor=admin, is_active=True)  # old sessions stay ended
    session.expire_all()
    assert users.get_user(session, "editor").session_stamp == stamps[-1]
    assert users.get_signed_in_user(session, user.id, stamps[0]) is None
    assert users.get_signed_in_user(session, user.id, stamps[-1]).id == user.id
    assert users.get_signed_in_user(session, user.id, "") is None


def test_editing_only_the_profile_keeps_the_sessions(session, admin, user):
    stamp = user.session_stamp
    users.update_user(session, user, actor=admin, display_name="Biên", email="b@example.vn",
                      is_active=True, is_site_admin=True)
    assert user.session_stamp == stamp


LIMITS = [("login", users.MAX_LOGIN), ("display_name", users.MAX_DISPLAY_NAME),
          ("email", users.MAX_EMAIL), ("password", users.MAX_PASSWORD)]


def longest(name: str, length: int) -> str:
    """A valid value of ``name`` exactly ``length`` characters long."""
    return "a" * (length - len("@example.vn")) + "@example.vn" if name == "email" \
        else "a" * length


@pytest.mark.parametrize("name, limit", LIMITS)
def test_every_text_of_a_user_has_a_length_limit(session, admin, name, limit):
    given = {"login": "dai", "display_name": "Dài", "email": "", "password": None}
    users.create_user(session, actor=admin, **{**given, name: longest(name, limit)})
    with pytest.raises(ValidationError) as exc:
        users.create_user(session, actor=admin,
                          **{**given, "login": "dai2", name: longest(name, limit + 1)})
    assert set(exc.value.errors) == {name}
    assert f"at most {limit} characters" in exc.value.errors[name]


def test_a_megabyte_display_name_is_refused(session, admin, user):
    with pytest.raises(ValidationError) as exc:
        users.update_user(session, user, actor=admin, display_name="A" * 1_000_000)
    assert set(exc.value.errors) == {"display_name"}
    session.expire_all()
    assert users.get_user(session, "editor").display_name == "Trần Văn Biên Tập"


@pytest.mark.parametrize("name, value", [
    ("login", "lan\x00"), ("login", "lan\tanh"), ("login", "lan\nanh"),
    ("display_name", "Lan\x00"), ("display_name", "Lan\x1b[31m"), ("display_name", "L\x7fan"),
    ("email", "lan@example.vn\x00"), ("email", "lan@exa\nmple.vn"),
    ("password", "mật-khẩu\x00dài"), ("password", "mật-khẩu\ndài"),
])
def test_control_characters_are_refused_by_field(session, admin, user, name, value):
    given = {"login": "lan", "display_name": "Lan", "email": "", "password": None}
    with pytest.raises(ValidationError) as exc:
        users.create_user(session, actor=admin, **{**given, name: value})
    assert set(exc.value.errors) == {name}
    assert "control characters" in exc.value.errors[name] \
        or "single line" in exc.value.errors[name]
    if name != "login":
        with pytest.raises(ValidationError) as exc:
            users.update_user(session, user, actor=admin, **{name: value})
        assert set(exc.value.errors) == {name}
    if name == "password":
        with pytest.raises(ValidationError):
            users._set_password(session, user, value)


def test_bad_input_names_every_field_and_changes_nothing(session, admin, user):
    with pytest.raises(ValidationError) as exc:
        users.update_user(session, user, actor=admin, display_name=" ", email="không-hợp-lệ",
                          password="ngắn", is_site_admin=True)
    assert set(exc.value.errors) == {"display_name", "email", "password"}
    session.expire_all()
    unchanged = users.get_user(session, "editor")
    assert (unchanged.display_name, unchanged.email, unchanged.is_site_admin) == (
        "Trần Văn Biên Tập", "", False)


@pytest.mark.parametrize("change", ["is_active", "is_site_admin"])
def test_own_account_and_system_account_stay_active_admins(session, admin, system, change):
    for person in (admin.user, system.user):
        with pytest.raises(ValidationError) as exc:
            users.update_user(session, person, actor=admin, **{change: False})
        assert set(exc.value.errors) == {change}
        assert person.is_active and person.is_site_admin


def test_only_a_site_collection_admin_changes_users(session, user, editor, site):
    other = users.create_user(session, actor=users.system_actor(session), login="khac",
                              display_name="Người Khác")
    for actor in (editor, access.anonymous()):
        with pytest.raises(AccessDenied) as exc:
            users.update_user(session, other, actor=actor, display_name="Đổi tên")
        assert exc.value.permission == "is_site_admin"
    assert other.display_name == "Người Khác"


def test_create_user_checks_the_same_profile_rules(session, admin):
    with pytest.raises(ValidationError) as exc:
        users.create_user(session, actor=admin, login="", display_name="",
                          email="sai", password="ngắn")
    assert set(exc.value.errors) == {"login", "display_name", "email", "password"}


def test_member_counts_of_a_sites_groups(session, site, system, member, user):
    member(user)
    member(users.create_user(session, actor=system, login="hai", display_name="Hai"))
    member(users.create_user(session, actor=system, login="ba", display_name="Ba"), "Visitors")
    by_name = {g.name: g.id for g in groups.list_groups(session, site)}
    assert groups.member_counts(session, site) == {
        by_name["Trang thử nghiệm Members"]: 2, by_name["Trang thử nghiệm Visitors"]: 1}
