"""Resolve what displayed values point at, in bulk.

Lookup, User and File values name rows elsewhere. Before rendering a page, the caller passes
every value it will show; this module collects their :class:`~listengine.fields.Ref` s and
loads each kind with one query, so a page of N items costs the same few queries as one item.
Lookup refs are ``Ref("item", item_no, "<list id>:<shown column internal name>")``.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..fields import DisplayContext, Ref, registry
from ..models import Field, Item, List, Site, StoredFile, User
from . import access
from .access import Actor
from .content_types import EffectiveColumn


def display_context(session: Session, site: Site, columns: Iterable[EffectiveColumn],
                    value_dicts: Iterable[Mapping[str, Any]], *, actor: Actor) -> DisplayContext:
    """A :class:`DisplayContext` in the site's time zone with every ref resolved that the
    actor may see: a lookup to an item they may not read stays unresolved, so it is not
    shown at all."""
    columns = list(columns)
    refs: set[Ref] = set()
    for values in value_dicts:
        for column in columns:
            value = values.get(column.internal_name)
            field_type = registry.get(column.field.type_key)
            if not field_type.is_empty(value):
                refs.update(field_type.refs(column.field, value))
    ctx = DisplayContext(time_zone=site.time_zone)
    by_kind: dict[str, list[Ref]] = defaultdict(list)
    for ref in refs:
        by_kind[ref.kind].append(ref)
    if by_kind["user"]:
        names = dict(session.execute(select(User.id, User.display_name).where(
            User.id.in_([r.id for r in by_kind["user"]]))).all())
        ctx.resolved.update({r: names[r.id] for r in by_kind["user"] if r.id in names})
    if by_kind["file"]:
        names = dict(session.execute(select(StoredFile.id, StoredFile.filename).where(
            StoredFile.id.in_([r.id for r in by_kind["file"]]))).all())
        ctx.resolved.update({r: names[r.id] for r in by_kind["file"] if r.id in names})
    _resolve_items(session, actor, by_kind["item"], ctx)
    return ctx


def _resolve_items(session: Session, actor: Actor, refs: list[Ref], ctx: DisplayContext) -> None:
    """Name lookup targets by their shown column, one query per (list, shown column)."""
    groups: dict[str, list[Ref]] = defaultdict(list)
    for ref in refs:
        groups[ref.show].append(ref)
    for show, group in groups.items():
        list_id, _, show_name = show.partition(":")
        target = session.get(List, int(list_id))
        show_field = session.scalar(select(Field).where(Field.list_id == int(list_id),
                                                        Field.internal_name == show_name))
        if show_field is None or target is None:
            continue
        ctx.list_url_names[target.id] = target.url_name
        show_type = registry.get(show_field.type_key)
        rows = session.execute(select(Item.item_no, Item.values).where(
            Item.list_id == target.id, Item.item_no.in_([r.id for r in group]),
            access.visible_items(session, actor, target)))
        names = {no: show_type.display(show_field, show_type.from_json(
            show_field, values.get(show_field.storage_key)), ctx) for no, values in rows}
        ctx.resolved.update({r: names[r.id] for r in group if r.id in names})
