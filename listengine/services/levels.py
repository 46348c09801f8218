"""Permission levels (SharePoint role definitions): the built-in ones and custom levels.

A level is a named mask of :class:`~listengine.permissions.Permission` rights, kept per site.
Custom levels are closed over the rights' dependencies, as SharePoint's level editor does.
Full Control can be neither changed nor deleted.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import ValidationError, checked, collect, one_error
from ..models import RoleDefinition, Site
from ..permissions import ALL_RIGHTS, BUILTIN_LEVELS, Permission, parse_names, with_dependencies
from . import access
from .access import Actor
from .atomic import atomic
from .fetch import one_or_not_found
from .names import check_text, check_title

#: Longest description; its column holds 512 characters.
MAX_DESCRIPTION = 512


def _provision(session: Session, site: Site) -> dict[str, RoleDefinition]:
    """The built-in levels of a new site, by name."""
    levels = {}
    for position, builtin in enumerate(BUILTIN_LEVELS):
        levels[builtin.name] = RoleDefinition(
            site_id=site.id, name=builtin.name, description=builtin.description,
            permissions=builtin.mask, editable=builtin.editable, position=position)
    session.add_all(levels.values())
    session.flush()
    return levels


def list_levels(session: Session, site: Site) -> list[RoleDefinition]:
    return list(session.scalars(select(RoleDefinition).where(RoleDefinition.site_id == site.id)
                                .order_by(RoleDefinition.position, RoleDefinition.id)))


def get_level(session: Session, site: Site, name: str) -> RoleDefinition:
    return one_or_not_found(session, select(RoleDefinition).where(
        RoleDefinition.site_id == site.id, RoleDefinition.name == name),
        f"Site '{site.title}' has no permission level '{name}'.")


def _mask(permissions: object) -> int:
    """A level's mask from right names (or a mask), with the rights they depend on."""
    if isinstance(permissions, int) and not isinstance(permissions, bool):
        mask = permissions
    elif isinstance(permissions, (list, tuple, set, frozenset)) and all(
            isinstance(p, str) for p in permissions):
        try:
            mask = parse_names(list(permissions))
        except KeyError as exc:
            raise one_error("permissions", f"Unknown permissions: {exc.args[0]}.") from None
    else:
        raise one_error("permissions", "Give a list of permission names.")
    if mask <= 0 or mask & ~ALL_RIGHTS:
        raise one_error("permissions", "Choose at least one permission; only SharePoint's "
                                       "base permissions are allowed.")
    return with_dependencies(mask)


def _check_name(session: Session, site: Site, name: object, level: RoleDefinition | None) -> str:
    name = check_title(name, "name")
    taken = session.scalar(select(RoleDefinition.id).where(
        RoleDefinition.site_id == site.id, RoleDefinition.name == name,
        RoleDefinition.id != (level.id if level else -1)))
    if taken:
        raise one_error("name", f"A permission level '{name}' exists.")
    return name


def _check_description(description: object) -> str:
    """A level's description fits its column (512 characters)."""
    return check_text(description, "description", MAX_DESCRIPTION, multiline=True)


@atomic
def create_level(session: Session, site: Site, *, actor: Actor, name: str,
                 permissions: list[str] | int, description: str = "") -> RoleDefinition:
    access.require(session, actor, site, Permission.ManagePermissions)
    errors: dict[str, str] = {}
    name = collect(errors, lambda: _check_name(session, site, name, None))
    mask = collect(errors, lambda: _mask(permissions))
    description = collect(errors, lambda: _check_description(description))
    if errors:
        raise ValidationError(errors)
    position = session.scalar(select(func.max(RoleDefinition.position))
                              .where(RoleDefinition.site_id == site.id)) or 0
    level = RoleDefinition(site_id=site.id, name=name, description=description,
                           permissions=mask, position=position + 1)
    session.add(level)
    session.flush()
    return level


def _editable(level: RoleDefinition) -> None:
    if not level.editable:
        raise one_error("name", f"'{level.name}' cannot be changed or deleted.")


@atomic
def update_level(session: Session, level: RoleDefinition, *, actor: Actor,
                 name: str | None = None, permissions: list[str] | int | None = None,
                 description: str | None = None) -> RoleDefinition:
    site = session.get(Site, level.site_id)
    access.require(session, actor, site, Permission.ManagePermissions)
    _editable(level)
    changes = checked({
        "name": None if name is None else lambda: _check_name(session, site, name, level),
        "permissions": None if permissions is None else lambda: _mask(permissions),
        "description": None if description is None else lambda: _check_description(
            description)})
    for attribute, value in changes.items():
        setattr(level, attribute, value)
    session.flush()
    return level


@atomic
def delete_level(session: Session, level: RoleDefinition, *, actor: Actor) -> None:
    """Delete a custom or built-in level; its role assignments go with it."""
    access.require(session, actor, session.get(Site, level.site_id), Permission.ManagePermissions)
    _editable(level)
    session.delete(level)
    session.flush()
