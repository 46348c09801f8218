"""Permission inheritance of lists and items: breaking (with and without copying), granting and
revoking on a unique scope, resetting, clearing sub-scopes, deleting, and Check Permissions."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select, union

from listengine.errors import AccessDenied, NotFound, ValidationError
from listengine.models import Item, List, RoleAssignment, SecurityScope, Site, User
from listengine.permissions import FULL_MASK, Permission
from listengine.services import access, groups, items, levels, lists, sharing, sites, users

P = Permission


@dataclass
class People:
    owner: User
    member: User
    visitor: User
    outsider: User


@pytest.fixture
def people(session, site, system, member) -> People:
    """One user in each default group, and one with no rights at all."""
    made = {}
    for login, suffix in (("owner", "Owners"), ("member", "Members"), ("visitor", "Visitors"),
                          ("outsider", None)):
        made[login] = users.create_user(session, actor=system, login=login,
                                        display_name=login.title())
        if suffix:
            member(made[login], suffix)
    return People(**made)


def as_actor(session, person: User) -> access.Actor:
    """A fresh actor: nothing memoised from before a change."""
    return access.actor_for(session, person)


@pytest.fixture
def news(session, site, system):
    """A list "Tin" of three items, made by the System Account."""
    lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=system)
    for title in ("Một", "Hai", "Ba"):
        items.create_item(session, lst, {"Title": title}, actor=system)
    return lst


def item(session, lst, item_no):
    return items.get_item(session, lst, item_no, actor=users.system_actor(session))


def level(session, site, name):
    return levels.get_level(session, site, name)


def held(session, obj) -> set[tuple[str, str, tuple[str, ...]]]:
    """Who holds which levels on ``obj``: (kind, name, levels)."""
    return {("group", a.principal.name, tuple(lv.name for lv in a.levels))
            if not isinstance(a.principal, User) else
            ("user", a.principal.login, tuple(lv.name for lv in a.levels))
            for a in sharing.role_assignments(session, obj, actor=users.system_actor(session))}


def can_view(session, person: User | None, obj) -> bool:
    actor = access.anonymous() if person is None else as_actor(session, person)
    return access.can(session, actor, obj, P.ViewListItems)


def orphan_scopes(session) -> int:
    """Scopes that no site, list or item points at any more."""
    used = union(select(Site.scope_id), select(List.scope_id).where(List.scope_id.is_not(None)),
                 select(Item.scope_id).where(Item.scope_id.is_not(None)))
    return session.scalar(select(func.count()).select_from(SecurityScope)
                          .where(SecurityScope.id.not_in(used)))


def assignments_in(session, scope_id) -> int:
    return session.scalar(select(func.count()).select_from(RoleAssignment)
                          .where(RoleAssignment.scope_id == scope_id))


def target(session, news, which: str):
    return news if which == "list" else item(session, news, 1)


DEFAULT_HOLDERS = {("group", "Trang thử nghiệm Owners", ("Full Control",)),
                   ("group", "Trang thử nghiệm Members", ("Edit",)),
                   ("group", "Trang thử nghiệm Visitors", ("Read",))}


def test_a_new_site_grants_its_default_groups(session, site, news):
    assert held(session, site) == DEFAULT_HOLDERS
    assert held(session, news) == DEFAULT_HOLDERS
    assert not sharing.has_unique_permissions(news)
    assert sharing.has_unique_permissions(site)
    assert access.inherits_from(news) is site
    assert access.inherits_from(item(session, news, 1)) is site


@pytest.mark.parametrize("which", ["list", "item"])
def test_break_with_copy_starts_from_the_parents_assignments(session, site, system, news,
                                                             people, which):
    sharing.set_anonymous_access(session, site, level(session, site, "Read"), actor=system)
    obj = target(session, news, which)
    scope_id = sharing.break_inheritance(session, obj, actor=as_actor(session, people.owner))
    assert sharing.has_unique_permissions(obj) and access.inherits_from(obj) is None
    assert scope_id == obj.scope_id and scope_id != site.scope_id
    assert held(session, obj) == DEFAULT_HOLDERS
    assert assignments_in(session, scope_id) == assignments_in(session, site.scope_id)
    assert sharing.anonymous_mask(session, obj) == level(session, site, "Read").permissions
    for person in (people.member, people.visitor, people.outsider, None):  # anonymous: anyone
        assert can_view(session, person, obj)
    assert not access.can(session, as_actor(session, people.outsider), obj, P.AddListItems)


def test_an_item_copies_its_lists_unique_assignments(session, site, system, news, people):
    sharing.break_inheritance(session, news, actor=system)
    sharing.grant(session, news, people.outsider, level(session, site, "Contribute"), actor=system)
    one = item(session, news, 1)
    assert access.inherits_from(one) is news
    sharing.break_inheritance(session, one, actor=system)
    assert held(session, one) == DEFAULT_HOLDERS | {("user", "outsider", ("Contribute",))}
    assert access.can(session, as_actor(session, people.outsider), one, P.EditListItems)


@pytest.mark.parametrize("which", ["list", "item"])
def test_break_without_copy_leaves_only_the_acting_user(session, site, system, news, people,
                                                        which):
    sharing.set_anonymous_access(session, site, level(session, site, "Read"), actor=system)
    obj = target(session, news, which)
    sharing.break_inheritance(session, obj, actor=as_actor(session, people.owner), copy=False)
    assert held(session, obj) == {("user", "owner", ("Full Control",))}
    assert sharing.anonymous_mask(session, obj) == 0
    assert access.mask_on(session, as_actor(session, people.owner), obj) == FULL_MASK
    for person in (people.member, people.visitor, people.outsider, None):
        assert not can_view(session, person, obj)
    with pytest.raises(NotFound):
        items.get_item(session, news, 1, actor=as_actor(session, people.member))
    if which == "list":
        with pytest.raises(NotFound):
            lists.get_list(session, site, "tin", actor=as_actor(session, people.member))
    else:  # the rest of the list still inherits
        assert items.get_item(session, news, 2, actor=as_actor(session, people.member))


def test_break_without_copy_by_the_system_account_assigns_nobody(session, site, system, news,
                                                                 people):
    one = item(session, news, 1)
    sharing.break_inheritance(session, one, actor=system, copy=False)
    assert held(session, one) == set()
    assert assignments_in(session, one.scope_id) == 0
    assert not can_view(session, people.owner, one)
    assert access.can(session, system, one, P.ManagePermissions)


def test_breaking_twice_keeps_the_scope(session, site, system, news, people):
    scope_id = sharing.break_inheritance(session, news, actor=system)
    sharing.grant(session, news, people.outsider, level(session, site, "Read"), actor=system)
    assert sharing.break_inheritance(session, news, actor=system, copy=False) == scope_id
    assert ("user", "outsider", ("Read",)) in held(session, news)


def test_grant_and_revoke_change_only_that_object(session, site, system, news, people):
    one = item(session, news, 1)
    sharing.break_inheritance(session, one, actor=system)
    site_before, list_before = held(session, site), held(session, news)
    sharing.grant(session, one, people.outsider, level(session, site, "Read"), actor=system)
    outsider = as_actor(session, people.outsider)
    assert items.get_item(session, news, 1, actor=outsider).id == one.id
    with pytest.raises(NotFound):
        items.get_item(session, news, 2, actor=outsider)
    assert (held(session, site), held(session, news)) == (site_before, list_before)

    members = groups.default_group(session, site, "Members")
    sharing.revoke(session, one, members, actor=system)
    with pytest.raises(NotFound):
        items.get_item(session, news, 1, actor=as_actor(session, people.member))
    assert items.get_item(session, news, 2, actor=as_actor(session, people.member))
    sharing.revoke(session, one, people.outsider, actor=system)
    assert not can_view(session, people.outsider, one)
    assert (held(session, site), held(session, news)) == (site_before, list_before)


def test_granting_adds_to_and_set_levels_replaces(session, site, system, news, people):
    sharing.break_inheritance(session, news, actor=system, copy=False)
    read, contribute = level(session, site, "Read"), level(session, site, "Contribute")
    sharing.grant(session, news, people.outsider, read, actor=system)
    sharing.grant(session, news, people.outsider, [read, contribute], actor=system)
    assert held(session, news) == {("user", "outsider", ("Read", "Contribute"))}
    sharing.set_levels(session, news, people.outsider, [read], actor=system)
    assert held(session, news) == {("user", "outsider", ("Read",))}
    assert not access.can(session, as_actor(session, people.outsider), news, P.AddListItems)


def test_reset_returns_to_the_parent_and_drops_the_unique_scope(session, site, system, news,
                                                                people):
    one = item(session, news, 1)
    scope_id = sharing.break_inheritance(session, one, actor=system, copy=False)
    sharing.grant(session, one, people.outsider, level(session, site, "Read"), actor=system)
    assert can_view(session, people.outsider, one) and not can_view(session, people.member, one)
    sharing.reset_inheritance(session, one, actor=system)
    assert one.scope_id is None and access.inherits_from(one) is site
    assert session.get(SecurityScope, scope_id) is None
    assert assignments_in(session, scope_id) == 0
    assert not can_view(session, people.outsider, one) and can_view(session, people.member, one)
    assert held(session, one) == DEFAULT_HOLDERS
    assert orphan_scopes(session) == 0
    sharing.reset_inheritance(session, one, actor=system)  # already inheriting: nothing to do
    assert one.scope_id is None


def test_breaking_a_list_can_clear_its_items_unique_permissions(session, site, system, news,
                                                                people):
    one, two = item(session, news, 1), item(session, news, 2)
    hidden = sharing.break_inheritance(session, one, actor=system, copy=False)
    shared = sharing.break_inheritance(session, two, actor=system)
    sharing.grant(session, two, people.outsider, level(session, site, "Read"), actor=system)
    assert not can_view(session, people.member, one)
    sharing.break_inheritance(session, news, actor=system, clear_subscopes=True)
    session.expire_all()
    assert (one.scope_id, two.scope_id) == (None, None)
    assert access.inherits_from(one) is news
    for scope_id in (hidden, shared):
        assert session.get(SecurityScope, scope_id) is None
        assert assignments_in(session, scope_id) == 0
    assert can_view(session, people.member, one)
    assert not can_view(session, people.outsider, two)
    assert orphan_scopes(session) == 0


def test_resetting_a_list_keeps_its_items_unique_permissions(session, site, system, news, people):
    sharing.break_inheritance(session, news, actor=system)
    sharing.grant(session, news, people.outsider, level(session, site, "Read"), actor=system)
    one = item(session, news, 1)
    scope_id = sharing.break_inheritance(session, one, actor=system, copy=False)
    sharing.grant(session, one, people.visitor, level(session, site, "Edit"), actor=system)
    sharing.reset_inheritance(session, news, actor=system)
    session.expire_all()
    assert news.scope_id is None and one.scope_id == scope_id
    assert held(session, one) == {("user", "visitor", ("Edit",))}
    assert access.can(session, as_actor(session, people.visitor), one, P.EditListItems)
    assert not can_view(session, people.member, one)
    assert not can_view(session, people.outsider, news)  # its list grant went with the reset
    assert access.inherits_from(item(session, news, 2)) is site
    assert orphan_scopes(session) == 0


def test_an_inheriting_object_has_no_assignments_to_change(session, site, system, news, people):
    members = groups.default_group(session, site, "Members")
    read = level(session, site, "Read")
    count = select(func.count()).select_from(RoleAssignment)
    before = session.scalar(count)
    for obj in (news, item(session, news, 1)):
        for change, args in ((sharing.grant, (people.outsider, read)),
                             (sharing.revoke, (members,)),
                             (sharing.set_levels, (members, [read])),
                             (sharing.set_anonymous_access, (read,))):
            with pytest.raises(ValidationError) as error:
                change(session, obj, *args, actor=system)
            assert list(error.value.errors) == ["object"]
    assert session.scalar(count) == before
    assert not sharing.has_unique_permissions(news)


def test_a_site_neither_breaks_nor_resets(session, site, system):
    for change in (sharing.break_inheritance, sharing.reset_inheritance):
        with pytest.raises(ValidationError) as error:
            change(session, site, actor=system)
        assert list(error.value.errors) == ["object"]
    assert sharing.has_unique_permissions(site)


def test_bad_grants_are_refused_naming_the_parameter(session, site, system, news, people):
    other = sites.create_site(session, actor=system, slug="khac", title="Khác")
    sharing.break_inheritance(session, news, actor=system)
    before = held(session, news)
    read = level(session, site, "Read")
    people.visitor.is_active = False
    for principal, given, bad in [
            (people.outsider, [], "levels"),
            (people.outsider, [level(session, other, "Read")], "levels"),
            (groups.default_group(session, other, "Members"), [read], "principal"),
            (people.visitor, [read], "principal"),
            (news, [read], "principal")]:
        with pytest.raises(ValidationError) as error:
            sharing.grant(session, news, principal, given, actor=system)
        assert list(error.value.errors) == [bad]
    assert held(session, news) == before


def test_only_who_manages_permissions_may_break_grant_or_reset(session, site, system, news,
                                                               people):
    one = item(session, news, 1)
    sharing.break_inheritance(session, one, actor=system)
    read = level(session, site, "Read")
    scopes = select(func.count()).select_from(SecurityScope)
    before = (session.scalar(scopes), held(session, one), held(session, news))
    for person in (people.member, people.visitor):
        actor = as_actor(session, person)
        for change, obj, args in ((sharing.break_inheritance, news, ()),
                                  (sharing.reset_inheritance, one, ()),
                                  (sharing.grant, one, (person, read)),
                                  (sharing.revoke, one, (person,))):
            with pytest.raises(AccessDenied):
                change(session, obj, *args, actor=actor)
    outsider = as_actor(session, people.outsider)
    with pytest.raises(NotFound):  # an item they can't see is not found, not forbidden
        sharing.reset_inheritance(session, one, actor=outsider)
    with pytest.raises(AccessDenied):
        sharing.role_assignments(session, one, actor=as_actor(session, people.member))
    assert (session.scalar(scopes), held(session, one), held(session, news)) == before


def test_deleting_an_item_drops_its_scope(session, site, system, news, people):
    one = item(session, news, 1)
    scope_id = sharing.break_inheritance(session, one, actor=system)
    sharing.grant(session, one, people.outsider, level(session, site, "Read"), actor=system)
    items.delete_item(session, one, actor=system)
    assert session.get(SecurityScope, scope_id) is None
    assert assignments_in(session, scope_id) == 0
    assert orphan_scopes(session) == 0


def test_deleting_a_list_drops_its_scopes_and_its_items(session, site, system, news, people):
    list_scope = sharing.break_inheritance(session, news, actor=system)
    item_scopes = [sharing.break_inheritance(session, item(session, news, n), actor=system,
                                             copy=False) for n in (1, 2)]
    sharing.grant(session, item(session, news, 1), people.outsider, level(session, site, "Read"),
                  actor=system)
    lists.delete_list(session, news, actor=system)
    for scope_id in (list_scope, *item_scopes):
        assert session.get(SecurityScope, scope_id) is None
        assert assignments_in(session, scope_id) == 0
    assert orphan_scopes(session) == 0
    assert held(session, site) == DEFAULT_HOLDERS


def test_check_permissions_explains_each_grant(session, site, system, news, people):
    one = item(session, news, 1)
    sharing.break_inheritance(session, one, actor=system)
    sharing.grant(session, one, people.member, level(session, site, "Approve"), actor=system)
    sharing.set_anonymous_access(session, one, level(session, site, "View Only"), actor=system)
    owner = as_actor(session, people.owner)

    member = sharing.check_permissions(session, one, people.member, actor=owner)
    assert {(g.via, g.level) for g in member.grants} == {
        ("Trang thử nghiệm Members", "Edit"), ("Member", "Approve"),
        ("Anonymous access", "View Only")}
    assert member.mask == level(session, site, "Approve").permissions | level(
        session, site, "Edit").permissions
    assert member.has(P.ApproveItems) and member.has(P.ManageLists)
    assert not member.has(P.ManagePermissions)
    assert "ApproveItems" in member.names

    anonymous = sharing.check_permissions(session, one, None, actor=owner)
    assert [(g.via, g.level) for g in anonymous.grants] == [("Anonymous access", "View Only")]
    assert anonymous.has(P.ViewListItems) and not anonymous.has(P.OpenItems)

    outsider = sharing.check_permissions(session, news, people.outsider, actor=owner)
    assert (outsider.mask, outsider.grants) == (0, [])

    admin = users.create_user(session, actor=system, login="admin", display_name="Quản trị",
                              is_site_admin=True)
    explained = sharing.check_permissions(session, news, admin, actor=owner)
    assert [(g.via, g.level) for g in explained.grants] == [
        ("Site collection administrator", "Full Control")]
    assert explained.mask == FULL_MASK

    people.visitor.is_active = False
    assert sharing.check_permissions(session, news, people.visitor, actor=owner).mask == 0


def test_check_permissions_needs_enumerate_permissions(session, site, system, news, people):
    with pytest.raises(AccessDenied):
        sharing.check_permissions(session, news, people.visitor,
                                  actor=as_actor(session, people.member))
    one = item(session, news, 1)
    sharing.break_inheritance(session, one, actor=system, copy=False)
    with pytest.raises(NotFound):
        sharing.check_permissions(session, one, people.visitor,
                                  actor=as_actor(session, people.member))


def test_group_membership_changes_take_effect_for_a_fresh_actor(session, site, system, news,
                                                                 people):
    one = item(session, news, 1)
    members = groups.default_group(session, site, "Members")
    before = as_actor(session, people.visitor)
    assert not access.can(session, before, one, P.EditListItems)
    groups.add_member(session, members, people.visitor, actor=system)
    assert access.can(session, as_actor(session, people.visitor), one, P.EditListItems)
    items.update_item(session, one, {"Title": "Một (sửa)"}, actor=as_actor(session, people.visitor),
                      expected_row_version=one.row_version)
    groups.remove_member(session, members, people.visitor, actor=system)
    with pytest.raises(AccessDenied):
        items.update_item(session, one, {"Title": "x"}, actor=as_actor(session, people.visitor),
                          expected_row_version=one.row_version)

    team = groups.create_group(session, site, actor=system, name="Biên tập")
    sharing.break_inheritance(session, one, actor=system, copy=False)
    sharing.grant(session, one, team, level(session, site, "Contribute"), actor=system)
    assert not can_view(session, people.outsider, one)
    groups.add_member(session, team, people.outsider, actor=system)
    assert access.can(session, as_actor(session, people.outsider), one, P.DeleteListItems)
    groups.delete_group(session, team, actor=system)
    assert not can_view(session, people.outsider, one)
    assert assignments_in(session, one.scope_id) == 0
