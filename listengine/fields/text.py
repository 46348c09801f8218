"""Single line of text (SharePoint ``Text``)."""
from __future__ import annotations

import re
from typing import Any

from ..sqljson import json_text
from .base import FieldError, FieldType, Setting, SettingsError, check_int, check_str
from .registry import registry


def _check_pattern(raw: Any) -> str:
    if raw in (None, ""):
        return ""
    if not isinstance(raw, str):
        raise ValueError("must be a regular expression")
    try:
        re.compile(raw)
    except re.error as exc:
        raise ValueError(f"is not a valid regular expression ({exc})") from None
    return raw


class TextType(FieldType):
    key = "Text"
    sharepoint_type = "Text"
    settings_spec = {
        "max_length": Setting(255, check_int(1, 255), "longest value accepted (1-255)"),
        "pattern": Setting("", _check_pattern, "regular expression the whole value must match"),
        "pattern_message": Setting("", check_str(1024), "message shown when it does not"),
    }

    def check_settings(self, settings: dict[str, Any]) -> None:
        if settings["pattern_message"] and not settings["pattern"]:
            raise SettingsError("pattern_message", "needs a pattern")

    def parse(self, field, raw, ctx):
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            raise FieldError("Enter text.")
        text = str(raw).strip()
        if not text:
            return None
        if "\n" in text or "\r" in text:
            raise FieldError("Enter a single line of text.")
        limit = field.settings.get("max_length", 255)
        if len(text) > limit:
            raise FieldError(f"Enter at most {limit} characters (you entered {len(text)}).")
        pattern = field.settings.get("pattern")
        if pattern and not re.fullmatch(pattern, text):
            raise FieldError(field.settings.get("pattern_message")
                             or "The value does not have the required format.")
        return text

    def sql(self, field, values):
        return json_text(values, field.storage_key)


registry.register(TextType())
