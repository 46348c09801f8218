"""Checks for the names users choose: internal names, URL names, titles.

These names never reach SQL text (storage keys are engine-made), but they do reach URLs and
APIs, so they are kept to safe, predictable alphabets.
"""
from __future__ import annotations

import re

from ..errors import one_error

INTERNAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")
URL_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

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


def check_title(title: object, param: str = "title", max_length: int = 255) -> str:
    if not isinstance(title, str) or not title.strip():
        raise one_error(param, "A title is required.")
    title = title.strip()
    if len(title) > max_length:
        raise one_error(param, f"Use at most {max_length} characters.")
    return title
