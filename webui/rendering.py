"""Turning item values into HTML for list cells and display pages.

The engine resolves every referenced item, user and file name for a whole page in one
query per kind (:func:`listengine.services.display.display_context`); this module adds the
URLs, which only the web layer knows, and asks each column's adapter for its markup.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any, Iterable

from flask import url_for
from markupsafe import Markup
from sqlalchemy.orm import Session

from listengine.models import Field, List, Site
from listengine.services import display
from listengine.services.content_types import EffectiveColumn

from .actor import current_actor
from .fieldwidgets import RenderContext, adapters


def render_context(session: Session, site: Site, lst: List, columns: list[EffectiveColumn],
                   value_dicts: list[dict[str, Any]]) -> RenderContext:
    """A context for rendering ``value_dicts`` (by internal name) of items of ``lst``."""
    engine_ctx = display.display_context(session, site, columns, value_dicts,
                                         actor=current_actor())
    url_names = engine_ctx.list_url_names  # only lists of targets the reader may see

    def item_url(list_id: int, item_no: int) -> str:
        if list_id not in url_names:
            return "#"
        return url_for("items.display", slug=site.slug, url_name=url_names[list_id],
                       item_no=item_no)

    return RenderContext(engine=engine_ctx, list_id=lst.id, item_url=item_url)


def for_item(ctx: RenderContext, site: Site, lst: List, item_no: int) -> RenderContext:
    """``ctx`` with file links pointing at one item's stored files."""
    return replace(ctx, file_url=partial(file_url, site.slug, lst.url_name, item_no))


def file_url(slug: str, url_name: str, item_no: int, internal_name: str) -> str:
    return url_for("items.file", slug=slug, url_name=url_name, item_no=item_no,
                   internal_name=internal_name)


def render_values(fields: Iterable[Field], values: dict[str, Any],
                  ctx: RenderContext) -> list[tuple[Field, Markup]]:
    """Each field with its value rendered, in the given order."""
    return [(field, adapters.get(field.type_key).render(field, values.get(field.internal_name),
                                                         ctx))
            for field in fields]
