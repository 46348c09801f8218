"""Choice (dropdown or radio buttons) and MultiChoice (checkboxes), with optional fill-in."""
from __future__ import annotations

from typing import Any

from wtforms import SelectChoice, SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget, RadioInput, Select

from .base import ColumnSpec, FieldAdapter, adapters
from .inputs import FillInMultiField, FillInSelectField, FillInWidget

#: The first option of a dropdown: choosing it clears the value.
EMPTY_OPTION = SelectChoice("", "— chọn —")


def _choices(spec: ColumnSpec) -> list[SelectChoice]:
    return [SelectChoice(c) for c in spec.settings.get("choices") or []]


class ChoiceAdapter(FieldAdapter):
    type_key = "Choice"

    def form_field(self, spec: ColumnSpec):
        if spec.settings.get("format") == "radio":
            widget, option_widget = ListWidget(prefix_label=False), RadioInput()
            choices = _choices(spec)
        else:
            widget, option_widget = Select(), None
            choices = [EMPTY_OPTION, *_choices(spec)]
        cls = SelectField
        if spec.settings.get("fill_in"):
            cls, widget = FillInSelectField, FillInWidget(widget)
        return cls(choices=choices, validate_choice=False, widget=widget,
                   option_widget=option_widget, **self.field_kwargs(spec))

    def to_form(self, field, value, ctx) -> str:
        return value or ""

    def from_form(self, spec: ColumnSpec, bound) -> Any:
        return getattr(bound, "fill_in", "") or bound.data


class MultiChoiceAdapter(FieldAdapter):
    type_key = "MultiChoice"

    def form_field(self, spec: ColumnSpec):
        widget = ListWidget(prefix_label=False)
        cls = SelectMultipleField
        if spec.settings.get("fill_in"):
            cls, widget = FillInMultiField, FillInWidget(widget)
        return cls(choices=_choices(spec), validate_choice=False, widget=widget,
                   option_widget=CheckboxInput(), **self.field_kwargs(spec))

    def to_form(self, field, value, ctx) -> list[str]:
        return list(value or [])

    def from_form(self, spec: ColumnSpec, bound) -> list[str]:
        typed = [v.strip() for v in getattr(bound, "fill_in", "").split(";") if v.strip()]
        return [*(bound.data or []), *typed]


adapters.register(ChoiceAdapter())
adapters.register(MultiChoiceAdapter())
