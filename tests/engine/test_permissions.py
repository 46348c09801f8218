"""Permission levels and who may do what: SharePoint's masks, custom levels, and every role
against every operation, with refused writes leaving the database as it was."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from listengine.errors import AccessDenied, NotFound, ValidationError
from listengine.fields import Upload
from listengine.models import (Field, Item, List, RoleAssignment, RoleDefinition, SecurityScope,
                               Site, SiteGroup, StoredFile)
from listengine.permissions import (BUILTIN_LEVELS, FULL_MASK, Permission, names_of,
                                    with_dependencies)
from listengine.services import (access, columns, files, groups, items, levels, lists, sharing,
                                 users)

P = Permission

#: SharePoint's published ``BasePermissions`` of the built-in levels: (Low, High).
PUBLISHED = {
    "Read": (138612833, 176),
    "Contribute": (1011028719, 432),
    "Edit": (1011030767, 432),
    "Design": (1012866047, 432),
    "Approve": (1011028991, 432),
    "View Only": (138612801, 176),
}


def published_mask(name: str) -> int:
    low, high = PUBLISHED[name]
    return high << 32 | low


# --- Levels -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_builtin_levels_have_sharepoints_published_masks(session, site, name):
    builtin = next(level for level in BUILTIN_LEVELS if level.name == name)
    assert builtin.mask == published_mask(name)
    assert levels.get_level(session, site, name).permissions == published_mask(name)
    assert levels.get_level(session, site, name).editable


def test_full_control_is_every_right_and_fixed(session, site):
    full = levels.get_level(session, site, "Full Control")
    assert full.permissions == FULL_MASK == 0x7FFFFFFFFFFFFFFF
    assert not full.editable
    assert [level.name for level in levels.list_levels(session, site)] == [
        "Full Control", "Design", "Edit", "Contribute", "Read", "View Only", "Approve"]


def test_the_levels_differ_where_sharepoint_says():
    mask = {level.name: level.mask for level in BUILTIN_LEVELS}
    assert mask["Read"] & P.OpenItems and not mask["View Only"] & P.OpenItems
    assert mask["Edit"] == mask["Contribute"] | P.ManageLists
    assert mask["Approve"] & P.ApproveItems and not mask["Edit"] & P.ApproveItems
    assert not mask["Design"] & P.ManagePermissions
    for name in ("Design", "Edit", "Contribute", "Read", "View Only", "Approve"):
        assert with_dependencies(mask[name]) == mask[name], name


def test_dependencies_are_closed_transitively():
    closed = with_dependencies(P.ApproveItems)
    assert closed == P.ApproveItems | P.EditListItems | P.ViewListItems | P.ViewPages | P.Open
    assert with_dependencies(P.DeleteVersions) == (P.DeleteVersions | P.ViewVersions
                                                   | P.ViewListItems | P.ViewPages | P.Open)
    assert with_dependencies(P.Open) == P.Open


def test_a_custom_level_gets_the_rights_its_rights_need(session, site, system):
    level = levels.create_level(session, site, actor=system, name="Duyệt tin",
                                permissions=["ApproveItems"], description="Chỉ duyệt")
    assert names_of(level.permissions) == ["ViewListItems", "EditListItems", "ApproveItems",
                                           "Open", "ViewPages"]
    assert level.editable and level.position > levels.get_level(session, site, "Approve").position
    assert levels.get_level(session, site, "Duyệt tin").id == level.id


def count_levels(session) -> int:
    return session.scalar(select(func.count()).select_from(RoleDefinition))


@pytest.mark.parametrize("name, permissions, bad", [
    ("", ["ViewListItems"], {"name"}),
    ("  ", ["ViewListItems"], {"name"}),
    ("x" * 256, ["ViewListItems"], {"name"}),
    (None, ["ViewListItems"], {"name"}),
    ("Read", ["ViewListItems"], {"name"}),
    ("Mới", [], {"permissions"}),
    ("Mới", ["ViewListItems", "FlyToTheMoon"], {"permissions"}),
    ("Mới", "ViewListItems", {"permissions"}),
    ("Mới", [1], {"permissions"}),
    ("Mới", 0x400, {"permissions"}),
    ("Mới", 0, {"permissions"}),
    ("Mới", -1, {"permissions"}),
    ("Mới", True, {"permissions"}),
    ("", ["Nope"], {"name", "permissions"}),
])
def test_bad_custom_levels_are_refused_naming_the_parameter(session, site, system, name,
                                                            permissions, bad):
    before = count_levels(session)
    with pytest.raises(ValidationError) as error:
        levels.create_level(session, site, actor=system, name=name, permissions=permissions)
    assert set(error.value.errors) == bad
    assert count_levels(session) == before


def test_unknown_permission_names_are_named(session, site, system):
    with pytest.raises(ValidationError) as error:
        levels.create_level(session, site, actor=system, name="Mới",
                            permissions=["FlyToTheMoon", "ViewListItems"])
    assert "FlyToTheMoon" in error.value.errors["permissions"]


def test_update_a_custom_level(session, site, system):
    level = levels.create_level(session, site, actor=system, name="Đọc", permissions=["Open"])
    levels.update_level(session, level, actor=system, name="Đọc tin",
                        permissions=["ViewVersions"], description="Xem phiên bản")
    session.expire_all()
    assert (level.name, level.description) == ("Đọc tin", "Xem phiên bản")
    assert level.permissions == P.ViewVersions | P.ViewListItems | P.ViewPages | P.Open
    for kwargs, bad in [(dict(name="Edit"), "name"), (dict(name=""), "name"),
                        (dict(permissions=["Nope"]), "permissions"),
                        (dict(permissions=[]), "permissions")]:
        with pytest.raises(ValidationError) as error:
            levels.update_level(session, level, actor=system, **kwargs)
        assert list(error.value.errors) == [bad]
        session.expire_all()
        assert level.name == "Đọc tin"
        assert level.permissions == P.ViewVersions | P.ViewListItems | P.ViewPages | P.Open


def test_a_changed_level_changes_what_its_holders_may_do(session, site, system):
    person = users.create_user(session, actor=system, login="lan", display_name="Lan")
    level = levels.create_level(session, site, actor=system, name="Xem", permissions=["Open"])
    sharing.grant(session, site, person, level, actor=system)
    assert not access.can(session, access.actor_for(session, person), site, P.ViewListItems)
    levels.update_level(session, level, actor=system, permissions=["ViewListItems"])
    assert access.can(session, access.actor_for(session, person), site, P.ViewListItems)


def test_deleting_a_level_removes_its_assignments(session, site, system):
    person = users.create_user(session, actor=system, login="lan", display_name="Lan")
    level = levels.create_level(session, site, actor=system, name="Thêm",
                                permissions=["AddListItems"])
    sharing.grant(session, site, person, level, actor=system)
    assert access.can(session, access.actor_for(session, person), site, P.AddListItems)
    levels.delete_level(session, level, actor=system)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(RoleAssignment).where(
        RoleAssignment.role_definition_id == level.id)) == 0
    with pytest.raises(NotFound):
        levels.get_level(session, site, "Thêm")
    assert not access.can(session, access.actor_for(session, person), site, P.AddListItems)


def test_full_control_can_be_neither_changed_nor_deleted(session, site, system):
    full = levels.get_level(session, site, "Full Control")
    for kwargs in (dict(name="Toàn quyền"), dict(permissions=["Open"]),
                   dict(description="khác")):
        with pytest.raises(ValidationError) as error:
            levels.update_level(session, full, actor=system, **kwargs)
        assert "name" in error.value.errors
    with pytest.raises(ValidationError):
        levels.delete_level(session, full, actor=system)
    session.expire_all()
    assert (full.name, full.permissions) == ("Full Control", FULL_MASK)
    assert levels.get_level(session, site, "Full Control").id == full.id


def test_only_who_manages_permissions_changes_levels(session, site, system, editor):
    before = count_levels(session)
    with pytest.raises(AccessDenied):
        levels.create_level(session, site, actor=editor, name="Mới", permissions=["Open"])
    read = levels.get_level(session, site, "Read")
    with pytest.raises(AccessDenied):
        levels.update_level(session, read, actor=editor, permissions=["Open"])
    with pytest.raises(AccessDenied):
        levels.delete_level(session, read, actor=editor)
    session.expire_all()
    assert read.permissions == published_mask("Read") and count_levels(session) == before


# --- Role x operation ----------------------------------------------------------------------

#: Every kind of principal: how it gets its rights on the site.
GROUP_OF = {"owner": "Owners", "member": "Members", "visitor": "Visitors"}
LEVEL_OF = {"contributor": "Contribute", "approver": "Approve", "viewer": "View Only"}
ROLES = ["admin", "owner", "member", "contributor", "approver", "visitor", "viewer", "nobody",
         "anonymous", "anonymous_read"]

READERS = {"admin", "owner", "member", "contributor", "approver", "visitor", "viewer",
           "anonymous_read"}
WRITERS = {"admin", "owner", "member", "contributor", "approver"}


@dataclass
class World:
    site: Site
    list: List
    item: Item
    visitors: SiteGroup


@pytest.fixture
def world(session, site, system, blobs):
    """A list "Tin" (inheriting from the site) with an item holding a stored picture and a
    plain item, made by the System Account."""
    lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=system)
    columns.create_list_column(session, lst, internal_name="Picture", title="Hình ảnh",
                               type_key="Image", actor=system)
    item = items.create_item(session, lst, {"Title": "Một", "Picture": Upload(
        "a.png", "image/png", b"\x89PNG")}, actor=system, files=blobs)
    items.create_item(session, lst, {"Title": "Hai"}, actor=system)
    return World(site, lst, item, groups.default_group(session, site, "Visitors"))


def actor_of(session, site, system, role: str) -> access.Actor:
    """An actor holding ``role``'s rights on the site, and nothing else."""
    if role.startswith("anonymous"):
        if role == "anonymous_read":
            sharing.set_anonymous_access(session, site, levels.get_level(session, site, "Read"),
                                         actor=system)
        return access.anonymous()
    person = users.create_user(session, actor=system, login=role, display_name=role.title(),
                               is_site_admin=role == "admin")
    if role in GROUP_OF:
        groups.add_member(session, groups.default_group(session, site, GROUP_OF[role]), person,
                          actor=system)
    if role in LEVEL_OF:
        sharing.grant(session, site, person, levels.get_level(session, site, LEVEL_OF[role]),
                      actor=system)
    return access.actor_for(session, person)


