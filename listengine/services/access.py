"""Who is acting, what they may do where, and which items they may see.

Every engine operation takes an :class:`Actor`. Its rights on an object are the union of the
permission levels that the user and the user's groups hold in the object's *effective scope*
(the object's own scope, else its parent's), plus what the scope grants anonymous visitors;
site collection administrators hold every right. Masks are memoised on the actor per scope, so
a page that checks the same scope many times asks the database once.

Reading many items is trimmed in SQL, never row by row: :func:`visible_items` is a WHERE
clause over the item table built from one subquery of the scopes the actor can read, so a list
view costs one statement whatever the number of unique scopes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, select, true
from sqlalchemy.orm import Session

from ..errors import AccessDenied, NotFound
from ..models import (
    GroupMember,
    Item,
    List,
    RoleAssignment,
    RoleDefinition,
    SecurityScope,
    Site,
    User,
)
from ..permissions import FULL_MASK, Permission

#: What can be secured: each points at a scope or inherits its parent's.
Securable = Site | List | Item


@dataclass(eq=False)
class Actor:
    """The acting principal: a signed-in user (with their groups) or an anonymous visitor."""

    user: User | None
    group_ids: frozenset[int] = frozenset()
    _masks: dict[int, int] = field(default_factory=dict, repr=False)

    @property
    def user_id(self) -> int | None:
        return None if self.user is None else self.user.id

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    @property
    def is_admin(self) -> bool:
        """A site collection administrator (or the System Account): every right everywhere."""
        return self.user is not None and self.user.is_site_admin

    @property
    def is_system(self) -> bool:
        return self.user is not None and self.user.is_system

    @property
    def name(self) -> str:
        return "Anonymous" if self.user is None else self.user.display_name


def actor_for(session: Session, user: User | None) -> Actor:
    """The actor for ``user`` (``None``: anonymous); an inactive user acts as anonymous."""
    if user is None or not user.is_active:
        return Actor(None)
    groups = session.scalars(select(GroupMember.group_id).where(GroupMember.user_id == user.id))
    return Actor(user, frozenset(groups))


def anonymous() -> Actor:
    return Actor(None)


def scope_of(obj: Securable) -> int:
    """The scope whose assignments apply to ``obj``: its own, else the nearest parent's."""
    if isinstance(obj, Item):
        return obj.scope_id or scope_of(obj.list)
    if isinstance(obj, List):
        return obj.scope_id or obj.site.scope_id
    return obj.scope_id


def inherits_from(obj: Securable) -> Securable | None:
    """The object whose permissions ``obj`` inherits, or ``None`` when it has its own."""
    if isinstance(obj, Item):
        return None if obj.scope_id else (obj.list if obj.list.scope_id else obj.list.site)
    if isinstance(obj, List):
        return None if obj.scope_id else obj.site
    return None


def _principal_clause(actor: Actor) -> ColumnElement[bool]:
    """Role assignments that apply to the actor: their own and their groups'."""
    if actor.user is None:
        return false()
    clauses = [RoleAssignment.user_id == actor.user.id]
    if actor.group_ids:
        clauses.append(RoleAssignment.group_id.in_(sorted(actor.group_ids)))
    return or_(*clauses)


def scope_mask(session: Session, actor: Actor, scope_id: int) -> int:
    """The actor's rights in one scope (memoised on the actor)."""
    if actor.is_admin:
        return FULL_MASK
    if scope_id not in actor._masks:
        granted = session.scalars(
            select(RoleDefinition.permissions)
            .join(RoleAssignment, RoleAssignment.role_definition_id == RoleDefinition.id)
            .where(RoleAssignment.scope_id == scope_id, _principal_clause(actor))
            .union_all(select(SecurityScope.anonymous_mask).where(SecurityScope.id == scope_id)))
        mask = 0
        for permissions in granted:
            mask |= permissions
        actor._masks[scope_id] = mask
    return actor._masks[scope_id]


def forget(actor: Actor) -> None:
    """Drop the memoised masks (after the actor's own rights were changed)."""
    actor._masks.clear()


def mask_on(session: Session, actor: Actor, obj: Securable) -> int:
    return scope_mask(session, actor, scope_of(obj))


def can(session: Session, actor: Actor, obj: Securable, permission: Permission) -> bool:
    return mask_on(session, actor, obj) & permission == permission


def require(session: Session, actor: Actor, obj: Securable, permission: Permission) -> None:
    """Refuse unless the actor holds ``permission`` on ``obj``.

    An item the actor may not even see is "not found", never "forbidden", so that its
    existence does not leak; anything else refused raises :class:`AccessDenied`.
    """
    mask = mask_on(session, actor, obj)
    if mask & permission == permission:
        return
    if isinstance(obj, Item) and not mask & Permission.ViewListItems:
        raise NotFound(f"List '{obj.list.title}' has no item {obj.item_no}.")
    raise AccessDenied(permission.name, f"{actor.name} lacks the '{permission.name}' permission "
                                        f"on {_describe(obj)}.")


