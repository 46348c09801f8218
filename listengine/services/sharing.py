"""Permission inheritance and role assignments of sites, lists and items.

SharePoint's ``BreakRoleInheritance(copyRoleAssignments, clearSubscopes)``,
``ResetRoleInheritance``, ``RoleAssignments.Add`` / ``Remove`` and "Check Permissions".
All of them need Manage Permissions on the object (reading its assignments needs Enumerate
Permissions). An object that inherits has no assignments of its own to change: break its
inheritance first, as SharePoint requires.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ..errors import one_error
from ..models import (
    GroupMember,
    Item,
    List,
    RoleAssignment,
    RoleDefinition,
    SecurityScope,
    Site,
    SiteGroup,
    User,
)
from ..permissions import ANONYMOUS_LIMIT, FULL_MASK, Permission, names_of
from . import access
from .access import Actor, Securable, scope_of
from .atomic import atomic

Principal = User | SiteGroup


def site_of(obj: Securable) -> Site:
    if isinstance(obj, Item):
        return obj.list.site
    return obj.site if isinstance(obj, List) else obj


def has_unique_permissions(obj: Securable) -> bool:
    """SharePoint's ``HasUniqueRoleAssignments`` (a site always has its own)."""
    return isinstance(obj, Site) or obj.scope_id is not None


def _new_scope(session: Session, anonymous_mask: int = 0) -> int:
    return session.execute(insert(SecurityScope).values(anonymous_mask=anonymous_mask)
                           .returning(SecurityScope.id)).scalar_one()


def _new_site_scope(session: Session) -> int:
    """The scope a new site starts with."""
    return _new_scope(session)


def _drop_scopes(session: Session, scope_ids: list[int]) -> None:
    """Delete scopes nothing points at any more, with their role assignments."""
    if scope_ids:
        session.execute(delete(RoleAssignment).where(RoleAssignment.scope_id.in_(scope_ids)))
        session.execute(delete(SecurityScope).where(SecurityScope.id.in_(scope_ids)))


def _clear_item_scopes(session: Session, lst: List) -> int:
    """Make every item of ``lst`` inherit again; how many had their own permissions."""
    scope_ids = list(session.scalars(select(Item.scope_id).where(
        Item.list_id == lst.id, Item.scope_id.is_not(None))))
    session.execute(update(Item).where(Item.list_id == lst.id, Item.scope_id.is_not(None))
                    .values(scope_id=None).execution_options(synchronize_session="fetch"))
    _drop_scopes(session, scope_ids)
    return len(scope_ids)


@atomic
def break_inheritance(session: Session, obj: List | Item, *, actor: Actor, copy: bool = True,
                      clear_subscopes: bool = False) -> int:
    """Give ``obj`` permissions of its own; returns its new scope id.

    ``copy`` starts from the parent's assignments (anonymous access included); otherwise only
    the acting user holds Full Control. ``clear_subscopes`` on a list makes its items with
    unique permissions inherit again. Breaking what is already unique changes nothing but the
    optional clearing.
    """
    if isinstance(obj, Site):
        raise one_error("object", "A site's permissions are its own; it inherits from nothing.")
    access.require(session, actor, obj, Permission.ManagePermissions)
    if obj.scope_id is None:
        parent_scope = scope_of(obj)
        anonymous_mask = session.get(SecurityScope, parent_scope).anonymous_mask if copy else 0
        scope_id = _new_scope(session, anonymous_mask)
        if copy:
            session.execute(insert(RoleAssignment).from_select(
                ["scope_id", "user_id", "group_id", "role_definition_id"],
                select(scope_id, RoleAssignment.user_id, RoleAssignment.group_id,
                       RoleAssignment.role_definition_id)
                .where(RoleAssignment.scope_id == parent_scope)))
        elif actor.user is not None and not actor.is_system:
            full = session.scalar(select(RoleDefinition.id).where(
                RoleDefinition.site_id == site_of(obj).id, RoleDefinition.permissions == FULL_MASK,
                RoleDefinition.editable.is_(False)))
            session.add(RoleAssignment(scope_id=scope_id, user_id=actor.user.id,
                                       role_definition_id=full))
        obj.scope_id = scope_id
    if clear_subscopes and isinstance(obj, List):
        _clear_item_scopes(session, obj)
    session.flush()
    access.forget(actor)
    return obj.scope_id


