"""Home and site pages: which lists a site has that the visitor may see, and how many of
their items. A visitor who may see nothing of the site is asked to sign in (anonymous) or
refused (signed in)."""
from __future__ import annotations

from flask import Blueprint, render_template

from listengine.models import Site
from listengine.permissions import Permission
from listengine.services import access, lists, sites

from ..actor import current_actor
from ..db import get_session

bp = Blueprint("sites", __name__)


def _site_page(site: Site, all_sites: list[Site]):
    session = get_session()
    actor = current_actor()
    visible = lists.list_lists(session, site, actor=actor)
    if not visible:
        access.require(session, actor, site, Permission.ViewPages)
    return render_template("site.html", site=site, lists=visible,
                           counts=lists.item_counts(session, site, actor=actor),
                           other_sites=[s for s in all_sites if s.id != site.id])


@bp.get("/")
def home():
    """The first site's lists, or how to create a site when there is none."""
    all_sites = sites.list_sites(get_session())
    if not all_sites:
        return render_template("no_sites.html")
    return _site_page(all_sites[0], all_sites)


@bp.get("/sites/<slug>/")
def site(slug: str):
    session = get_session()
    return _site_page(sites.get_site(session, slug), sites.list_sites(session))
