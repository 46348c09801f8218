"""The one check for addresses users give us (URL columns, file links, rich-text links).

A link is shown to other readers, so only schemes that cannot run code are accepted:
``javascript:``, ``data:`` and the like are refused however they are spelled. Like any text
it is stored, an address holds no control characters (:mod:`listengine.text`).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..text import control_problem
from .base import FieldError

WEB_SCHEMES = ("http", "https")
LINK_SCHEMES = WEB_SCHEMES + ("mailto",)
#: Longest address accepted (what browsers and servers reliably handle).
MAX_URL_LENGTH = 2048


def _schemes_text(schemes: tuple[str, ...]) -> str:
    return ", ".join(schemes[:-1]) + " and " + schemes[-1]


def check_url(raw: Any, schemes: tuple[str, ...] = LINK_SCHEMES) -> str:
    """Return the trimmed address, or raise :class:`FieldError` saying what is wrong."""
    if not isinstance(raw, str):
        raise FieldError("Enter a web address.")
    url = raw.strip()
    if len(url) > MAX_URL_LENGTH:
        raise FieldError(f"Enter an address of at most {MAX_URL_LENGTH} characters.")
    if control_problem(url) or any(ch.isspace() for ch in url):
        raise FieldError("An address cannot contain spaces or control characters.")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FieldError("Enter a valid address.") from None
    if parts.scheme.lower() not in schemes:
        raise FieldError(f"Only {_schemes_text(schemes)} links are allowed.")
    if parts.scheme.lower() in WEB_SCHEMES and not parts.hostname:
        raise FieldError("Enter a full address such as https://example.com/.")
    if parts.scheme.lower() == "mailto" and not parts.path:
        raise FieldError("Enter an e-mail address after mailto:.")
    return url