def snapshot(session) -> tuple:
    """Everything a refused operation could have changed."""
    session.expire_all()
    counts = tuple(session.scalar(select(func.count()).select_from(table)) for table in
                   (Item, List, Field, SecurityScope, RoleAssignment, StoredFile))
    rows = session.execute(select(Item.id, Item.values, Item.row_version, Item.scope_id)
                           .order_by(Item.id)).all()
    scopes = session.execute(select(List.id, List.scope_id, List.last_item_no)
                             .order_by(List.id)).all()
    anonymous = session.execute(select(SecurityScope.id, SecurityScope.anonymous_mask)
                                .order_by(SecurityScope.id)).all()
    return counts, rows, scopes, anonymous


def count(session, table, *where) -> int:
    return session.scalar(select(func.count()).select_from(table).where(*where))


@dataclass(frozen=True)
class Operation:
    """Steps that each need the right (each refused on its own when it is missing), and a
    check of what they did when allowed."""

    allowed: set[str]
    steps: tuple[Callable, ...]
    done: Callable
    on_item: bool = False


def _view(s, w, a):
    assert items.get_item(s, w.list, w.item.item_no, actor=a).id == w.item.id


def _list_page(s, w, a):
    assert lists.get_list(s, w.site, "tin", actor=a).id == w.list.id
    page = items.page(s, w.list, actor=a)
    assert (page.total, [i.item_no for i in page.items]) == (2, [2, 1])


