"""Choice and MultiChoice (SharePoint ``Choice`` and ``MultiChoice``).

Both read a value the same way: one of the column's choices (matched regardless of case,
stored as the choice is spelled), or, when ``fill_in`` allows it, the person's own text.
MultiChoice keeps the order given and drops repeats. Choices and fill-in values alike are
single lines of free text (:mod:`listengine.text`).
"""
from __future__ import annotations

from ..sqljson import json_array_contains, json_text
from ..text import MAX_LINE, text_problem
from .base import (
    FieldError,
    FieldType,
    MultiValued,
    Setting,
    SettingsError,
    check_bool,
    check_one_of,
    check_str_list,
    checked_text,
    scalar_text,
)
from .registry import registry

MAX_CHOICE_LENGTH = MAX_LINE


def _check_choices(raw) -> list[str]:
    choices = check_str_list(raw)
    for choice in choices:
        problem = text_problem(choice, MAX_CHOICE_LENGTH)
        if problem:
            raise ValueError(f"each choice: {problem}")
    return choices


class _ChoiceBase(FieldType):
    settings_spec = {
        "choices": Setting([], _check_choices, "the values offered, in order"),
        "fill_in": Setting(False, check_bool, "accept values that are not in the list"),
    }

    def check_settings(self, settings):
        if not settings["choices"] and not settings["fill_in"]:
            raise SettingsError("choices", "give at least one choice or allow fill-in values")

    def pick(self, field, raw) -> str | None:
        """One entry of the value: the matching choice, a fill-in value, or None if empty."""
        text = scalar_text(raw)
        if text is None:
            raise FieldError("Choose a value from the list.")
        # Checked first, so that a refusal never repeats an enormous or unprintable text.
        text = checked_text(text.strip(), MAX_CHOICE_LENGTH)
        if not text:
            return None
        choices = field.settings.get("choices", [])
        for choice in choices:
            if choice.casefold() == text.casefold():
                return choice
        if not field.settings.get("fill_in"):
            raise FieldError(f"'{text}' is not one of the choices: {', '.join(choices)}.")
        return text


class ChoiceType(_ChoiceBase):
    key = "Choice"
    sharepoint_type = "Choice"
    settings_spec = {
        **_ChoiceBase.settings_spec,
        "format": Setting("dropdown", check_one_of("dropdown", "radio"), "how a form offers it"),
    }

    def parse(self, field, raw, ctx):
        return None if raw is None else self.pick(field, raw)

    def sql(self, field, values):
        return json_text(values, field.storage_key)


class MultiChoiceType(MultiValued, _ChoiceBase):
    key = "MultiChoice"
    sharepoint_type = "MultiChoice"

    def parse(self, field, raw, ctx):
        if raw is None:
            return None
        entries = raw if isinstance(raw, (list, tuple)) else [raw]
        picked = [self.pick(field, entry) for entry in entries]
        value = list(dict.fromkeys(entry for entry in picked if entry is not None))
        return value or None

    def sql(self, field, values):
        return json_text(values, field.storage_key)

    def sql_includes(self, field, values, value):
        return json_array_contains(values, field.storage_key, value)

    def display(self, field, value, ctx):
        return "; ".join(value or ())


registry.register(ChoiceType())
registry.register(MultiChoiceType())