def _describe(obj: Securable) -> str:
    if isinstance(obj, Item):
        return f"item {obj.item_no} of list '{obj.list.title}'"
    if isinstance(obj, List):
        return f"list '{obj.title}'"
    return f"site '{obj.title}'"


def scopes_granting(actor: Actor, permission: Permission) -> Select:
    """A subquery of every scope id in which the actor holds ``permission``.

    One statement, evaluated by the database once per query that uses it: the scopes that
    the actor's user or groups are assigned a level with the right in, plus those open to
    anonymous visitors with it.
    """
    flag = int(permission)
    anonymous = (select(SecurityScope.id)
                 .where(SecurityScope.anonymous_mask != 0,
                        SecurityScope.anonymous_mask.op("&")(flag) == flag))
    if actor.user is None:
        return anonymous
    assigned = (select(RoleAssignment.scope_id)
                .join(RoleDefinition, RoleDefinition.id == RoleAssignment.role_definition_id)
                .where(_principal_clause(actor), RoleDefinition.permissions.op("&")(flag) == flag))
    return assigned.union(anonymous)


def _refused(actor: Actor, permission: Permission) -> ColumnElement[bool]:
    """Items with a scope of their own that does not grant ``permission``."""
    return and_(Item.scope_id.is_not(None),
                Item.scope_id.not_in(scopes_granting(actor, permission)))


def _granted(actor: Actor, permission: Permission) -> ColumnElement[bool]:
    """Items with a scope of their own that grants ``permission``."""
    return and_(Item.scope_id.is_not(None),
                Item.scope_id.in_(scopes_granting(actor, permission)))


def _reads_list(session: Session, actor: Actor, lst: List, permission: Permission) -> bool:
    return scope_mask(session, actor, scope_of(lst)) & permission == permission


def visible_items(session: Session, actor: Actor, lst: List,
                  permission: Permission = Permission.ViewListItems) -> ColumnElement[bool]:
    """A WHERE clause keeping the items of ``lst`` on which the actor holds ``permission``.

    Items that inherit (``scope_id IS NULL``) share the list's scope, decided here once; items
    with their own scope are kept when it is among :func:`scopes_granting`. When the list's
    scope grants, the clause says "not refused" rather than "inherits or granted": the same
    rows, but SQLite then walks the (list_id, item_no) index in page order instead of OR-ing
    two index searches and sorting every visible row before the LIMIT.
    """
    if actor.is_admin:
        return true()
    if _reads_list(session, actor, lst, permission):
        return not_(_refused(actor, permission))
    return _granted(actor, permission)


def visible_counts(session: Session, actor: Actor, lists: list[List]) -> dict[int, int]:
    """How many items of each list the actor may see, by list id, without testing every row.

    On a list the actor reads, that is all its items less those whose own scope refuses them;
    elsewhere, only the items whose own scope grants them. Both are short ranges of the
    (list_id, scope_id) index, so a million-item list costs one plain count.
    """
    def per_list(*where: ColumnElement[bool]) -> dict[int, int]:
        return dict(session.execute(select(Item.list_id, func.count()).where(*where)
                                    .group_by(Item.list_id)).all())
    flag = Permission.ViewListItems
    readable = [lst.id for lst in lists if _reads_list(session, actor, lst, flag)]
    others = [lst.id for lst in lists if lst.id not in readable]
    totals = per_list(Item.list_id.in_(readable)) if readable else {}
    refused = per_list(Item.list_id.in_(readable), _refused(actor, flag)) \
        if readable and not actor.is_admin else {}
    granted = per_list(Item.list_id.in_(others), _granted(actor, flag)) if others else {}
    return {lst.id: totals.get(lst.id, 0) - refused.get(lst.id, 0) + granted.get(lst.id, 0)
            for lst in lists}


def openable(session: Session, actor: Actor, lists: list[List]) -> list[List]:
    """The lists whose page may be shown to the actor: those they read, and those holding at
    least one item they may see (SharePoint's "Limited Access" on the parent of a shared
    item), the latter found for all lists in one query."""
    flag = Permission.ViewListItems
    others = [lst.id for lst in lists if not _reads_list(session, actor, lst, flag)]
    shared = set(session.scalars(select(Item.list_id).distinct().where(
        Item.list_id.in_(others), _granted(actor, flag)))) if others else set()
    return [lst for lst in lists if lst.id not in others or lst.id in shared]


def can_open_list(session: Session, actor: Actor, lst: List) -> bool:
    return bool(openable(session, actor, [lst]))


def require_list(session: Session, actor: Actor, lst: List) -> None:
    """Answer "not found" for a list the actor can see nothing of."""
    if not can_open_list(session, actor, lst):
        raise NotFound(f"No list '{lst.url_name}' on site '{lst.site.slug}'.")


def require_admin(actor: Actor, what: str) -> None:
    if not actor.is_admin:
        raise AccessDenied("is_site_admin", f"Only a site collection administrator can {what}.")
