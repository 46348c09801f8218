"""Content types: SharePoint IDs, inheritance, list copies and push-down.

A site content type's columns are resolved through its parent chain (child links override
the parent's required/hidden flags, or remove a parent's column). Adding one to a list makes a
*list content type*: a child copy whose links are flattened onto list columns, so later
changes to the site type reach the list only when pushed down explicitly, as in SharePoint.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import NotFound, ValidationError, checked, collect, one_error
from ..models import ContentType, Field, FieldLink, Item, List, Site
from ..permissions import Permission
from . import access
from . import columns as columns_service
from .access import Actor
from .atomic import atomic
from .fetch import one_or_not_found
from .names import MAX_GROUP, check_text, check_title

CT_ID = re.compile(r"^0x[0-9A-F]*$")
MAX_CT_ID_LENGTH = 1024
#: SharePoint's limit for a content type name.
MAX_NAME = 128
_BAD_NAME_CHARS = set('\\/:*?"#%<>{}|~&')


@dataclass(frozen=True)
class EffectiveColumn:
    """A column as one content type uses it."""

    field: Field
    required: bool
    hidden: bool

    @property
    def internal_name(self) -> str:
        return self.field.internal_name


def child_ct_id(parent_ct_id: str) -> str:
    """SharePoint's GUID form: parent ID + ``00`` + 32 hex digits."""
    return f"{parent_ct_id}00{uuid.uuid4().hex.upper()}"


def is_ancestor(ancestor_ct_id: str, ct_id: str) -> bool:
    """Content type IDs are materialised paths: ancestry is a prefix test."""
    return ct_id != ancestor_ct_id and ct_id.startswith(ancestor_ct_id)


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise one_error("name", "A content type name is required.")
    name = check_title(name, "name", MAX_NAME)
    if _BAD_NAME_CHARS & set(name) or ".." in name or "\t" in name:
        raise one_error("name", 'A name may not contain \\ / : * ? " # % < > { } | ~ & .. or tabs.')
    return name


def get_content_type(session: Session, site: Site, name_or_id: str) -> ContentType:
    """A site content type by name or content type ID."""
    return one_or_not_found(session, select(ContentType).where(
        ContentType.site_id == site.id, ContentType.list_id.is_(None),
        (ContentType.name == name_or_id) | (ContentType.ct_id == name_or_id)),
        f"No site content type '{name_or_id}'.")


def list_site_content_types(session: Session, site: Site) -> list[ContentType]:
    return list(session.scalars(select(ContentType).where(
        ContentType.site_id == site.id, ContentType.list_id.is_(None)).order_by(ContentType.ct_id)))


def _require_manage(session: Session, actor: Actor, ct: ContentType) -> None:
    """Changing a content type needs Manage Lists on its list, or on the site for a site type."""
    owner = session.get(List, ct.list_id) if ct.list_id else _site(session, ct)
    access.require(session, actor, owner, Permission.ManageLists)


@atomic
def create_content_type(session: Session, site: Site, *, actor: Actor, name: str,
                        parent: ContentType | str | None, description: str = "",
                        group: str = "", ct_id: str | None = None) -> ContentType:
    """A site content type. ``ct_id`` is only given for built-ins; others get a GUID child ID."""
    access.require(session, actor, site, Permission.ManageLists)
    errors: dict[str, str] = {}
    name = collect(errors, lambda: _check_name(name))
    description = collect(errors, lambda: check_text(description, "description", multiline=True))
    group = collect(errors, lambda: check_text(group, "group", MAX_GROUP))
    if errors:
        raise ValidationError(errors)
    if session.scalar(select(ContentType.id).where(
            ContentType.site_id == site.id, ContentType.list_id.is_(None),
            ContentType.name == name)):
        raise one_error("name", f"A content type named '{name}' already exists.")
    parent_ct = None
    if parent is not None:
        try:
            parent_ct = parent if isinstance(parent, ContentType) else get_content_type(
                session, site, parent)
        except NotFound as exc:
            raise one_error("parent", str(exc)) from None
        if parent_ct.is_list_content_type:
            raise one_error("parent", "A site content type cannot derive from a list content type.")
    if ct_id is None:
        if parent_ct is None:
            raise one_error("parent", "A content type needs a parent.")
        ct_id = child_ct_id(parent_ct.ct_id)
    elif not CT_ID.match(ct_id) or len(ct_id) > MAX_CT_ID_LENGTH or (
            parent_ct and not is_ancestor(parent_ct.ct_id, ct_id)):
        raise one_error("ct_id", f"'{ct_id}' is not a valid content type ID for this parent.")
    if session.scalar(select(ContentType.id).where(ContentType.site_id == site.id,
                                                   ContentType.ct_id == ct_id)):
        raise one_error("ct_id", f"The content type ID {ct_id} is taken.")
    ct = ContentType(site_id=site.id, ct_id=ct_id, name=name, description=description,
                     group_name=group, parent=parent_ct)
    session.add(ct)
    session.flush()
    return ct


