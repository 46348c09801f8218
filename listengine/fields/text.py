"""Single line of text (SharePoint ``Text``)."""
from __future__ import annotations

import re
from typing import Any

from ..sqljson import json_text
from ..text import MAX_LINE
from .base import (
    FieldError,
    FieldType,
    Setting,
    SettingsError,
    check_int,
    check_str,
    checked_text,
    scalar_text,
)
from .registry import registry

#: Longest pattern and pattern message (SharePoint's limit for a validation formula).
MAX_SETTING_TEXT = 1024


def _check_pattern(raw: Any) -> str:
    if raw in (None, ""):
        return ""
    if not isinstance(raw, str):
        raise ValueError("must be a regular expression")
    check_str(MAX_SETTING_TEXT)(raw)
    try:
        re.compile(raw)
    except re.error as exc:
        raise ValueError(f"is not a valid regular expression ({exc})") from None
    return raw


class TextType(FieldType):
    key = "Text"
    sharepoint_type = "Text"
    settings_spec = {
        "max_length": Setting(MAX_LINE, check_int(1, MAX_LINE),
                              f"longest value accepted (1-{MAX_LINE})"),
        "pattern": Setting("", _check_pattern, "regular expression the whole value must match"),
        "pattern_message": Setting("", check_str(MAX_SETTING_TEXT),
                                   "message shown when it does not"),
    }

    def check_settings(self, settings: dict[str, Any]) -> None:
        if settings["pattern_message"] and not settings["pattern"]:
            raise SettingsError("pattern_message", "needs a pattern")

    def parse(self, field, raw, ctx):
        if raw is None:
            return None
        text = scalar_text(raw)
        if text is None:
            raise FieldError("Enter text.")
        text = checked_text(text.strip(), field.settings.get("max_length", MAX_LINE))
        if not text:
            return None
        pattern = field.settings.get("pattern")
        if pattern and not re.fullmatch(pattern, text):
            raise FieldError(field.settings.get("pattern_message")
                             or "The value does not have the required format.")
        return text

    def sql(self, field, values):
        return json_text(values, field.storage_key)


registry.register(TextType())
