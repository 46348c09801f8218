"""The list page: a table of items with the list's view columns, newest first, paged."""
from __future__ import annotations

from flask import Blueprint, render_template

from listengine.errors import NotFound
from listengine.services import content_types, items, lists

from ..actor import current_actor
from ..db import get_session
from ..rendering import for_item, render_context, render_values
from .loading import page_number, site_and_list

bp = Blueprint("lists", __name__, url_prefix="/sites/<slug>/lists")


@bp.get("/<url_name>/")
def show(slug: str, url_name: str):
    session = get_session()
    site, lst = site_and_list(session, slug, url_name)
    columns = lists.view_columns(session, lst)
    fields = [c.field for c in columns]
    page = items.page(session, lst, actor=current_actor(), page=page_number())
    if page.page > page.pages:
        raise NotFound(f"Danh sách chỉ có {page.pages} trang.")
    values = items.values_of(session, page.items, columns)
    ctx = render_context(session, site, lst, columns, values)
    rows = [(item, render_values(fields, row, for_item(ctx, site, lst, item.item_no)))
            for item, row in zip(page.items, values)]
    return render_template("list.html", site=site, lst=lst, fields=fields, rows=rows, page=page,
                           content_types=content_types.list_content_types(session, lst))
