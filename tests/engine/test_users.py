"""Users as a site collection administrator manages them: edit, deactivate, reset a password."""
from __future__ import annotations

import pytest

from listengine.errors import AccessDenied, ValidationError
from listengine.services import access, groups, users


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
    users.set_password(session, user, "mật-khẩu-đủ-dài")
    users.update_user(session, user, actor=admin, is_active=False)
    assert users.authenticate(session, "editor", "mật-khẩu-đủ-dài") is None
    assert access.actor_for(session, user).is_anonymous
    assert "editor" not in [u.login for u in users.list_users(session)]
    assert "editor" in [u.login for u in users.list_users(session, include_inactive=True)]
    users.update_user(session, user, actor=admin, is_active=True)
    assert users.authenticate(session, "editor", "mật-khẩu-đủ-dài").id == user.id


def test_a_new_password_ends_a_lockout(session, admin, user):
    users.set_password(session, user, "mật-khẩu-cũ-dài")
    for _ in range(users.LOCKOUT_THRESHOLD):
        users.authenticate(session, "editor", "sai")
    assert user.locked_until is not None
    users.update_user(session, user, actor=admin, password="mật-khẩu-mới-dài")
    assert user.locked_until is None
    assert users.authenticate(session, "editor", "mật-khẩu-mới-dài") is not None


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
    other = users.create_user(session, actor=access.system_actor(session), login="khac",
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
