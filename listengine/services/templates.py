"""List templates: a site owner creates a list from one of SharePoint's templates.

The built-in content types and list templates are data (``contenttypes/``). A new site
starts with Item only; any other built-in content type is provisioned - with its parents and
the site columns it uses - the first time a template needs it, as SharePoint's features do
when they are activated. A site column the site already has under the same internal name is
used as it is (the news site's own Body keeps its title), provided it has the same type; a
different type, or a content type of the same name that is not the built-in, is refused.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import contenttypes

from ..errors import NotFound, ValidationError, collect, one_error
from ..models import ContentType, Field, List, Site
from ..permissions import Permission
from . import access, columns, content_types, lists
from .access import Actor
from .atomic import atomic
from .names import URL_NAME, check_title, check_url_name

#: Vietnamese letters NFKD does not decompose into an ASCII letter and marks.
_TRANSLITERATE = str.maketrans({"đ": "d", "Đ": "D"})


def list_templates() -> list[dict[str, Any]]:
    """The templates a list can be created from: ``{"id", "name", "list"}``, by id."""
    return sorted(contenttypes.LIST_TEMPLATES, key=lambda template: template["id"])


def get_template(name_or_id: object) -> dict[str, Any]:
    """A template by its name (any case) or its SharePoint template number."""
    key = str(name_or_id).strip().casefold()
    for template in contenttypes.LIST_TEMPLATES:
        if key in (template["name"].casefold(), str(template["id"])):
            return template
    known = ", ".join(template["name"] for template in list_templates())
    raise one_error("template", f"Unknown list template '{name_or_id}' (known: {known}).")


def url_name_for(title: str) -> str:
    """A list address made from its title: lowercase ASCII words joined by hyphens, Vietnamese
    letters transliterated ("Việc cần làm" -> "viec-can-lam"); empty if nothing is left."""
    ascii_text = (unicodedata.normalize("NFKD", title.translate(_TRANSLITERATE))
                  .encode("ascii", "ignore").decode("ascii"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:63].rstrip("-")


def _free_url_name(session: Session, site: Site, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... if a list of the site has it."""
    taken = set(session.scalars(select(List.url_name).where(List.site_id == site.id)))
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = wanted[:63 - len(suffix)].rstrip("-") + suffix
    return candidate


@atomic
def provision_content_type(session: Session, site: Site, name: str, *,
                           actor: Actor) -> ContentType:
    """The site's built-in content type ``name``, created (with its parents and site columns)
    if the site lacks it."""
    definition = contenttypes.CONTENT_TYPES[name]
    ct = session.scalar(select(ContentType).where(
        ContentType.site_id == site.id, ContentType.list_id.is_(None),
        ContentType.ct_id == definition["ct_id"]))
    if ct is not None:
        return ct
    parent = (provision_content_type(session, site, definition["parent"], actor=actor)
              if definition["parent"] else None)
    try:
        ct = content_types.create_content_type(
            session, site, actor=actor, name=definition["name"], parent=parent,
            ct_id=definition["ct_id"], description=definition["description"],
            group=definition["group"])
    except ValidationError as exc:
        raise one_error("template", " ".join(exc.errors.values())) from None
    for column in definition["columns"]:
        content_types.add_field_link(session, ct, _site_column(session, site, column, actor),
                                     actor=actor)
    return ct


def _site_column(session: Session, site: Site, name: str, actor: Actor) -> Field:
    """The site column ``name``: the site's own if it has one of the built-in's type."""
    definition = contenttypes.COLUMNS[name]
    try:
        field = columns.get_site_column(session, site, name)
    except NotFound:
        return columns.create_site_column(session, site, actor=actor, **definition)
    if field.type_key != definition["type_key"]:
        raise one_error("template", f"The site column '{name}' is a {field.type_key} column; "
                                    f"the built-in one is {definition['type_key']}.")
    return field


@atomic
def create_list_from_template(session: Session, site: Site, template: str | int, *,
                              actor: Actor, title: str | None = None,
                              url_name: str | None = None, description: str = "") -> List:
    """A list made from ``template`` (a name such as "Tasks", or its number 107).

    It gets the template's content types (provisioned on the site if needed), its column
    overrides and its default view columns. Without a ``title`` it takes the template's
    (Tasks); without a ``url_name`` one is derived from the title, made unique on the site.
    """
    access.require(session, actor, site, Permission.ManageLists)
    errors: dict[str, str] = {}
    chosen = collect(errors, lambda: get_template(template))
    if chosen is not None and title is None:
        title = chosen["list"]["title"]
    title = collect(errors, lambda: check_title(title))
    if url_name is not None:
        collect(errors, lambda: check_url_name(url_name))
    if errors:
        raise ValidationError(errors)
    spec = chosen["list"]
    if url_name is None:
        derived = url_name_for(title)
        url_name = _free_url_name(session, site, derived if URL_NAME.match(derived)
                                  else spec["url_name"])
    cts = [provision_content_type(session, site, name, actor=actor)
           for name in spec["content_types"]]
    lst = lists.create_list(session, site, actor=actor, title=title, url_name=url_name,
                            description=description, content_types=cts)
    for name, changes in spec.get("column_settings", {}).items():
        field = columns.get_list_column(session, lst, name)
        if "settings" in changes:
            changes = {**changes, "settings": {**field.settings, **changes["settings"]}}
        columns.update_column(session, field, actor=actor, **changes)
    return lists.update_list(session, lst, actor=actor, view_fields=spec["view_fields"])