def _add(s, w, a):
    items.create_item(s, w.list, {"Title": "Ba"}, actor=a)


def _edit(s, w, a):
    items.update_item(s, w.item, {"Title": "Một (sửa)"}, actor=a,
                      expected_row_version=w.item.row_version)


def _delete(s, w, a):
    items.delete_item(s, w.item, actor=a)


def _open_file(s, w, a):
    assert files.item_file(s, w.item, "Picture", actor=a).filename == "a.png"


def _create_list(s, w, a):
    lists.create_list(s, w.site, title="Mới", url_name="moi", actor=a)


def _create_column(s, w, a):
    columns.create_list_column(s, w.list, internal_name="Note2", title="Ghi chú",
                               type_key="Note", actor=a)


def _break(s, w, a):
    sharing.break_inheritance(s, w.list, actor=a)


def _grant(s, w, a):
    sharing.grant(s, w.site, w.visitors, levels.get_level(s, w.site, "Contribute"), actor=a)


def _added(s, w):
    assert count(s, Item, Item.list_id == w.list.id) == 3
    assert items.get_item(s, w.list, 3, actor=users.system_actor(s)).values


def _edited(s, w):
    s.expire_all()
    assert items.read_values(s, w.item)["Title"] == "Một (sửa)"


def _deleted(s, w):
    assert count(s, Item, Item.list_id == w.list.id) == 1
    with pytest.raises(NotFound):
        items.get_item(s, w.list, 1, actor=users.system_actor(s))


def _lists_managed(s, w):
    system = users.system_actor(s)
    assert lists.get_list(s, w.site, "moi", actor=system).title == "Mới"
    assert columns.get_list_column(s, w.list, "Note2").type_key == "Note"


