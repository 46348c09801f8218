"""Lookup and LookupMulti (SharePoint ``Lookup`` / ``LookupMulti``).

A value is the target's per-list ``item_no`` (SharePoint's LookupId), so it survives export
and import of a list; the type's storage hooks mirror it, as the target's global item id, into
the ``item_link`` table, where reverse lookups and delete behaviour are plain SQL. As in
SharePoint, only a single-value lookup may restrict or cascade deletes of its targets.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select

from ..models import MAX_ID, Item, ItemLink, List
from .base import (
    CASCADE,
    CLEAR,
    RESTRICT,
    FieldError,
    MultiValued,
    Ref,
    Setting,
    SettingsError,
    check_matches,
    check_one_of,
)
from .references import ReferenceType
from .registry import registry

SELF = "self"
#: The ``delete_behavior`` setting -> :meth:`LookupType.on_target_deleted`.
_ON_DELETE = {"none": CLEAR, "restrict": RESTRICT, "cascade": CASCADE}


def _check_target(raw: Any) -> int | str:
    if raw == SELF or (isinstance(raw, int) and not isinstance(raw, bool)
                       and 1 <= raw <= MAX_ID):
        return raw
    raise ValueError('must be a list id or "self"')


class LookupType(ReferenceType):
    key = "Lookup"
    sharepoint_type = "Lookup"
    settings_spec = {
        "target_list": Setting(None, _check_target, 'id of the list looked up, or "self"'),
        "show_field": Setting("Title", check_matches(
            r"[A-Za-z_][A-Za-z0-9_]{0,63}", "must be the internal name of a target list column"),
            "column of the target shown"),
        "delete_behavior": Setting("none", check_one_of(*_ON_DELETE),
                                   "what deleting a target does to items pointing at it"),
    }

    def check_settings(self, settings):
        if settings["target_list"] is None:
            raise SettingsError("target_list", "choose the list to look up")
        if self.multi_value and settings["delete_behavior"] != "none":
            raise SettingsError("delete_behavior",
                                "only a single-value lookup can restrict or cascade deletes")

    def named_lists(self, settings):
        target = settings.get("target_list")
        return {"target_list": target} if isinstance(target, str) and target != SELF else {}

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

    def shown_column(self, field):
        return field.settings["show_field"]

    def ref(self, field, number):
        return Ref("item", number, f"{self.target_list_id(field)}:{self.shown_column(field)}")

    def on_target_deleted(self, field):
        return _ON_DELETE.get(field.settings.get("delete_behavior"), CLEAR)

    def without_target(self, field, value, item_no):
        return self.from_ids([n for n in self.ids(value) if n != item_no])

    # -- the item_link mirror ---------------------------------------------------------
    def after_rows_created(self, session, field, rows):
        self._link(session, field, rows)

    def after_rows_updated(self, session, field, rows):
        session.execute(delete(ItemLink).where(ItemLink.field_id == field.id,
                                               ItemLink.item_id.in_([item.id for item, _ in rows])))
        self._link(session, field, rows)

    def remove_side_rows(self, session, field):
        session.execute(delete(ItemLink).where(ItemLink.field_id == field.id))

    def _link(self, session, field, rows) -> None:
        """Link each item to its value's targets, in order: one query maps every target's
        item number to its id, one INSERT writes the links of all the rows."""
        wanted = [(item, self.ids(value)) for item, value in rows]
        numbers = sorted({number for _, numbers in wanted for number in numbers})
        if not numbers:
            return
        ids = dict(session.execute(select(Item.item_no, Item.id).where(
            Item.list_id == self.target_list_id(field), Item.item_no.in_(numbers))).all())
        links = [{"item_id": item.id, "field_id": field.id, "position": position,
                  "target_item_id": ids[number]}
                 for item, numbers in wanted for position, number in enumerate(numbers)
                 if number in ids]
        if links:
            session.execute(insert(ItemLink), links)


class LookupMultiType(MultiValued, LookupType):
    key = "LookupMulti"
    sharepoint_type = "LookupMulti"


registry.register(LookupType())
registry.register(LookupMultiType())
