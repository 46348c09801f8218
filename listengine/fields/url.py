"""Hyperlink (SharePoint ``URL``): an address plus an optional description.

The address goes through :func:`addresses.check_url`, so only http, https and mailto links are
ever stored; filters and sorts use the address. The description is a single line of free
text (:mod:`listengine.text`).
"""
from __future__ import annotations

from ..sqljson import json_text
from ..text import MAX_LINE
from .base import FieldError, FieldType, check_parts, checked_text
from .addresses import check_url
from .registry import registry

MAX_DESCRIPTION = MAX_LINE


def _description(raw) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise FieldError("Enter the description as text.")
    return checked_text(raw.strip(), MAX_DESCRIPTION)


class UrlType(FieldType):
    key = "URL"
    sharepoint_type = "URL"

    def parse(self, field, raw, ctx):
        if isinstance(raw, dict):
            check_parts(raw, ("url", "description"), "a link")
            address, description = raw.get("url"), _description(raw.get("description"))
        else:
            address, description = raw, ""
        if address is None or (isinstance(address, str) and not address.strip()):
            if description:
                raise FieldError("Enter the address the description belongs to.")
            return None
        return {"url": check_url(address), "description": description}

    def sql(self, field, values):
        return json_text(values, field.storage_key, "url")

    def sql_value(self, field, value):
        return None if value is None else value["url"]

    def display(self, field, value, ctx):
        return "" if not value else value["description"] or value["url"]

    def unique_key(self, field, value):
        return super().unique_key(field, value["url"])


registry.register(UrlType())
