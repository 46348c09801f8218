"""Manage Permissions and Check Permissions of a site, a list and an item.

Each action is checked in the engine afterwards; refused and bad requests change nothing.
"""
from __future__ import annotations

import re

import pytest

from listengine.permissions import ANONYMOUS_LIMIT
from listengine.services import groups, items, levels, sharing, users

from .conftest import signed_in

SITE = "/sites/test/permissions"
LIST = "/sites/test/lists/phan-loai/permissions"
ITEM = "/sites/test/lists/phan-loai/items/1/permissions"


@pytest.fixture
def visitor(session, member):
    person = users.create_user(session, actor=users.system_actor(session), login="khach",
                               display_name="Khách Đọc")
    member(person, "Visitors")
    return person


def held(session, obj, system) -> dict[str, set[str]]:
    """``{principal name: level names}`` on ``obj``, read fresh from the engine."""
    session.expire_all()
    return {sharing._principal_name(a.principal): {level.name for level in a.levels}
            for a in sharing.role_assignments(session, obj, actor=system)}


SITE_GROUPS = {"Trang thử nghiệm Owners": {"Full Control"},
               "Trang thử nghiệm Members": {"Edit"},
               "Trang thử nghiệm Visitors": {"Read"}}


def checked(html: str, name: str, value: str) -> bool:
    """Whether the page has the checkbox ``name`` = ``value``, ticked."""
    return re.search(rf'<input checked id="[^"]*" name="{name}" type="checkbox" '
                     rf'value="{re.escape(value)}">', html) is not None


def item_one(session, categories, system):
    return items.get_item(session, categories, 1, actor=system)


# Pages

def test_site_page_shows_own_permissions_and_assignments(owner_client, categories):
    response = owner_client.get(SITE)
    assert response.status_code == 200
    text = response.text
    assert "Trang này <strong>có quyền riêng</strong>" in text
    for name in SITE_GROUPS:
        assert name in text
    assert "<td>Full Control</td>" in text and "<td>Edit</td>" in text
    assert 'id="anonymous-level">Không có quyền<' in text
    assert 'action="/sites/test/permissions/grant"' in text
    assert "Ngừng kế thừa" not in text


@pytest.mark.parametrize("url, parent", [(LIST, SITE), (ITEM, SITE)])
def test_inheriting_pages_link_to_the_parent(owner_client, categories, url, parent):
    response = owner_client.get(url)
    assert response.status_code == 200
    assert "<strong>kế thừa quyền</strong>" in response.text
    assert f'href="{parent}"' in response.text
    assert f'action="{url}/break"' in response.text
    assert checked(response.text, "copy", "y")
    assert ('name="clear_subscopes"' in response.text) == (url == LIST)
    assert "Trang thử nghiệm Members" in response.text  # the inherited assignments
    assert f'action="{url}/grant"' not in response.text  # nothing of its own to change


def test_an_item_under_a_unique_list_inherits_from_the_list(owner_client, session, categories,
                                                          system):
    sharing.break_inheritance(session, categories, actor=system)
    assert f'href="{LIST}"' in owner_client.get(ITEM).text
    assert "Xóa quyền riêng" in owner_client.get(LIST).text


# Inheritance

def test_break_with_copy_keeps_the_parents_assignments(owner_client, session, categories,
                                                       system):
    response = owner_client.post(f"{LIST}/break", data={"copy": "y"})
    assert response.status_code == 302 and response.headers["Location"] == LIST
    session.expire_all()
    assert sharing.has_unique_permissions(categories)
    assert held(session, categories, system) == SITE_GROUPS
    assert "<strong>có quyền riêng</strong>" in owner_client.get(LIST).text


def test_break_without_copy_leaves_only_the_owner(owner_client, session, owner, categories,
                                                  system):
    assert owner_client.post(f"{ITEM}/break", data={}).status_code == 302
    item = item_one(session, categories, system)
    assert item.scope_id is not None
    assert held(session, item, system) == {"Chủ Trang": {"Full Control"}}
    assert held(session, categories, system) == SITE_GROUPS


def test_break_a_list_clearing_its_items_unique_permissions(owner_client, session, categories,
                                                            system):
    item = item_one(session, categories, system)
    sharing.break_inheritance(session, item, actor=system, copy=False)
    assert owner_client.post(f"{LIST}/break", data={"copy": "y", "clear_subscopes": "y"}
                             ).status_code == 302
    session.expire_all()
    assert categories.scope_id is not None and item.scope_id is None


