"""Finding what a URL names for the current actor; unknown slugs, lists and items, and ones
the actor may not see, raise ``NotFound`` (a 404 page)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from listengine.models import Item, List, Site
from listengine.services import items, lists, sites

from ..actor import current_actor


def site_and_list(session: Session, slug: str, url_name: str) -> tuple[Site, List]:
    site = sites.get_site(session, slug)
    return site, lists.get_list(session, site, url_name, actor=current_actor())


def site_list_item(session: Session, slug: str, url_name: str,
                   item_no: int) -> tuple[Site, List, Item]:
    item = items.get_item_at(session, slug, url_name, item_no, actor=current_actor())
    return item.list.site, item.list, item
