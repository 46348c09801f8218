"""Item forms generated at run time from a content type's columns.

WTForms collects fields when a form *class* is created, so each content type gets its own
subclass of :class:`ItemForm`, made with ``type()`` (WTForms' dynamic form composition, as
``wtforms_sqlalchemy.orm.model_form`` does). Classes are cached by content type and by the
column specs, so any schema change produces a fresh class.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar, Iterable, Iterator

from flask_wtf import FlaskForm
from wtforms import Field as FormField
from wtforms import HiddenField
from wtforms.validators import ValidationError

from listengine.models import MAX_ID
from listengine.services.content_types import EffectiveColumn

from ..fieldwidgets import KEEP, ColumnSpec, FormContext, adapters

#: Form field names of columns whose internal name WTForms cannot use as is get this prefix.
SAFE_PREFIX = "col_"
#: A row version as the edit form carries it: a positive integer in ASCII digits.
_ROW_VERSION = re.compile(r"[0-9]{1,10}")


class ItemForm(FlaskForm):
    """Base of every generated item form: CSRF (via FlaskForm) and the row version."""

    #: The item's row version when the edit form was shown (optimistic concurrency).
    row_version = HiddenField()
    #: ``(form field name, column spec)`` for each column on the form, in form order.
    column_specs: ClassVar[tuple[tuple[str, ColumnSpec], ...]] = ()
    #: Set on edit forms: a save must then name the row version it edits.
    editing: bool = False

    def validate_row_version(self, field: HiddenField) -> None:
        """A save without the version it edits, or with garbage, is refused (400): it would
        otherwise overwrite whatever someone else saved in between."""
        if self.editing and self.edited_version() is None:
            raise ValidationError("Không rõ phiên bản của mục đang sửa, nên chưa lưu được; "
                                  "hãy tải lại trang sửa.")

    def edited_version(self) -> int | None:
        """The row version the submitted form says it edits, or None if it is missing or bad.

        Only what was posted counts (``raw_data``): the field's default is the item's current
        version, and taking that for a missing one would make the save an overwrite."""
        posted = self.row_version.raw_data or [""]
        text = posted[0].strip() if len(posted) == 1 else ""
        if _ROW_VERSION.fullmatch(text) and 1 <= int(text) <= MAX_ID:
            return int(text)
        return None

    def columns(self) -> Iterator[tuple[ColumnSpec, FormField]]:
        for name, spec in self.column_specs:
            yield spec, self[name]

    def bind(self, ctx: FormContext) -> None:
        """Load the per-request parts of the fields (options of lookups and user pickers)."""
        for spec, bound in self.columns():
            adapters.get(spec.type_key).bind(bound, spec, ctx)

    def raw_values(self) -> dict[str, Any]:
        """Raw input for the engine, by internal name; columns kept as stored are left out."""
        values = {}
        for spec, bound in self.columns():
            raw = adapters.get(spec.type_key).from_form(spec, bound)
            if raw is not KEEP:
                values[spec.internal_name] = raw
        return values


def form_key(internal_name: str) -> str:
    """The form field name of a column: its internal name, unless WTForms would ignore it
    (a leading underscore) or it would shadow an attribute of the form. Saving uses it too,
    to put the engine's error for a column on that column's field."""
    if internal_name.startswith("_") or hasattr(ItemForm, internal_name):
        return SAFE_PREFIX + internal_name
    return internal_name


def form_columns(columns: Iterable[EffectiveColumn]) -> list[EffectiveColumn]:
    """The columns a form shows: visible ones whose type can be edited."""
    return [c for c in columns if not c.hidden and adapters.get(c.field.type_key).on_form]


def specs_of(columns: Iterable[EffectiveColumn]) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec.of(c.field, required=c.required) for c in form_columns(columns))


@lru_cache(maxsize=256)
def build_form_class(content_type_id: int, specs: tuple[ColumnSpec, ...]) -> type[ItemForm]:
    """The form class for items of one content type with these columns."""
    attrs: dict[str, Any] = {}
    named = []
    for spec in specs:
        key = form_key(spec.internal_name)
        attrs[key] = adapters.get(spec.type_key).form_field(spec)
        named.append((key, spec))
    attrs["column_specs"] = tuple(named)
    return type(f"ItemForm{content_type_id}", (ItemForm,), attrs)


def edit_data(columns: Iterable[EffectiveColumn], values: dict[str, Any],
              ctx: FormContext) -> dict[str, Any]:
    """Initial form data showing an item's stored values."""
    return {form_key(c.internal_name): adapters.get(c.field.type_key).to_form(
                c.field, values.get(c.internal_name), ctx)
            for c in form_columns(columns)}