def test_reset_inherits_again(owner_client, session, categories, user, system):
    sharing.break_inheritance(session, categories, actor=system)
    sharing.grant(session, categories, user, levels.get_level(session, categories.site, "Read"),
                  actor=system)
    assert owner_client.post(f"{LIST}/reset").status_code == 302
    session.expire_all()
    assert categories.scope_id is None
    assert held(session, categories, system) == SITE_GROUPS


def test_a_site_cannot_stop_inheriting(owner_client, session, site, system):
    response = owner_client.post(f"{SITE}/break", data={"copy": "y"})
    assert response.status_code == 400
    assert 'data-field="object"' in response.text
    assert held(session, site, system) == SITE_GROUPS


# Grants

@pytest.fixture
def unique_list(session, categories, system):
    sharing.break_inheritance(session, categories, actor=system)
    return categories


def test_grant_a_user_several_levels(owner_client, session, unique_list, user, system):
    response = owner_client.post(f"{LIST}/grant", data={"login": "editor",
                                                        "levels": ["Read", "Approve"]})
    assert response.status_code == 302
    assert held(session, unique_list, system)["Trần Văn Biên Tập"] == {"Read", "Approve"}
    assert held(session, unique_list.site, system) == SITE_GROUPS  # the site is untouched


def test_grant_a_group(owner_client, session, site, unique_list, system):
    groups.create_group(session, site, actor=system, name="Biên tập viên")
    response = owner_client.post(f"{LIST}/grant", data={"group": "Biên tập viên",
                                                        "levels": "Contribute"})
    assert response.status_code == 302
    assert held(session, unique_list, system)["Biên tập viên"] == {"Contribute"}


def test_grant_on_the_site(owner_client, session, site, user, system):
    assert owner_client.post(f"{SITE}/grant", data={"login": "editor", "levels": "Design"}
                             ).status_code == 302
    assert held(session, site, system)["Trần Văn Biên Tập"] == {"Design"}


def test_edit_a_principals_levels(owner_client, session, unique_list, system):
    url = f"{LIST}/edit?principal=group:Trang thử nghiệm Members"
    page = owner_client.get(url)
    assert page.status_code == 200
    assert checked(page.text, "levels", "Edit") and not checked(page.text, "levels", "Read")
    response = owner_client.post(url, data={"levels": ["Read", "Contribute"]})
    assert response.status_code == 302
    assert held(session, unique_list, system)["Trang thử nghiệm Members"] == {"Read",
                                                                             "Contribute"}


def test_remove_selected_principals(owner_client, session, unique_list, user, system):
    sharing.grant(session, unique_list, user, levels.get_level(session, unique_list.site, "Read"),
                  actor=system)
    response = owner_client.post(f"{LIST}/remove", data={
        "selected": ["user:editor", "group:Trang thử nghiệm Visitors"]})
    assert response.status_code == 302
    assert held(session, unique_list, system) == {
        "Trang thử nghiệm Owners": {"Full Control"}, "Trang thử nghiệm Members": {"Edit"}}


def test_anonymous_access_lets_anonymous_visitors_read(owner_client, anonymous_client, session,
                                                       unique_list):
    assert anonymous_client.get("/sites/test/lists/phan-loai/").status_code == 404
    response = owner_client.post(f"{LIST}/anonymous", data={"level": "Read"})
    assert response.status_code == 302
    session.expire_all()
    assert sharing.anonymous_mask(session, unique_list) == ANONYMOUS_LIMIT
    assert anonymous_client.get("/sites/test/lists/phan-loai/").status_code == 200
    assert 'id="anonymous-level">Read<' in owner_client.get(LIST).text
    assert owner_client.post(f"{LIST}/anonymous", data={"level": ""}).status_code == 302
    session.expire_all()
    assert sharing.anonymous_mask(session, unique_list) == 0


def test_anonymous_choices_are_the_levels_within_read(owner_client, unique_list):
    text = owner_client.get(LIST).text
    choices = text[text.index('name="level"'):text.index("</select>", text.index('name="level"'))]
    assert 'value="Read"' in choices and 'value="View Only"' in choices
    assert 'value="Edit"' not in choices and 'value="Full Control"' not in choices


# Bad input: 400, the field named, nothing changed

