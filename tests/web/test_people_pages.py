"""People and groups, permission levels, and the users page of site collection admins.

Each change is checked in the engine afterwards; refused and bad requests change nothing.
"""
from __future__ import annotations

import pytest

from listengine.errors import NotFound
from listengine.permissions import FULL_MASK, Permission, names_of
from listengine.services import access, groups, levels, users

from .conftest import signed_in

MEMBERS = "Trang thử nghiệm Members"
GROUP = "/sites/test/groups/Trang thử nghiệm Members"


@pytest.fixture
def admin(session, system):
    return users.create_user(session, actor=system, login="quantri", display_name="Quản Trị",
                             email="qt@example.vn", is_site_admin=True)


@pytest.fixture
def admin_client(app, admin):
    return signed_in(app, admin)


def logins(session, site, name: str) -> list[str]:
    session.expire_all()
    return [person.login for person in groups.members(session, groups.get_group(session, site,
                                                                                  name))]


def group_names(session, site) -> list[str]:
    session.expire_all()
    return [group.name for group in groups.list_groups(session, site)]


# Groups

def test_groups_page_lists_groups_with_member_counts(owner_client, user, editor):
    response = owner_client.get("/sites/test/groups")
    assert response.status_code == 200
    rows = response.text[response.text.index('id="groups"'):]
    for name, count in ((MEMBERS, 1), ("Trang thử nghiệm Owners", 1),
                        ("Trang thử nghiệm Visitors", 0)):
        assert f'{name}</a></td>' in rows
        assert f'<td class="num">{count}</td>' in rows[rows.index(name):]
    assert 'id="new-group"' in response.text


