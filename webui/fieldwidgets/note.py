"""Multiple lines of text; rich text is HTML, shown as HTML.

The engine sanitizes rich text when it is saved. It is sanitized once more here, with the
engine's own allow-list, because a value can predate the column becoming rich text (a plain
note is stored as typed) - the one way unsanitized HTML could otherwise reach a page.
"""
from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import TextAreaField

from listengine.fields.note import sanitize

from .base import ColumnSpec, FieldAdapter, adapters


class NoteAdapter(FieldAdapter):
    type_key = "Note"

    def form_field(self, spec: ColumnSpec):
        extra = {"rows": spec.settings.get("lines") or 6}
        if spec.settings.get("rich_text"):
            extra.update({"class": "rich-text", "data-format": "html"})
        return TextAreaField(**self.field_kwargs(spec, **extra))

    def render(self, field, value, ctx) -> Markup:
        if value in (None, ""):
            return Markup("")
        if field.settings.get("rich_text"):
            return Markup('<div class="rich-text">{}</div>').format(Markup(sanitize(value)))
        return Markup('<div class="note">{}</div>').format(escape(value))


adapters.register(NoteAdapter())
