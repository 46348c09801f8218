"""Sites: create one provisioned with the built-in columns and content types."""
from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

import contenttypes

from ..errors import ValidationError, checked, collect, errors_of, one_error
from ..models import DEFAULT_TIME_ZONE, GroupMember, Site
from ..permissions import Permission
from . import access, groups, levels, sharing, templates
from .access import Actor
from .atomic import atomic
from .fetch import one_or_not_found
from .names import URL_NAME, check_text, check_title


def check_time_zone(name: object) -> str:
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise one_error("time_zone", f"Unknown time zone '{name}'.") from None
    return str(name)


@atomic
def create_site(session: Session, *, actor: Actor, slug: str, title: str,
                time_zone: str = DEFAULT_TIME_ZONE, description: str = "") -> Site:
    """A site with the built-in columns and content types, SharePoint's permission levels and
    the Owners / Members / Visitors groups; a signed-in creator joins Owners."""
    access.require_admin(actor, "create a site")
    errors = {}
    if not isinstance(slug, str) or not URL_NAME.match(slug):
        errors["slug"] = "Use 1-63 lowercase ASCII letters, digits or hyphens."
    elif session.scalar(select(Site.id).where(Site.slug == slug)):
        errors["slug"] = f"A site '{slug}' exists."
    errors.update(errors_of(lambda: check_title(title), lambda: check_time_zone(time_zone)))
    description = collect(errors, lambda: check_text(description, "description", multiline=True))
    if errors:
        raise ValidationError(errors)
    site = Site(slug=slug, title=title.strip(), time_zone=time_zone, description=description,
                scope_id=sharing._new_site_scope(session))
    session.add(site)
    session.flush()
    owners, *_ = groups._provision(session, site, levels._provision(session, site))
    if actor.user is not None and not actor.is_system:
        session.add(GroupMember(group_id=owners.id, user_id=actor.user.id))
    for definition in contenttypes.BUILTIN_CONTENT_TYPES:
        templates.provision_content_type(session, site, definition["name"], actor=actor)
    return site


@atomic
def update_site(session: Session, site: Site, *, actor: Actor, title: str | None = None,
                time_zone: str | None = None, description: str | None = None) -> Site:
    """Change a site's title, time zone or description (its slug is its address: fixed)."""
    access.require(session, actor, site, Permission.ManageWeb)
    changes = checked({
        "title": None if title is None else lambda: check_title(title),
        "time_zone": None if time_zone is None else lambda: check_time_zone(time_zone),
        "description": None if description is None else lambda: check_text(
            description, "description", multiline=True)})
    for attribute, value in changes.items():
        setattr(site, attribute, value)
    session.flush()
    return site


def get_site(session: Session, slug: str) -> Site:
    return one_or_not_found(session, select(Site).where(Site.slug == slug),
                            f"No site '{slug}'.")


def list_sites(session: Session) -> list[Site]:
    return list(session.scalars(select(Site).order_by(Site.id)))
