"""Number and Integer (SharePoint ``Number`` and ``Integer``).

Number keeps a :class:`~decimal.Decimal` and stores a JSON number, so SQL compares and sorts
it numerically; ``decimals`` only rounds what is shown. Integer is a whole number that a
signed 64-bit SQL integer holds.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..models import MAX_INTEGER
from ..sqljson import json_integer
from .base import FieldError, Setting, SettingsError, check_bool, check_optional_int
from .numeric import NumericType, check_shape, plain, to_decimal
from .registry import registry


class NumberType(NumericType):
    key = "Number"
    sharepoint_type = "Number"
    settings_spec = {
        **NumericType.settings_spec,
        "decimals": Setting(None, check_optional_int(0, 10),
                            "decimal places shown (None: as entered)"),
        "percentage": Setting(False, check_bool, "show 0.5 as 50%; input may end with %"),
    }

    def parse(self, field, raw, ctx):
        percent = (field.settings.get("percentage") and isinstance(raw, str)
                   and raw.strip().endswith("%"))
        value = to_decimal(raw.strip()[:-1] if percent else raw)
        if value is None:
            return None
        if percent:
            value = value / 100
            check_shape(value)  # 1e-15% has more decimal places than a value may have
        self.check_range(field, value)
        return value

    def to_json(self, field, value):
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(plain(value))

    def from_json(self, field, stored):
        return None if stored is None else Decimal(str(stored))

    def display(self, field, value, ctx):
        if value is None:
            return ""
        percentage = field.settings.get("percentage")
        shown = value * 100 if percentage else value
        decimals = field.settings.get("decimals")
        text = plain(shown) if decimals is None else f"{shown:.{decimals}f}"
        return f"{text}%" if percentage else text


def _check_whole_bound(settings: dict[str, Any], name: str) -> None:
    bound = settings[name]
    if bound is not None and Decimal(bound) != Decimal(bound).to_integral_value():
        raise SettingsError(name, "must be a whole number")


class IntegerType(NumericType):
    key = "Integer"
    sharepoint_type = "Integer"

    def check_settings(self, settings):
        _check_whole_bound(settings, "min")
        _check_whole_bound(settings, "max")
        super().check_settings(settings)

    def parse(self, field, raw, ctx):
        value = to_decimal(raw)
        if value is None:
            return None
        if value != value.to_integral_value():
            raise FieldError("Enter a whole number.")
        number = int(value)
        # MAX_DIGITS digits always fit; the 64-bit rule is stated anyway, so that it holds
        # whatever the digit limit becomes.
        if not -MAX_INTEGER - 1 <= number <= MAX_INTEGER:
            raise FieldError(
                f"Enter a whole number between {-MAX_INTEGER - 1} and {MAX_INTEGER}.")
        self.check_range(field, value)
        return number

    def from_json(self, field, stored):
        return None if stored is None else int(stored)

    def sql(self, field, values):
        return json_integer(values, field.storage_key)


registry.register(NumberType())
registry.register(IntegerType())