def _permissions_managed(s, w):
    assert sharing.has_unique_permissions(w.list)
    held = {(a.principal.name, tuple(level.name for level in a.levels)) for a in
            sharing.role_assignments(s, w.site, actor=users.system_actor(s))
            if a.principal == w.visitors}
    assert held == {(w.visitors.name, ("Read", "Contribute"))}


def _nothing(s, w):
    pass


OPERATIONS = {
    "view_item": Operation(READERS, (_view,), _nothing, on_item=True),
    "list_page": Operation(READERS, (_list_page,), _nothing),
    "add_item": Operation(WRITERS, (_add,), _added),
    "edit_item": Operation(WRITERS, (_edit,), _edited, on_item=True),
    "delete_item": Operation(WRITERS, (_delete,), _deleted, on_item=True),
    "open_file": Operation(READERS - {"viewer"}, (_open_file,), _nothing, on_item=True),
    "manage_lists": Operation({"admin", "owner", "member"}, (_create_list, _create_column),
                              _lists_managed),
    "manage_permissions": Operation({"admin", "owner"}, (_break, _grant), _permissions_managed),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("role", ROLES)
def test_role_against_operation(session, site, system, world, role, operation):
    actor = actor_of(session, site, system, role)
    op = OPERATIONS[operation]
    if role in op.allowed:
        for step in op.steps:
            step(session, world, actor)
        op.done(session, world)
        return
    # What the actor can't see is "not found"; anything else they see is "forbidden".
    hidden = (op.on_item or operation == "list_page") and role not in READERS
    refusal = NotFound if hidden else AccessDenied
    before = snapshot(session)
    for step in op.steps:
        with pytest.raises(refusal):
            step(session, world, actor)
    assert snapshot(session) == before
    if operation == "list_page":
        assert items.page(session, world.list, actor=actor).total == 0
        assert world.list not in lists.list_lists(session, site, actor=actor)


#: Rights that are only checked so far (approval and versioning come later).
CHECKS = {
    P.ApproveItems: {"admin", "owner", "approver"},
    P.ViewVersions: READERS,
    P.DeleteVersions: WRITERS,
    P.OpenItems: READERS - {"viewer"},
    P.ManagePermissions: {"admin", "owner"},
    P.EnumeratePermissions: {"admin", "owner"},
}


@pytest.mark.parametrize("permission", list(CHECKS), ids=lambda p: p.name)
@pytest.mark.parametrize("role", ROLES)
def test_role_holds_right(session, site, system, world, role, permission):
    actor = actor_of(session, site, system, role)
    expected = role in CHECKS[permission]
    for obj in (world.site, world.list, world.item):
        assert access.can(session, actor, obj, permission) is expected, obj
    if expected:
        access.require(session, actor, world.item, permission)
    else:
        with pytest.raises(AccessDenied if role in READERS else NotFound):
            access.require(session, actor, world.item, permission)


@pytest.mark.parametrize("role", ROLES)
def test_effective_rights_are_the_levels_masks(session, site, system, world, role):
    actor = actor_of(session, site, system, role)
    level = {"admin": "Full Control", "owner": "Full Control", "member": "Edit",
             "visitor": "Read", "anonymous_read": "Read", **LEVEL_OF}.get(role)
    expected = 0 if level is None else levels.get_level(session, site, level).permissions
    assert access.mask_on(session, actor, world.item) == expected


def test_anonymous_visitors_get_read_at_most(session, site, system, world):
    before = snapshot(session)
    for name in ("Contribute", "Edit", "Full Control", "Approve"):
        with pytest.raises(ValidationError) as error:
            sharing.set_anonymous_access(session, site, levels.get_level(session, site, name),
                                         actor=system)
        assert list(error.value.errors) == ["level"]
    assert snapshot(session) == before
    sharing.set_anonymous_access(session, site, levels.get_level(session, site, "View Only"),
                                 actor=system)
    assert sharing.anonymous_mask(session, world.item) == published_mask("View Only")
    assert not access.can(session, access.anonymous(), world.item, P.OpenItems)
    sharing.set_anonymous_access(session, site, None, actor=system)
    assert not access.can(session, access.anonymous(), world.item, P.ViewListItems)


def test_an_inactive_user_acts_as_anonymous(session, site, system, world, user, member):
    assert access.can(session, member(user), world.item, P.EditListItems)
    user.is_active = False
    session.flush()
    actor = access.actor_for(session, user)
    assert actor.is_anonymous
    with pytest.raises(NotFound):
        items.get_item(session, world.list, 1, actor=actor)