def _check_new_name(session: Session, ct: ContentType, name: object) -> str:
    """A valid name that no other content type of the same site (or list) has."""
    name = _check_name(name)
    if session.scalar(select(ContentType.id).where(
            ContentType.site_id == ct.site_id, ContentType.list_id == ct.list_id
            if ct.list_id else ContentType.list_id.is_(None), ContentType.name == name)):
        raise one_error("name", f"A content type named '{name}' already exists.")
    return name


@atomic
def update_content_type(session: Session, ct: ContentType, *, actor: Actor,
                        name: str | None = None, description: str | None = None,
                        group: str | None = None) -> ContentType:
    """Rename a site content type or change its description or group (not its parent)."""
    _require_manage(session, actor, ct)
    changes = checked({
        "name": None if name is None or name == ct.name else lambda: _check_new_name(
            session, ct, name),
        "description": None if description is None else lambda: check_text(
            description, "description", multiline=True),
        "group_name": None if group is None else lambda: check_text(group, "group", MAX_GROUP)})
    for attribute, value in changes.items():
        setattr(ct, attribute, value)
    session.flush()
    return ct


def effective_columns(session: Session, ct: ContentType) -> list[EffectiveColumn]:
    """The columns an item of ``ct`` has, in form order."""
    chain = [ct]
    if not ct.is_list_content_type:
        while chain[-1].parent is not None:
            chain.append(chain[-1].parent)
    merged: dict[int, EffectiveColumn] = {}
    for level in reversed(chain):
        for link in level.links:
            if link.removed:
                merged.pop(link.field_id, None)
                continue
            previous = merged.get(link.field_id)
            base_required = previous.required if previous else link.field.required
            base_hidden = previous.hidden if previous else link.field.hidden
            merged[link.field_id] = EffectiveColumn(
                link.field,
                base_required if link.required is None else link.required,
                base_hidden if link.hidden is None else link.hidden)
    return list(merged.values())


@atomic
def add_field_link(session: Session, ct: ContentType, field: Field, *, actor: Actor,
                   required: bool | None = None, hidden: bool | None = None) -> FieldLink:
    """Use ``field`` in ``ct`` (appended), or change the overrides of an existing link."""
    _require_manage(session, actor, ct)
    if field.site_id != ct.site_id or (ct.list_id or None) != (field.list_id or None):
        raise one_error("field", f"Column '{field.internal_name}' does not belong to the "
                                 f"same {'list' if ct.list_id else 'site'} as '{ct.name}'.")
    link = next((lk for lk in ct.links if lk.field_id == field.id), None)
    if link is None:
        position = max((lk.position for lk in ct.links), default=-1) + 1
        link = FieldLink(field=field, position=position)
        ct.links.append(link)
    link.required, link.hidden, link.removed = required, hidden, False
    session.flush()
    return link


@atomic
def remove_field_link(session: Session, ct: ContentType, field: Field, *, actor: Actor) -> None:
    """Stop using ``field`` in ``ct``; for an inherited column, record the removal."""
    _require_manage(session, actor, ct)
    own = next((lk for lk in ct.links if lk.field_id == field.id), None)
    inherited = ct.parent is not None and not ct.is_list_content_type and any(
        c.field.id == field.id for c in effective_columns(session, ct.parent))
    if own is None and not inherited:
        raise one_error("field", f"'{ct.name}' does not use column '{field.internal_name}'.")
    if inherited:
        if own is None:
            own = FieldLink(field=field, position=len(ct.links))
            ct.links.append(own)
        own.removed = True
    else:
        ct.links.remove(own)
    session.flush()


def list_content_types(session: Session, lst: List) -> list[ContentType]:
    """The list's content types, the default first."""
    return list(session.scalars(select(ContentType).where(ContentType.list_id == lst.id)
                                .order_by(ContentType.position, ContentType.id)))


