"""Lists: create, find, rename, delete, and the columns their default view shows."""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

import contenttypes

from ..errors import ValidationError, collect, errors_of, one_error
from ..models import ContentType, Field, Item, ItemLink, List, Site
from ..permissions import Permission
from . import access, sharing
from .content_types import EffectiveColumn, add_to_list, get_content_type
from .access import Actor
from .atomic import atomic
from .fetch import one_or_not_found
from .names import check_text, check_title, check_url_name

#: Columns shown when a list has no view columns configured (SharePoint's default view).
DEFAULT_VIEW_FIELDS = ("Title",)


def _check_unique_names(session: Session, site: Site, lst: List | None, *, title: str | None,
                        url_name: str | None) -> None:
    errors = {}
    others = select(List.id).where(List.site_id == site.id)
    if lst is not None:
        others = others.where(List.id != lst.id)
    if title is not None and session.scalar(others.where(List.title == title)):
        errors["title"] = f"A list titled '{title}' exists on this site."
    if url_name is not None and session.scalar(others.where(List.url_name == url_name)):
        errors["url_name"] = f"A list at '{url_name}' exists on this site."
    if errors:
        raise ValidationError(errors)


@atomic
def create_list(session: Session, site: Site, *, actor: Actor, title: str, url_name: str,
                description: str = "", content_types: list[ContentType] | None = None,
                view_fields: list[str] | None = None, page_size: int = 30) -> List:
    """A list with the given site content types (the first is the default; Item if none)."""
    access.require(session, actor, site, Permission.ManageLists)
    errors = errors_of(lambda: check_title(title), lambda: check_url_name(url_name))
    description = collect(errors, lambda: check_text(description, "description", multiline=True))
    if not isinstance(page_size, int) or not 1 <= page_size <= 500:
        errors["page_size"] = "Use a page size between 1 and 500."
    if errors:
        raise ValidationError(errors)
    title = title.strip()
    _check_unique_names(session, site, None, title=title, url_name=url_name)
    if not content_types:
        content_types = [get_content_type(session, site, contenttypes.DEFAULT_CONTENT_TYPE)]
    lst = List(site_id=site.id, title=title, url_name=url_name, description=description,
               page_size=page_size, view_fields=[])
    session.add(lst)
    session.flush()
    for ct in content_types:
        add_to_list(session, lst, ct, actor=actor)
    if view_fields is not None:
        update_list(session, lst, actor=actor, view_fields=view_fields)
    return lst


def get_list(session: Session, site: Site, url_name: str, *, actor: Actor) -> List:
    """The list at ``url_name``; one the actor can see nothing of is not found."""
    lst = one_or_not_found(
        session, select(List).where(List.site_id == site.id, List.url_name == url_name),
        f"No list '{url_name}' on site '{site.slug}'.")
    access.require_list(session, actor, lst)
    return lst


def list_lists(session: Session, site: Site, *, actor: Actor) -> list[List]:
    """The site's lists that the actor can see something of, by title."""
    found = session.scalars(select(List).where(List.site_id == site.id).order_by(List.title))
    return access.openable(session, actor, list(found))


def view_columns(session: Session, lst: List) -> list[EffectiveColumn]:
    """The columns of the list's default view, in view order, read in one query (a page
    then touches no lazy relationship); names that are no longer columns are skipped."""
    wanted = lst.view_fields or DEFAULT_VIEW_FIELDS
    by_name = {f.internal_name: f for f in session.scalars(
        select(Field).where(Field.list_id == lst.id, Field.internal_name.in_(wanted)))}
    return [EffectiveColumn(by_name[name], required=False, hidden=False)
            for name in wanted if name in by_name]


def item_counts(session: Session, site: Site, *, actor: Actor) -> dict[int, int]:
    """Items per list of the site that the actor can see (lists with none left out), in a
    few grouped queries."""
    every = list(session.scalars(select(List).where(List.site_id == site.id)))
    return {list_id: count for list_id, count
            in access.visible_counts(session, actor, every).items() if count}


@atomic
def update_list(session: Session, lst: List, *, actor: Actor, **changes: Any) -> List:
    """Change title, url_name, description, view_fields or page_size."""
    access.require(session, actor, lst, Permission.ManageLists)
    allowed = {"title", "url_name", "description", "view_fields", "page_size"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise one_error(unknown[0], "This list property cannot be changed.")
    if "title" in changes:
        changes["title"] = check_title(changes["title"])
    if "url_name" in changes:
        check_url_name(changes["url_name"])
    if "description" in changes:
        changes["description"] = check_text(changes["description"], "description",
                                            multiline=True)
    if "page_size" in changes and (not isinstance(changes["page_size"], int)
                                   or not 1 <= changes["page_size"] <= 500):
        raise one_error("page_size", "Use a page size between 1 and 500.")
    if "view_fields" in changes:
        names = set(session.scalars(select(Field.internal_name).where(Field.list_id == lst.id)))
        wanted = changes["view_fields"]
        if not isinstance(wanted, list) or any(n not in names for n in wanted):
            missing = [n for n in wanted if n not in names] if isinstance(wanted, list) else wanted
            raise one_error("view_fields", f"Not columns of this list: {missing}.")
    _check_unique_names(session, lst.site, lst, title=changes.get("title"),
                        url_name=changes.get("url_name"))
    for name, value in changes.items():
        setattr(lst, name, value)
    session.flush()
    return lst


@atomic
def delete_list(session: Session, lst: List, *, actor: Actor) -> None:
    """Delete a list with its items and their permissions, unless another list's items look
    items of it up."""
    access.require(session, actor, lst, Permission.ManageLists)
    used = session.scalar(
        select(func.count()).select_from(ItemLink)
        .join(Item, Item.id == ItemLink.target_item_id)
        .where(Item.list_id == lst.id,
               ItemLink.item_id.not_in(select(Item.id).where(Item.list_id == lst.id))))
    if used:
        raise one_error("list", f"Items of other lists look up {used} item(s) of '{lst.title}'; "
                                "remove those lookups first.")
    item_scopes = list(session.scalars(select(Item.scope_id).where(
        Item.list_id == lst.id, Item.scope_id.is_not(None))))
    session.execute(delete(Item).where(Item.list_id == lst.id))
    session.execute(delete(ContentType).where(ContentType.list_id == lst.id))
    session.execute(delete(Field).where(Field.list_id == lst.id))
    own_scope = lst.scope_id
    session.delete(lst)
    session.flush()
    sharing._drop_scopes(session, [*item_scopes, *([own_scope] if own_scope else [])])
