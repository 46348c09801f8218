"""Lookup and LookupMulti (SharePoint ``Lookup`` / ``LookupMulti``).

A value is the target's per-list ``item_no`` (SharePoint's LookupId), so it survives export
and import of a list; the item service maps it to the global item id for the ``item_link``
table, where reverse lookups and delete behaviour are plain SQL. As in SharePoint, only a
single-value lookup may restrict or cascade deletes of its targets.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..models import MAX_ID, Item, List
from .base import FieldError, MultiValued, Ref, Setting, SettingsError, check_matches, check_one_of
from .references import ReferenceType
from .registry import registry

SELF = "self"


def _check_target(raw: Any) -> int | str:
    if raw == SELF or (isinstance(raw, int) and not isinstance(raw, bool)
                       and 1 <= raw <= MAX_ID):
        return raw
    raise ValueError('must be a list id or "self"')


class LookupType(ReferenceType):
    key = "Lookup"
    sharepoint_type = "Lookup"
    links_items = True
    settings_spec = {
        "target_list": Setting(None, _check_target, 'id of the list looked up, or "self"'),
        "show_field": Setting("Title", check_matches(
            r"[A-Za-z_][A-Za-z0-9_]{0,63}", "must be the internal name of a target list column"),
            "column of the target shown"),
        "delete_behavior": Setting("none", check_one_of("none", "restrict", "cascade"),
                                   "what deleting a target does to items pointing at it"),
    }

    def check_settings(self, settings):
        if settings["target_list"] is None:
            raise SettingsError("target_list", "choose the list to look up")
        if self.multi_value and settings["delete_behavior"] != "none":
            raise SettingsError("delete_behavior",
                                "only a single-value lookup can restrict or cascade deletes")

    def target_list_id(self, field, ctx=None) -> int | None:
        target = field.settings.get("target_list")
        if target != SELF:
            return target
        return ctx.list.id if ctx is not None and ctx.list is not None else field.list_id

    def parse(self, field, raw, ctx):
        """The chosen targets, plus the ones the item already had that the writer may not
        see: a form cannot offer those, so leaving them out must not unlink them."""
        value = super().parse(field, raw, ctx)
        unseen = self._unseen_targets(field, ctx)
        if not unseen:
            return value
        ids = self.ids(value)
        if self.multi_value:
            return self.from_ids(ids + [n for n in unseen if n not in ids])
        return value if ids else unseen[0]

    def _unseen_targets(self, field, ctx) -> list[int]:
        if ctx.item is None or ctx.visible is None:
            return []
        old = self.ids(self.from_json(field, ctx.item.values.get(field.storage_key)))
        if not old:
            return []
        target = self.target_list_id(field, ctx)
        seen = set(ctx.session.scalars(select(Item.item_no).where(
            Item.list_id == target, Item.item_no.in_(old), ctx.visible(target))))
        return [n for n in old if n not in seen]

    def existing(self, field, ids, ctx):
        """Which of ``ids`` exist and the writer may see: a hidden target is "missing"."""
        target = self.target_list_id(field, ctx)
        if target is None:
            raise FieldError("This column looks up its own list but belongs to no list.")
        query = select(Item.item_no).where(Item.list_id == target, Item.item_no.in_(ids))
        if ctx.visible is not None:
            query = query.where(ctx.visible(target))
        return set(ctx.session.scalars(query))

    def missing_message(self, field, number, ctx):
        target = ctx.session.get(List, self.target_list_id(field, ctx))
        if target is None:
            return "The list this column looks up no longer exists."
        return f"No item {number} in list '{target.title}'."

    def ref(self, field, number):
        return Ref("item", number, f"{self.target_list_id(field)}:{field.settings['show_field']}")

    def link_targets(self, field, value):
        return self.ids(value)

    def without_target(self, field, value, item_no: int):
        """``value`` once the target ``item_no`` is gone (delete behaviour "none")."""
        return self.from_ids([n for n in self.ids(value) if n != item_no])


class LookupMultiType(MultiValued, LookupType):
    key = "LookupMulti"
    sharepoint_type = "LookupMulti"


registry.register(LookupType())
registry.register(LookupMultiType())
