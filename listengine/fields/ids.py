"""Ids that values give for rows elsewhere: Lookup targets, users, stored files.

An id is a positive integer that the id columns hold on both databases (:data:`MAX_ID`: they
are INTEGER, 32-bit on PostgreSQL; SQLite refuses a Python int beyond 64 bits outright),
given as an int or as ASCII digits: ``str.isdigit`` also accepts '²' or fullwidth digits,
which ``int`` then refuses or reads.
"""
from __future__ import annotations

from typing import Any

from ..models import MAX_ID
from .base import FieldError

#: Longest digit text an id can have.
_MAX_DIGITS = len(str(MAX_ID))


def read_id(raw: Any) -> int | None:
    """``raw`` as an id; None for empty text; :class:`FieldError` for anything else."""
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            shown = text if len(text) <= 32 and text.isprintable() else None
            raise FieldError(f"'{shown}' is not an id number." if shown
                             else "Enter an id number.")
        number = int(text) if len(text) <= _MAX_DIGITS else MAX_ID + 1
    elif isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    else:
        raise FieldError("Enter an id number.")
    if not 1 <= number <= MAX_ID:
        raise FieldError(f"Enter an id number from 1 to {MAX_ID}.")
    return number
