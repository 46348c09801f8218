"""What Number, Integer and Currency share: reading a number and checking its range.

The three differ only in how a value is stored and shown, so input rules (no booleans, no
NaN or infinity, ``.`` as the only decimal mark, 15 significant digits and 15 decimal places
at most, so a JSON number or a SQLite NUMERIC holds it exactly and its plain text is short)
live here once. The shape of a number is read from its digits and exponent
(``Decimal.as_tuple``), never with context arithmetic, which overflows or takes forever on
input such as ``1e999999999`` before any limit could refuse it.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..sqljson import json_number
from .base import FieldError, FieldType, Setting, SettingsError

#: Significant digits a value may have (SharePoint's Number precision; exact in a double).
MAX_DIGITS = 15
#: Decimal places a value may have.
MAX_PLACES = 15
#: Longest number text read at all (spaces left out); one within the limits is far shorter.
MAX_TEXT = 100

_TOO_MANY_DIGITS = f"Enter a number with at most {MAX_DIGITS} digits."


def to_decimal(raw: Any) -> Decimal | None:
    """Read a number from Python input or text; None for empty input."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise FieldError("Enter a number.")
    if isinstance(raw, str):
        text = "".join(raw.split())
        if not text:
            return None
        if "," in text:
            raise FieldError("Enter a number using . as the decimal mark (e.g. 1500.5).")
        if len(text) > MAX_TEXT:
            raise FieldError(_TOO_MANY_DIGITS)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise FieldError("Enter a number.") from None
    elif isinstance(raw, int):
        if abs(raw) >= 10 ** MAX_DIGITS:  # before converting a possibly enormous int
            raise FieldError(_TOO_MANY_DIGITS)
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    elif isinstance(raw, Decimal):
        value = raw
    else:
        raise FieldError("Enter a number.")
    if not value.is_finite():
        raise FieldError("Enter a finite number.")
    if value.is_zero():
        return Decimal(0)
    check_shape(value)
    return value


def digits_and_places(value: Decimal) -> tuple[int, int]:
    """Of a finite ``value``: its digits before the point plus its digits after it, and its
    decimal places, trailing zeros left out (``Decimal("1500.50")`` -> (5, 1))."""
    _, digits, exponent = value.as_tuple()
    coefficient = "".join(map(str, digits)).rstrip("0") or "0"
    exponent += len(digits) - len(coefficient)
    return len(coefficient) + max(exponent, 0), max(-exponent, 0)


def check_shape(value: Decimal) -> None:
    """Refuse a finite ``value`` with more digits or decimal places than a value may have."""
    digits, places = digits_and_places(value)
    if digits > MAX_DIGITS:
        raise FieldError(_TOO_MANY_DIGITS)
    if places > MAX_PLACES:
        raise FieldError(f"Enter a number with at most {MAX_PLACES} decimal places.")


def plain(value: Decimal) -> str:
    """``value`` without exponent or trailing zeros: ``Decimal("1.50E+3")`` -> ``"1500"``."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def check_bound(raw: Any) -> str | None:
    """A ``min`` or ``max`` setting: a number that obeys the rules values obey, kept as
    exact text (None: no bound)."""
    if raw is None:
        return None
    try:
        value = to_decimal(raw)
    except FieldError:
        value = None
    if value is None:
        raise ValueError(f"must be a finite number with at most {MAX_DIGITS} digits and "
                         f"{MAX_PLACES} decimal places")
    return plain(value)


class NumericType(FieldType):
    """Base of the numeric types: ``min``/``max`` settings and the range check."""

    settings_spec = {
        "min": Setting(None, check_bound, "smallest value accepted"),
        "max": Setting(None, check_bound, "largest value accepted"),
    }

    def check_settings(self, settings: dict[str, Any]) -> None:
        low, high = settings["min"], settings["max"]
        if low is not None and high is not None and Decimal(low) > Decimal(high):
            raise SettingsError("min", "must not be greater than max")

    def check_range(self, field, value: Decimal) -> None:
        low, high = field.settings.get("min"), field.settings.get("max")
        too_low = low is not None and value < Decimal(low)
        too_high = high is not None and value > Decimal(high)
        if not (too_low or too_high):
            return
        if low is not None and high is not None:
            raise FieldError(f"Enter a number between {low} and {high}.")
        if too_low:
            raise FieldError(f"Enter a number of at least {low}.")
        raise FieldError(f"Enter a number of at most {high}.")

    def sql(self, field, values):
        return json_number(values, field.storage_key)
