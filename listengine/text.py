"""The rules every piece of free text obeys, wherever it is typed: column values, titles,
names, descriptions, logins, display names, comments.

Text is shown to other people, exported, and stored in JSON documents (PostgreSQL's JSONB
refuses a NUL character outright), so NUL and the other C0 control characters are refused
rather than stored; tab and newline only where several lines are allowed. Lone surrogates
(which no UTF-8 encoder accepts) are refused too. Every kind of text has a length limit,
SharePoint's where it has one.
"""
from __future__ import annotations

import re

#: SharePoint's limit for a single line of text (titles, Text columns).
MAX_LINE = 255
#: SharePoint's limit for a plain multiple-lines-of-text column.
MAX_NOTE = 63_999
#: Descriptions of sites, lists, columns, content types, groups and levels.
MAX_DESCRIPTION = 2000

_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def text_problem(text: str, max_length: int, *, multiline: bool = False) -> str | None:
    """What is wrong with ``text`` as free text of at most ``max_length`` characters, or
    None. Multi-line text should have its line ends normalised to ``\\n`` first."""
    if not multiline and ("\n" in text or "\r" in text):
        return "Enter a single line of text."
    problem = control_problem(text, multiline=multiline)
    if problem:
        return problem
    if len(text) > max_length:
        return f"Enter at most {max_length} characters (you entered {len(text)})."
    return None


def control_problem(text: str, *, multiline: bool = False) -> str | None:
    """The part of :func:`text_problem` that needs no limit: for input that is checked once
    more after it is transformed (rich text, measured after sanitizing)."""
    if (_CONTROL_IN_LINES if multiline else _CONTROL_IN_LINE).search(text):
        return "Remove the control characters (such as NUL) from the text."
    return None


def normalise_lines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` as ``\\n``, so a multi-line text has one kind of line end."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