@atomic
def reset_inheritance(session: Session, obj: List | Item, *, actor: Actor) -> None:
    """Inherit the parent's permissions again; the unique assignments are discarded.

    A list's items keep their own permissions (SharePoint resets only the object itself).
    """
    if isinstance(obj, Site):
        raise one_error("object", "A site's permissions are its own; it inherits from nothing.")
    access.require(session, actor, obj, Permission.ManagePermissions)
    if obj.scope_id is None:
        return
    old = obj.scope_id
    obj.scope_id = None
    session.flush()
    _drop_scopes(session, [old])
    access.forget(actor)


def _own_scope(obj: Securable) -> int:
    if not has_unique_permissions(obj):
        raise one_error("object", f"{access._describe(obj).capitalize()} inherits permissions; "
                                  "stop inheriting before changing them.")
    return scope_of(obj)


def _principal_column(principal: Principal) -> tuple:
    if isinstance(principal, User):
        return RoleAssignment.user_id, principal.id
    if isinstance(principal, SiteGroup):
        return RoleAssignment.group_id, principal.id
    raise one_error("principal", "Grant permissions to a user or a group.")


def _check_same_site(obj: Securable, principal: Principal, levels: list[RoleDefinition]) -> None:
    site = site_of(obj)
    if isinstance(principal, SiteGroup) and principal.site_id != site.id:
        raise one_error("principal", f"Group '{principal.name}' belongs to another site.")
    if isinstance(principal, User) and not principal.is_active:
        raise one_error("principal", f"User '{principal.login}' is not active.")
    if not levels:
        raise one_error("levels", "Choose at least one permission level.")
    for level in levels:
        if level.site_id != site.id:
            raise one_error("levels", f"Permission level '{level.name}' belongs to another site.")


@atomic
def grant(session: Session, obj: Securable, principal: Principal,
          levels: RoleDefinition | list[RoleDefinition], *, actor: Actor) -> None:
    """Give ``principal`` these permission levels on ``obj`` (added to what it holds); a
    level named twice is granted once."""
    levels = list({level.id: level for level in
                   (levels if isinstance(levels, list) else [levels])}.values())
    access.require(session, actor, obj, Permission.ManagePermissions)
    scope_id = _own_scope(obj)
    _check_same_site(obj, principal, levels)
    column, principal_id = _principal_column(principal)
    held = set(session.scalars(select(RoleAssignment.role_definition_id).where(
        RoleAssignment.scope_id == scope_id, column == principal_id)))
    session.add_all(RoleAssignment(scope_id=scope_id, role_definition_id=level.id,
                                   **{column.key: principal_id})
                    for level in levels if level.id not in held)
    session.flush()
    access.forget(actor)


@atomic
def set_levels(session: Session, obj: Securable, principal: Principal,
               levels: list[RoleDefinition], *, actor: Actor) -> None:
    """Replace what ``principal`` holds on ``obj`` with exactly ``levels`` ("Edit User
    Permissions")."""
    access.require(session, actor, obj, Permission.ManagePermissions)
    _check_same_site(obj, principal, levels)
    revoke(session, obj, principal, actor=actor)
    grant(session, obj, principal, levels, actor=actor)


@atomic
def revoke(session: Session, obj: Securable, principal: Principal, *, actor: Actor) -> None:
    """Remove every level ``principal`` holds on ``obj`` itself ("Remove User Permissions")."""
    access.require(session, actor, obj, Permission.ManagePermissions)
    scope_id = _own_scope(obj)
    column, principal_id = _principal_column(principal)
    session.execute(delete(RoleAssignment).where(RoleAssignment.scope_id == scope_id,
                                                 column == principal_id))
    access.forget(actor)


