"""Yes/No (SharePoint ``Boolean``).

Forms, the CLI and site files spell yes and no in several ways; they are all read here,
anything else is refused rather than guessed.
"""
from __future__ import annotations

from ..sqljson import json_boolean
from .base import FieldError, FieldType
from .registry import registry

_WORDS = {
    "true": True, "yes": True, "on": True, "1": True, "có": True,
    "false": False, "no": False, "off": False, "0": False, "không": False,
}


class BooleanType(FieldType):
    key = "Boolean"
    sharepoint_type = "Boolean"

    def parse(self, field, raw, ctx):
        if raw is None or isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str):
            word = raw.strip().lower()
            if not word:
                return None
            if word in _WORDS:
                return _WORDS[word]
        raise FieldError("Choose yes or no.")

    def sql(self, field, values):
        return json_boolean(values, field.storage_key)

    def display(self, field, value, ctx):
        return "" if value is None else ("Yes" if value else "No")


registry.register(BooleanType())