@pytest.mark.parametrize("data, field", [
    ({"login": "không-có", "levels": "Read"}, "login"),
    ({"login": "editor"}, "levels"),
    ({"login": "editor", "levels": "Không có"}, "levels"),
    ({"group": "Không có", "levels": "Read"}, "group"),
    ({"levels": "Read"}, "login"),
    ({"login": "editor", "group": "Trang thử nghiệm Owners", "levels": "Read"}, "login"),
])
def test_bad_grants_are_refused(owner_client, session, unique_list, user, system, data, field):
    response = owner_client.post(f"{LIST}/grant", data=data)
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.text
    assert held(session, unique_list, system) == SITE_GROUPS


def test_bad_input_keeps_what_was_typed(owner_client, unique_list, user):
    response = owner_client.post(f"{LIST}/grant", data={"login": "không-có", "levels": "Read"})
    assert 'value="không-có"' in response.text
    assert checked(response.text, "levels", "Read")


def test_granting_on_an_inheriting_list_is_refused(owner_client, session, categories, user,
                                                   system):
    response = owner_client.post(f"{LIST}/grant", data={"login": "editor", "levels": "Read"})
    assert response.status_code == 400 and 'data-field="object"' in response.text
    session.expire_all()
    assert categories.scope_id is None
    assert held(session, categories, system) == SITE_GROUPS


@pytest.mark.parametrize("level", ["Edit", "Full Control", "Không có"])
def test_anonymous_gets_read_at_most(owner_client, session, unique_list, level):
    response = owner_client.post(f"{LIST}/anonymous", data={"level": level})
    assert response.status_code == 400 and 'data-field="level"' in response.text
    session.expire_all()
    assert sharing.anonymous_mask(session, unique_list) == 0


def test_removing_nothing_or_an_unknown_principal_is_refused(owner_client, session, unique_list,
                                                             system):
    for data in ({}, {"selected": ["group:Trang thử nghiệm Members", "user:không-có"]}):
        response = owner_client.post(f"{LIST}/remove", data=data)
        assert response.status_code == 400 and 'data-field="selected"' in response.text
    assert held(session, unique_list, system) == SITE_GROUPS


def test_editing_with_no_level_is_refused(owner_client, session, unique_list, system):
    response = owner_client.post(f"{LIST}/edit?principal=group:Trang thử nghiệm Members",
                                 data={})
    assert response.status_code == 400 and 'data-field="levels"' in response.text
    assert held(session, unique_list, system) == SITE_GROUPS


def test_editing_an_unknown_principal_is_404(owner_client, unique_list):
    assert owner_client.get(f"{LIST}/edit?principal=user:không-có").status_code == 404
    assert owner_client.get(f"{LIST}/edit?principal=nobody").status_code == 404


# Check Permissions

def test_check_a_members_permissions(owner_client, categories, user):
    response = owner_client.get(f"{LIST}/check?login=editor")
    assert response.status_code == 200
    assert "<td>Trang thử nghiệm Members</td><td>Edit</td>" in response.text
    assert "<li>EditListItems</li>" in response.text
    assert "<li>ManagePermissions</li>" not in response.text


def test_check_a_site_collection_administrator(owner_client, categories, session, system):
    users.create_user(session, actor=system, login="admin", display_name="Quản Trị",
                      is_site_admin=True)
    text = owner_client.get(f"{ITEM}/check?login=admin").text
    assert "<td>Site collection administrator</td><td>Full Control</td>" in text
    assert "<li>ManagePermissions</li>" in text


def test_check_anonymous_with_an_empty_login(owner_client, session, unique_list, system):
    text = owner_client.get(f"{LIST}/check?login=").text
    assert 'id="no-rights"' in text and "Khách ẩn danh" in text
    sharing.set_anonymous_access(session, unique_list,
                                 levels.get_level(session, unique_list.site, "View Only"),
                                 actor=system)
    text = owner_client.get(f"{LIST}/check?login=").text
    assert "<td>Anonymous access</td><td>View Only</td>" in text
    assert "<li>ViewListItems</li>" in text and "<li>OpenItems</li>" not in text


def test_check_an_unknown_login_is_400(owner_client, categories):
    response = owner_client.get(f"{LIST}/check?login=không-có")
    assert response.status_code == 400
    assert 'data-field="login"' in response.text and "không-có" in response.text


# Refused

@pytest.mark.parametrize("url", [SITE, LIST, ITEM, f"{LIST}/check?login=editor",
                                 f"{SITE}/edit?principal=group:Trang thử nghiệm Members"])
def test_a_member_may_not_see_the_pages(client, categories, url):
    response = client.get(url)
    assert response.status_code == 403
    assert "Không có quyền" in response.text