@atomic
def set_anonymous_access(session: Session, obj: Securable, level: RoleDefinition | None, *,
                         actor: Actor) -> None:
    """Let anonymous visitors use ``level`` on ``obj`` (``None``: nothing); never more than
    Read."""
    access.require(session, actor, obj, Permission.ManagePermissions)
    scope = session.get(SecurityScope, _own_scope(obj))
    mask = 0 if level is None else level.permissions
    if mask & ~ANONYMOUS_LIMIT:
        raise one_error("level", "Anonymous visitors can be given Read at most.")
    if level is not None and level.site_id != site_of(obj).id:
        raise one_error("level", f"Permission level '{level.name}' belongs to another site.")
    scope.anonymous_mask = mask
    session.flush()
    access.forget(actor)


@dataclass(frozen=True)
class Assignment:
    """A principal and the levels it holds on one object (a row of Manage Permissions)."""

    principal: Principal
    levels: list[RoleDefinition]


def role_assignments(session: Session, obj: Securable, *, actor: Actor) -> list[Assignment]:
    """Who holds what on ``obj`` (its own or inherited scope); groups first, then users."""
    access.require(session, actor, obj, Permission.EnumeratePermissions)
    rows = session.scalars(select(RoleAssignment).where(RoleAssignment.scope_id == scope_of(obj))
                           .order_by(RoleAssignment.id)).all()
    grouped: dict[tuple[str, int], Assignment] = {}
    for row in rows:
        principal = row.group if row.group_id is not None else row.user
        key = ("group" if row.group_id is not None else "user", principal.id)
        grouped.setdefault(key, Assignment(principal, [])).levels.append(row.role_definition)
    return sorted(grouped.values(), key=lambda a: (isinstance(a.principal, User),
                                                   _principal_name(a.principal).casefold()))


def anonymous_mask(session: Session, obj: Securable) -> int:
    return session.get(SecurityScope, scope_of(obj)).anonymous_mask


def _principal_name(principal: Principal) -> str:
    return principal.name if isinstance(principal, SiteGroup) else principal.display_name


@dataclass(frozen=True)
class Grant:
    """One reason a user holds rights: ``via`` (the user, a group, anonymous access or the
    administrator flag) and the level it brings."""

    via: str
    level: str
    mask: int


@dataclass(frozen=True)
class EffectivePermissions:
    mask: int
    grants: list[Grant]

    @property
    def names(self) -> list[str]:
        return names_of(self.mask)

    def has(self, permission: Permission) -> bool:
        return self.mask & permission == permission


def check_permissions(session: Session, obj: Securable, user: User | None, *,
                      actor: Actor) -> EffectivePermissions:
    """SharePoint's "Check Permissions": what ``user`` (``None``: anonymous) can do on
    ``obj``, and through which assignment."""
    access.require(session, actor, obj, Permission.EnumeratePermissions)
    scope_id = scope_of(obj)
    grants = []
    if user is not None and user.is_site_admin:
        grants.append(Grant("Site collection administrator", "Full Control", FULL_MASK))
    if user is not None and user.is_active:
        groups = select(GroupMember.group_id).where(GroupMember.user_id == user.id)
        rows = session.scalars(select(RoleAssignment).where(
            RoleAssignment.scope_id == scope_id,
            (RoleAssignment.user_id == user.id) | RoleAssignment.group_id.in_(groups))
            .order_by(RoleAssignment.id))
        grants += [Grant(_principal_name(row.group or row.user), row.role_definition.name,
                         row.role_definition.permissions) for row in rows]
    anonymous = session.get(SecurityScope, scope_id).anonymous_mask
    if anonymous:
        level = session.scalar(select(RoleDefinition.name).where(
            RoleDefinition.site_id == site_of(obj).id, RoleDefinition.permissions == anonymous))
        grants.append(Grant("Anonymous access", level or "Custom", anonymous))
    mask = 0
    for item in grants:
        mask |= item.mask
    return EffectivePermissions(mask, grants)
