"""SharePoint groups: a site's named sets of users, granted permission levels together.

Every new site gets "<title> Owners", "<title> Members" and "<title> Visitors" holding Full
Control, Edit and Read on the site. Creating a group needs Create Groups; changing one or its
members needs Manage Permissions on the site.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..errors import ValidationError, checked, collect, one_error
from ..models import GroupMember, RoleAssignment, RoleDefinition, Site, SiteGroup, User
from ..permissions import DEFAULT_GROUPS, Permission
from . import access
from .access import Actor
from .atomic import atomic
from .fetch import one_or_not_found
from .names import check_text, check_title

#: Longest description; its column holds 512 characters.
MAX_DESCRIPTION = 512


def _provision(session: Session, site: Site, levels: dict[str, RoleDefinition]) -> list[SiteGroup]:
    """The default groups of a new site, each granted its level on the site."""
    created = []
    for suffix, level_name in DEFAULT_GROUPS:
        group = SiteGroup(site_id=site.id, name=f"{site.title} {suffix}",
                          description=f"{suffix} of {site.title}")
        session.add(group)
        session.flush()
        session.add(RoleAssignment(scope_id=site.scope_id, group_id=group.id,
                                   role_definition_id=levels[level_name].id))
        created.append(group)
    session.flush()
    return created


def default_group(session: Session, site: Site, suffix: str) -> SiteGroup:
    """The site's default group called "<title> <suffix>" when the site was created."""
    return one_or_not_found(session, select(SiteGroup).where(
        SiteGroup.site_id == site.id, SiteGroup.name.endswith(f" {suffix}"))
        .order_by(SiteGroup.id).limit(1), f"Site '{site.title}' has no {suffix} group.")


def list_groups(session: Session, site: Site) -> list[SiteGroup]:
    return list(session.scalars(select(SiteGroup).where(SiteGroup.site_id == site.id)
                                .order_by(SiteGroup.name)))


def get_group(session: Session, site: Site, name: str) -> SiteGroup:
    return one_or_not_found(session, select(SiteGroup).where(
        SiteGroup.site_id == site.id, SiteGroup.name == name),
        f"Site '{site.title}' has no group '{name}'.")


def _check_name(session: Session, site: Site, name: object, group: SiteGroup | None) -> str:
    name = check_title(name, "name")
    if session.scalar(select(SiteGroup.id).where(
            SiteGroup.site_id == site.id, SiteGroup.name == name,
            SiteGroup.id != (group.id if group else -1))):
        raise one_error("name", f"A group '{name}' exists.")
    return name


def _check_description(description: object) -> str:
    """A group's description fits its column (512 characters)."""
    return check_text(description, "description", MAX_DESCRIPTION, multiline=True)


@atomic
def create_group(session: Session, site: Site, *, actor: Actor, name: str,
                 description: str = "") -> SiteGroup:
    access.require(session, actor, site, Permission.CreateGroups)
    errors: dict[str, str] = {}
    name = collect(errors, lambda: _check_name(session, site, name, None))
    description = collect(errors, lambda: _check_description(description))
    if errors:
        raise ValidationError(errors)
    group = SiteGroup(site_id=site.id, name=name, description=description)
    session.add(group)
    session.flush()
    return group


@atomic
def update_group(session: Session, group: SiteGroup, *, actor: Actor, name: str | None = None,
                 description: str | None = None) -> SiteGroup:
    site = session.get(Site, group.site_id)
    access.require(session, actor, site, Permission.ManagePermissions)
    changes = checked({
        "name": None if name is None else lambda: _check_name(session, site, name, group),
        "description": None if description is None else lambda: _check_description(
            description)})
    for attribute, value in changes.items():
        setattr(group, attribute, value)
    session.flush()
    return group


@atomic
def delete_group(session: Session, group: SiteGroup, *, actor: Actor) -> None:
    """Delete a group, its memberships and every permission it was granted."""
    access.require(session, actor, session.get(Site, group.site_id), Permission.ManagePermissions)
    session.delete(group)
    session.flush()


def members(session: Session, group: SiteGroup) -> list[User]:
    return list(session.scalars(select(User).join(GroupMember, GroupMember.user_id == User.id)
                                .where(GroupMember.group_id == group.id)
                                .order_by(User.display_name)))


def member_counts(session: Session, site: Site) -> dict[int, int]:
    """How many members each group of the site has, by group id, in one query (groups without
    members are left out)."""
    return dict(session.execute(
        select(GroupMember.group_id, func.count()).join(SiteGroup)
        .where(SiteGroup.site_id == site.id).group_by(GroupMember.group_id)).all())


@atomic
def add_member(session: Session, group: SiteGroup, user: User, *, actor: Actor) -> None:
    """Add ``user`` to ``group`` (already a member: nothing changes)."""
    access.require(session, actor, session.get(Site, group.site_id), Permission.ManagePermissions)
    if session.get(GroupMember, (group.id, user.id)) is None:
        session.add(GroupMember(group_id=group.id, user_id=user.id))
        session.flush()


@atomic
def remove_member(session: Session, group: SiteGroup, user: User, *, actor: Actor) -> None:
    access.require(session, actor, session.get(Site, group.site_id), Permission.ManagePermissions)
    session.execute(delete(GroupMember).where(GroupMember.group_id == group.id,
                                              GroupMember.user_id == user.id))