def test_create_a_group(owner_client, session, site):
    response = owner_client.post("/sites/test/groups", data={"name": " Biên tập ",
                                                             "description": "Người duyệt bài"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sites/test/groups/Bi%C3%AAn%20t%E1%BA%ADp"
    session.expire_all()
    assert groups.get_group(session, site, "Biên tập").description == "Người duyệt bài"
    assert owner_client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("name", ["", MEMBERS])
def test_a_group_needs_a_free_name(owner_client, session, site, name):
    before = group_names(session, site)
    response = owner_client.post("/sites/test/groups", data={"name": name})
    assert response.status_code == 400 and 'data-field="name"' in response.text
    assert group_names(session, site) == before


def test_group_page_shows_members_and_the_forms(owner_client, user, editor):
    response = owner_client.get(GROUP)
    assert response.status_code == 200
    assert "<td>Trần Văn Biên Tập</td><td>editor</td>" in response.text
    assert 'name="login"' in response.text and "Xóa nhóm" in response.text


def test_add_and_remove_members(owner_client, session, site, user, owner):
    assert owner_client.post(f"{GROUP}/members", data={"login": "editor"}).status_code == 302
    assert logins(session, site, MEMBERS) == ["editor"]
    assert owner_client.post(f"{GROUP}/members", data={"login": "chu"}).status_code == 302
    response = owner_client.post(f"{GROUP}/members/remove", data={"selected": "editor"})
    assert response.status_code == 302 and response.headers["Location"] == \
        "/sites/test/groups/Trang%20th%E1%BB%AD%20nghi%E1%BB%87m%20Members"
    assert logins(session, site, MEMBERS) == ["chu"]


@pytest.mark.parametrize("path, data, field", [
    ("members", {"login": "không-có"}, "login"),
    ("members", {"login": ""}, "login"),
    ("members/remove", {}, "selected"),
    ("members/remove", {"selected": ["editor", "không-có"]}, "selected"),
])
def test_bad_member_changes_are_refused(owner_client, session, site, user, editor, path, data,
                                        field):
    response = owner_client.post(f"{GROUP}/{path}", data=data)
    assert response.status_code == 400 and f'data-field="{field}"' in response.text
    assert logins(session, site, MEMBERS) == ["editor"]


def test_rename_a_group(owner_client, session, site, editor):
    response = owner_client.post(f"{GROUP}/update", data={"name": "Thành viên",
                                                          "description": "Mới"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sites/test/groups/Th%C3%A0nh%20vi%C3%AAn"
    assert logins(session, site, "Thành viên") == ["editor"]
    with pytest.raises(NotFound):
        groups.get_group(session, site, MEMBERS)


def test_renaming_to_a_taken_name_is_refused(owner_client, session, site):
    response = owner_client.post(f"{GROUP}/update", data={"name": "Trang thử nghiệm Owners"})
    assert response.status_code == 400 and 'data-field="name"' in response.text
    assert MEMBERS in group_names(session, site)


def test_delete_a_group_takes_its_permissions_along(owner_client, session, site, user, editor):
    assert access.can(session, editor, site, Permission.EditListItems)
    response = owner_client.post(f"{GROUP}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/sites/test/groups"
    assert MEMBERS not in group_names(session, site)
    assert not access.can(session, access.actor_for(session, user), site, Permission.ViewPages)


def test_an_unknown_group_is_404(owner_client, site):
    assert owner_client.get("/sites/test/groups/Không có").status_code == 404


# Permission levels

def test_levels_page_lists_levels_with_their_rights(owner_client, site):
    response = owner_client.get("/sites/test/levels")
    assert response.status_code == 200
    text = response.text
    read = text[text.index("<td>Read</td>"):text.index("</tr>", text.index("<td>Read</td>"))]
    assert "ViewListItems" in read and "EditListItems" not in read
    full = text[text.index("<td>Full Control</td>"):]
    assert full.index("Mọi quyền") < full.index("Không sửa được") < full.index("</tr>")
    assert 'href="/sites/test/levels/Edit/edit"' in text
    assert 'href="/sites/test/levels/Full%20Control/edit"' not in text


def test_level_editor_offers_every_permission(owner_client, site):
    response = owner_client.get("/sites/test/levels/new")
    assert response.status_code == 200
    for right in Permission:
        assert f'value="{right.name}"' in response.text


def test_create_a_custom_level_with_its_dependencies(owner_client, session, site):
    response = owner_client.post("/sites/test/levels/new", data={
        "name": "Duyệt bài", "description": "Chỉ duyệt", "permissions": ["ApproveItems"]})
    assert response.status_code == 302 and response.headers["Location"] == "/sites/test/levels"
    session.expire_all()
    level = levels.get_level(session, site, "Duyệt bài")
    assert {"ApproveItems", "EditListItems", "ViewListItems", "Open"} <= set(
        names_of(level.permissions))
    assert level.description == "Chỉ duyệt"


def test_edit_a_level(owner_client, session, site):
    page = owner_client.get("/sites/test/levels/Read/edit")
    assert page.status_code == 200 and 'value="Read"' in page.text
    response = owner_client.post("/sites/test/levels/Read/edit", data={
        "name": "Đọc", "description": "", "permissions": ["ViewListItems", "OpenItems"]})
    assert response.status_code == 302
    session.expire_all()
    level = levels.get_level(session, site, "Đọc")
    assert set(names_of(level.permissions)) == {"ViewListItems", "OpenItems", "ViewPages", "Open"}


def test_delete_a_level(owner_client, session, site):
    assert owner_client.post("/sites/test/levels/Approve/delete").status_code == 302
    session.expire_all()
    with pytest.raises(NotFound):
        levels.get_level(session, site, "Approve")


@pytest.mark.parametrize("url, data, field", [
    ("/sites/test/levels/new", {"name": "Trống"}, "permissions"),
    ("/sites/test/levels/new", {"name": "Read", "permissions": "OpenItems"}, "name"),
    ("/sites/test/levels/new", {"name": "", "permissions": "Bay"}, "permissions"),
    ("/sites/test/levels/Edit/edit", {"name": "Edit"}, "permissions"),
    ("/sites/test/levels/Full Control/edit", {"name": "Toàn quyền",
                                              "permissions": "OpenItems"}, "name"),
    ("/sites/test/levels/Full Control/delete", {}, "name"),
])
def test_bad_level_changes_are_refused(owner_client, session, site, url, data, field):
    before = {level.name: level.permissions for level in levels.list_levels(session, site)}
    response = owner_client.post(url, data=data)
    assert response.status_code == 400 and f'data-field="{field}"' in response.text
    session.expire_all()
    assert {level.name: level.permissions for level in levels.list_levels(session, site)} == \
        before
    assert before["Full Control"] == FULL_MASK


# Refused

@pytest.mark.parametrize("url", ["/sites/test/groups", GROUP, "/sites/test/levels",
                                 "/sites/test/levels/new", "/sites/test/levels/Read/edit"])
def test_a_member_may_not_see_the_pages(client, site, url):
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url, data", [
    ("/sites/test/groups", {"name": "Mới"}),
    (f"{GROUP}/members", {"login": "editor"}),
    (f"{GROUP}/members", {"login": "không-có"}),
    (f"{GROUP}/members/remove", {"selected": "editor"}),
    (f"{GROUP}/update", {"name": "Khác"}),
    (f"{GROUP}/delete", {}),
    ("/sites/test/levels/new", {"name": "Mới", "permissions": "OpenItems"}),
    ("/sites/test/levels/Read/edit", {"name": "Đọc", "permissions": "OpenItems"}),
    ("/sites/test/levels/Read/delete", {}),
])
def test_a_member_may_not_change_groups_or_levels(client, session, site, user, url, data):
    before = (group_names(session, site), logins(session, site, MEMBERS),
              [(level.name, level.permissions) for level in levels.list_levels(session, site)])
    assert client.post(url, data=data).status_code == 403
    assert (group_names(session, site), logins(session, site, MEMBERS),
            [(level.name, level.permissions) for level in levels.list_levels(session, site)]
            ) == before


@pytest.mark.parametrize("url", ["/sites/test/groups", GROUP, "/sites/test/levels", "/users",
                                 "/users/new", "/users/editor/edit"])
def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client, site, user, url):
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


# Users (site collection administrators only)

def test_users_page_lists_everyone(admin_client, session, user, admin):
    users.update_user(session, user, actor=access.actor_for(session, admin), is_active=False)
    response = admin_client.get("/users")
    assert response.status_code == 200
    assert "<td>editor</td>" in response.text and "Đã khóa" in response.text
    assert "<td>quantri</td>" in response.text
    assert 'href="/users/editor/edit"' in response.text


def test_create_a_user(admin_client, session):
    response = admin_client.post("/users/new", data={
        "login": "lan", "display_name": "Nguyễn Thị Lan", "email": "lan@example.vn",
        "password": "mật-khẩu-đủ-dài"})
    assert response.status_code == 302 and response.headers["Location"] == "/users"
    created = users.authenticate(session, "lan", "mật-khẩu-đủ-dài")
    assert (created.display_name, created.email, created.is_site_admin) == (
        "Nguyễn Thị Lan", "lan@example.vn", False)


def test_create_a_site_collection_admin(admin_client, session):
    admin_client.post("/users/new", data={"login": "an", "display_name": "An",
                                          "is_site_admin": "y"})
    assert users.get_user(session, "an").is_site_admin


def test_bad_new_user_is_refused(admin_client, session, user):
    response = admin_client.post("/users/new", data={
        "login": "editor", "display_name": "", "email": "sai", "password": "ngắn"})
    assert response.status_code == 400
    for field in ("login", "display_name", "email", "password"):
        assert f'data-field="{field}"' in response.text
    assert [u.login for u in users.list_users(session, include_inactive=True)].count("editor") == 1


def test_edit_a_user(admin_client, session, user):
    page = admin_client.get("/users/editor/edit")
    assert page.status_code == 200 and 'value="Trần Văn Biên Tập"' in page.text
    response = admin_client.post("/users/editor/edit", data={
        "display_name": "Trần Biên", "email": "bien@example.vn", "is_site_admin": "y",
        "password": "mật-khẩu-mới-dài"})  # "is_active" unticked: deactivated
    assert response.status_code == 302
    session.expire_all()
    changed = users.get_user(session, "editor")
    assert (changed.display_name, changed.email, changed.is_active, changed.is_site_admin) == (
        "Trần Biên", "bien@example.vn", False, True)
    assert admin_client.post("/users/editor/edit", data={"display_name": "Trần Biên",
                                                         "is_active": "y"}).status_code == 302
    session.expire_all()
    assert users.authenticate(session, "editor", "mật-khẩu-mới-dài").id == user.id


def test_a_blank_password_keeps_the_old_one(admin_client, session, user):
    users._set_password(session, user, "mật-khẩu-cũ-dài")
    admin_client.post("/users/editor/edit", data={"display_name": "Biên", "is_active": "y",
                                                  "password": ""})
    assert users.authenticate(session, "editor", "mật-khẩu-cũ-dài") is not None


def test_bad_edits_are_refused(admin_client, session, user):
    response = admin_client.post("/users/editor/edit", data={"display_name": " ",
                                                             "email": "sai", "is_active": "y"})
    assert response.status_code == 400
    assert 'data-field="display_name"' in response.text and 'data-field="email"' in response.text
    response = admin_client.post("/users/quantri/edit", data={"display_name": "Quản Trị"})
    assert response.status_code == 400 and 'data-field="is_active"' in response.text
    assert 'data-field="is_site_admin"' in response.text
    session.expire_all()
    assert users.get_user(session, "editor").display_name == "Trần Văn Biên Tập"
    assert users.get_user(session, "quantri").is_active


def test_an_unknown_user_is_404(admin_client):
    assert admin_client.get("/users/không-có/edit").status_code == 404


@pytest.mark.parametrize("url, data", [("/users", None), ("/users/new", None),
                                       ("/users/editor/edit", None),
                                       ("/users/new", {"login": "x", "display_name": "X"}),
                                       ("/users/editor/edit", {"display_name": "X"})])
def test_only_site_collection_admins_manage_users(owner_client, session, user, url, data):
    response = owner_client.get(url) if data is None else owner_client.post(url, data=data)
    assert response.status_code == 403
    session.expire_all()
    assert "x" not in [u.login for u in users.list_users(session, include_inactive=True)]
    assert users.get_user(session, "editor").display_name == "Trần Văn Biên Tập"