@atomic
def add_to_list(session: Session, lst: List, site_ct: ContentType, *, actor: Actor) -> ContentType:
    """Copy a site content type onto a list (list columns are created as needed)."""
    access.require(session, actor, lst, Permission.ManageLists)
    if site_ct.is_list_content_type or site_ct.site_id != lst.site_id:
        raise one_error("content_type", f"'{site_ct.name}' is not a content type of this site.")
    if session.scalar(select(ContentType.id).where(ContentType.list_id == lst.id,
                                                   ContentType.parent_id == site_ct.id)):
        raise one_error("content_type", f"'{site_ct.name}' is already on list '{lst.title}'.")
    position = session.scalar(select(func.coalesce(func.max(ContentType.position) + 1, 0))
                              .where(ContentType.list_id == lst.id))
    list_ct = ContentType(site_id=lst.site_id, list_id=lst.id, ct_id=child_ct_id(site_ct.ct_id),
                          name=site_ct.name, description=site_ct.description,
                          group_name=site_ct.group_name, parent=site_ct, position=position)
    session.add(list_ct)
    _sync_list_copy(session, lst, list_ct, site_ct)
    return list_ct


def _sync_list_copy(session: Session, lst: List, list_ct: ContentType,
                    site_ct: ContentType) -> None:
    """Make ``list_ct``'s links mirror ``site_ct``'s effective columns on list columns."""
    wanted = []
    for column in effective_columns(session, site_ct):
        list_field = columns_service._copy_to_list(session, column.field, lst)
        wanted.append((list_field, column))
    keep = {f.id for f, _ in wanted}
    for link in [lk for lk in list_ct.links if lk.field_id not in keep]:
        list_ct.links.remove(link)
    by_field = {lk.field_id: lk for lk in list_ct.links}
    for position, (list_field, column) in enumerate(wanted):
        link = by_field.get(list_field.id)
        if link is None:
            link = FieldLink(field=list_field)
            list_ct.links.append(link)
        link.position, link.required, link.hidden = position, column.required, column.hidden
    session.flush()
    session.expire(list_ct, ["links"])  # reload in the new position order


@atomic
def push_down(session: Session, site_ct: ContentType, *, actor: Actor) -> int:
    """Apply ``site_ct``'s current columns to every list copy of it and of its descendants.

    Columns the site type no longer has are unlinked from the copies but stay on the list
    with their values (never silent data loss). Returns the number of list types updated.
    Needs Manage Lists on the site.
    """
    _require_manage(session, actor, site_ct)
    descendants = [ct for ct in list_site_content_types(session, _site(session, site_ct))
                   if ct.ct_id.startswith(site_ct.ct_id)]
    ids = [ct.id for ct in descendants]
    copies = session.scalars(select(ContentType).where(ContentType.parent_id.in_(ids),
                                                       ContentType.list_id.is_not(None))).all()
    for copy in copies:
        _sync_list_copy(session, session.get(List, copy.list_id), copy, copy.parent)
    return len(copies)


@atomic
def set_list_order(session: Session, lst: List, ordered: list[ContentType], *,
                   actor: Actor) -> None:
    """Reorder the list's content types; the first becomes the default."""
    access.require(session, actor, lst, Permission.ManageLists)
    current = list_content_types(session, lst)
    if sorted(ct.id for ct in ordered) != sorted(ct.id for ct in current):
        raise one_error("content_types", "Give every content type of the list exactly once.")
    for position, ct in enumerate(ordered):
        ct.position = position
    session.flush()


@atomic
def remove_from_list(session: Session, lst: List, list_ct: ContentType, *, actor: Actor) -> None:
    """Remove a list content type that no item uses; the list keeps its columns."""
    access.require(session, actor, lst, Permission.ManageLists)
    if list_ct.list_id != lst.id:
        raise one_error("content_type", f"'{list_ct.name}' is not on list '{lst.title}'.")
    if session.scalar(select(Item.id).where(Item.content_type_id == list_ct.id).limit(1)):
        raise one_error("content_type", f"Items of '{list_ct.name}' exist; change or delete them "
                                        "first.")
    if len(list_content_types(session, lst)) == 1:
        raise one_error("content_type", "A list needs at least one content type.")
    session.delete(list_ct)
    session.flush()


def _site(session: Session, ct: ContentType) -> Site:
    return session.get(Site, ct.site_id)

