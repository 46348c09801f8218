"""Single line of text."""
from __future__ import annotations

from wtforms import StringField

from .base import ColumnSpec, FieldAdapter, adapters


class TextAdapter(FieldAdapter):
    type_key = "Text"

    def form_field(self, spec: ColumnSpec):
        return StringField(**self.field_kwargs(
            spec, maxlength=spec.settings.get("max_length", 255)))


adapters.register(TextAdapter())
