"""What Number, Integer and Currency share: reading a number and checking its range.

The three differ only in how a value is stored and shown, so input rules (no booleans, no
NaN or infinity, ``.`` as the only decimal mark, 15 significant digits at most so a JSON
number or a SQLite NUMERIC holds it exactly) live here once.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..sqljson import json_number
from .base import FieldError, FieldType, Setting, SettingsError, check_optional_number

#: Significant digits a value may have (SharePoint's Number precision; exact in a double).
MAX_DIGITS = 15


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
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise FieldError("Enter a number.") from None
    elif isinstance(raw, (int, float, Decimal)):
        value = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
    else:
        raise FieldError("Enter a number.")
    if not value.is_finite():
        raise FieldError("Enter a finite number.")
    if value.is_zero():
        return Decimal(0)
    # Digits before the point plus digits after it; trailing zeros do not count.
    _, digits, exponent = value.normalize().as_tuple()
    if len(digits) + max(exponent, 0) > MAX_DIGITS:
        raise FieldError(f"Enter a number with at most {MAX_DIGITS} digits.")
    return value


def plain(value: Decimal) -> str:
    """``value`` without exponent or trailing zeros: ``Decimal("1.50E+3")`` -> ``"1500"``."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


class NumericType(FieldType):
    """Base of the numeric types: ``min``/``max`` settings and the range check."""

    settings_spec = {
        "min": Setting(None, check_optional_number, "smallest value accepted"),
        "max": Setting(None, check_optional_number, "largest value accepted"),
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
