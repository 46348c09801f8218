"""Finding what a URL names for the current actor; unknown slugs, lists and items, and ones
the actor may not see, raise ``NotFound`` (a 404 page). A malformed query parameter raises
``ValidationError`` naming it (a 400 page)."""
from __future__ import annotations

import re

from flask import request
from sqlalchemy.orm import Session

from listengine.errors import one_error
from listengine.models import MAX_ID, Item, List, Site
from listengine.services import items, lists, sites

from ..actor import current_actor


def site_and_list(session: Session, slug: str, url_name: str) -> tuple[Site, List]:
    site = sites.get_site(session, slug)
    return site, lists.get_list(session, site, url_name, actor=current_actor())


def site_list_item(session: Session, slug: str, url_name: str,
                   item_no: int) -> tuple[Site, List, Item]:
    item = items.get_item_at(session, slug, url_name, item_no, actor=current_actor())
    return item.list.site, item.list, item


def page_number() -> int:
    """``?page=N``: digits only, at most MAX_ID (the engine says whether the page exists)."""
    raw = request.args.get("page", "1")
    if not re.fullmatch(r"[0-9]{1,10}", raw) or not 1 <= int(raw) <= MAX_ID:
        raise one_error("page", "Số trang phải là một số nguyên dương (1, 2, 3...).")
    return int(raw)
