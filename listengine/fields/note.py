"""Multiple lines of text (SharePoint ``Note``), plain or rich.

Rich text is HTML from an editor and is shown as HTML, so it is sanitized when it is saved,
with an explicit allow-list: nothing that can run script, load styles or frame pages
survives, and links and images may only use :data:`addresses.LINK_SCHEMES`. Plain notes are
stored as typed; templates escape them when they are shown.

Both obey the free-text rules (:mod:`listengine.text`): tab and newline are the only control
characters allowed, and a value has at most :data:`~listengine.text.MAX_NOTE` characters
(SharePoint's limit for a plain note) unless the column's ``max_length`` says otherwise.
Rich text is measured as it is stored, after sanitizing; its control characters are refused
before, so the sanitizer never has to decide what to make of them.
"""
from __future__ import annotations

import html
import re

import nh3

from ..sqljson import json_text
from ..text import MAX_NOTE, control_problem, normalise_lines
from .base import (
    FieldError,
    FieldType,
    Setting,
    check_bool,
    check_int,
    check_optional_int,
    checked_text,
)
from .addresses import LINK_SCHEMES
from .registry import registry

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "img", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
#: Where rich text breaks lines; used to keep words apart in the plain display text.
_BLOCK_END = re.compile(r"<(?:br|/p|/li|/h[2-4]|/blockquote|/t[dhr])\b[^>]*>", re.IGNORECASE)


def sanitize(markup: str) -> str:
    return nh3.clean(markup, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(LINK_SCHEMES), link_rel="noopener noreferrer",
                     strip_comments=True)


def plain_text(markup: str) -> str:
    """The words of sanitized HTML, one space between blocks (lists, diffs, search)."""
    text = nh3.clean(_BLOCK_END.sub(" ", markup), tags=set())
    return " ".join(html.unescape(text).split())


#: The most a column's ``max_length`` may allow.
MAX_NOTE_SETTING = 1_000_000


class NoteType(FieldType):
    key = "Note"
    sharepoint_type = "Note"
    indexable = False
    settings_spec = {
        "rich_text": Setting(False, check_bool, "HTML from a rich text editor"),
        "lines": Setting(6, check_int(1, 100), "lines shown in the edit box"),
        "max_length": Setting(None, check_optional_int(1, MAX_NOTE_SETTING),
                              f"longest value accepted (None: {MAX_NOTE:,} characters)"),
    }

    def parse(self, field, raw, ctx):
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise FieldError("Enter text.")
        text = normalise_lines(raw).strip()
        if field.settings.get("rich_text"):
            problem = control_problem(text, multiline=True)
            if problem:
                raise FieldError(problem)
            text = normalise_lines(sanitize(text)).strip()  # "&#13;" comes out as "\r"
            if not plain_text(text) and "<img" not in text:
                return None
        if not text:
            return None
        limit = field.settings.get("max_length") or MAX_NOTE
        return checked_text(text, limit, multiline=True)

    def sql(self, field, values):
        return json_text(values, field.storage_key)

    def display(self, field, value, ctx):
        if not value:
            return ""
        return plain_text(value) if field.settings.get("rich_text") else value


registry.register(NoteType())
