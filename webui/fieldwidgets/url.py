"""Hyperlink: an address and a description, shown as a link that cannot reach the opener."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .base import ColumnSpec, FieldAdapter, adapters
from .inputs import UrlField


class UrlAdapter(FieldAdapter):
    type_key = "URL"

    def form_field(self, spec: ColumnSpec):
        return UrlField(**self.field_kwargs(spec))

    def to_form(self, field, value, ctx) -> dict[str, str]:
        value = value or {}
        return {"url": value.get("url", ""), "description": value.get("description", "")}

    def from_form(self, spec: ColumnSpec, bound) -> Any:
        data = {k: (v or "").strip() for k, v in (bound.data or {}).items()}
        return data if data.get("url") or data.get("description") else None

    def render(self, field, value, ctx) -> Markup:
        if not value or not value.get("url"):
            return Markup("")
        # The engine only accepts http, https and mailto addresses.
        return Markup('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>').format(
            value["url"], value.get("description") or value["url"])


adapters.register(UrlAdapter())