@pytest.mark.parametrize("action, data", [
    ("break", {"copy": "y"}), ("reset", {}), ("grant", {"login": "editor", "levels": "Read"}),
    ("grant", {"login": "không-có"}),
    ("remove", {"selected": "group:Trang thử nghiệm Visitors"}), ("anonymous", {"level": "Read"}),
    ("edit?principal=user:editor", {"levels": "Full Control"}),
])
@pytest.mark.parametrize("url", [LIST, ITEM])
def test_a_member_may_not_change_permissions(client, session, unique_list, system, action,
                                             data, url):
    response = client.post(f"{url}/{action}", data=data)
    assert response.status_code == 403
    session.expire_all()
    assert unique_list.scope_id is not None
    assert item_one(session, unique_list, system).scope_id is None
    assert held(session, unique_list, system) == SITE_GROUPS
    assert sharing.anonymous_mask(session, unique_list) == 0


@pytest.mark.parametrize("url", [SITE, LIST, f"{LIST}/check"])
def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client, categories, url):
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_anonymous_posts_are_sent_to_sign_in(anonymous_client, session, site, system):
    response = anonymous_client.post(f"{SITE}/grant", data={"login": "x", "levels": "Read"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert held(session, site, system) == SITE_GROUPS


@pytest.mark.parametrize("suffix", ["", "/check?login=editor", "/edit?principal=user:editor"])
def test_an_item_the_user_cannot_see_is_404(client, session, categories, system, suffix):
    sharing.break_inheritance(session, item_one(session, categories, system), actor=system,
                              copy=False)
    response = client.get(ITEM + suffix)
    assert response.status_code == 404
    assert client.post(f"{ITEM}/reset").status_code == 404


# Menus

def test_owners_see_the_permission_links(owner_client, categories):
    site_page = owner_client.get("/sites/test/").text
    assert f'href="{SITE}">Quyền</a>' in site_page
    assert 'href="/sites/test/groups">Nhóm</a>' in site_page
    assert 'href="/sites/test/levels">Mức quyền</a>' in site_page
    assert 'href="/users"' not in site_page  # not a site collection administrator
    assert f'href="{LIST}">Quyền</a>' in owner_client.get("/sites/test/lists/phan-loai/").text
    assert f'href="{ITEM}">Quyền</a>' in owner_client.get(
        "/sites/test/lists/phan-loai/items/1").text


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_visitors_and_members_see_no_permission_links(app, request, user, visitor, categories,
                                                      who):
    browser = signed_in(app, visitor if who == "visitor" else user)
    for url in ("/sites/test/", "/sites/test/lists/phan-loai/",
                "/sites/test/lists/phan-loai/items/1"):
        response = browser.get(url)
        assert response.status_code == 200
        assert ">Quyền</a>" not in response.text
        assert ">Nhóm</a>" not in response.text and ">Mức quyền</a>" not in response.text


def test_site_collection_admins_see_the_users_link(app, session, site, system):
    admin = users.create_user(session, actor=system, login="admin", display_name="Quản Trị",
                              is_site_admin=True)
    assert 'href="/users">Người dùng</a>' in signed_in(app, admin).get("/sites/test/").text


# The same level twice in one request is one grant (it was a 500 IntegrityError).

def test_granting_the_same_level_twice_in_one_request_is_one_grant(owner_client, session,
                                                                    unique_list, system):
    response = owner_client.post(f"{LIST}/grant", data={"login": "editor",
                                                        "levels": ["Read", "Read"]})
    assert response.status_code == 302
    assert held(session, unique_list, system)["Trần Văn Biên Tập"] == {"Read"}
    assert len(sharing.role_assignments(session, unique_list, actor=system)) == 4


def test_editing_with_the_same_level_twice_is_one_grant(owner_client, session, unique_list,
                                                        system):
    url = f"{LIST}/edit?principal=group:Trang thử nghiệm Members"
    response = owner_client.post(url, data={"levels": ["Read", "Read", "Contribute"]})
    assert response.status_code == 302
    assert held(session, unique_list, system)["Trang thử nghiệm Members"] == {"Read",
                                                                             "Contribute"}


def test_the_engine_grants_a_repeated_level_once(session, unique_list, user, system):
    read = levels.get_level(session, unique_list.site, "Read")
    sharing.grant(session, unique_list, user, [read, read], actor=system)
    sharing.set_levels(session, unique_list, user, [read, read], actor=system)
    assert held(session, unique_list, system)["Trần Văn Biên Tập"] == {"Read"}
