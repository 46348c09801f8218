"""Checks for the names users choose: internal names, URL names, titles.

These names never reach SQL text (storage keys are engine-made), but they do reach URLs and
APIs, so they are kept to safe, predictable alphabets.
"""
from __future__ import annotations

import re

from ..errors import one_error
from ..text import MAX_DESCRIPTION, MAX_LINE, normalise_lines, text_problem

INTERNAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")
URL_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
#: Column and content type groups ("Custom Columns").
MAX_GROUP = 128

#: Item properties the engine owns; a column may not take their names.
RESERVED_INTERNAL_NAMES = frozenset(name.casefold() for name in (
    "ID", "Created", "Modified", "Author", "Editor", "ContentType", "ContentTypeId",
    "Attachments", "Version", "owshiddenversion", "_UIVersion", "_UIVersionString",
    "_ModerationStatus", "_ModerationComments", "FileRef", "FileLeafRef", "GUID",
))


def check_internal_name(name: object, param: str = "internal_name") -> str:
    if not isinstance(name, str) or not INTERNAL_NAME.match(name):
        raise one_error(param, "Use 1-32 ASCII letters, digits or underscores, "
                               "not starting with a digit.")
    if name.casefold() in RESERVED_INTERNAL_NAMES:
        raise one_error(param, f"'{name}' is reserved for a built-in item property.")
    return name


def check_url_name(name: object, param: str = "url_name") -> str:
    if not isinstance(name, str) or not URL_NAME.match(name):
        raise one_error(param, "Use 1-63 lowercase ASCII letters, digits or hyphens, "
                               "starting with a letter or digit.")
    return name


def check_title(title: object, param: str = "title", max_length: int = MAX_LINE) -> str:
    """A required single line of text (titles, names), trimmed."""
    if not isinstance(title, str) or not title.strip():
        raise one_error(param, "A title is required.")
    return check_text(title.strip(), param, max_length)


def check_text(text: object, param: str, max_length: int = MAX_DESCRIPTION, *,
               multiline: bool = False) -> str:
    """Optional free text (descriptions, groups): text of at most ``max_length`` characters
    without control characters (:mod:`listengine.text`); ``None`` counts as empty."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise one_error(param, "Enter text.")
    if multiline:
        text = normalise_lines(text)
    problem = text_problem(text, max_length, multiline=multiline)
    if problem:
        raise one_error(param, problem)
    return text
