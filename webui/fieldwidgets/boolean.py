"""Yes/No: a checkbox."""
from __future__ import annotations

from wtforms import BooleanField

from .base import ColumnSpec, FieldAdapter, adapters


class BooleanAdapter(FieldAdapter):
    type_key = "Boolean"

    def form_field(self, spec: ColumnSpec):
        return BooleanField(**self.field_kwargs(spec))

    def to_form(self, field, value, ctx) -> bool:
        return bool(value)


adapters.register(BooleanAdapter())
