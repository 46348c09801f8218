"""Currency (SharePoint ``Currency``): an exact amount in one currency per column.

Amounts are stored as exact decimal strings (no binary rounding); SQL casts them to NUMERIC,
so they still compare and sort as numbers. Display follows the currency: VND is grouped the
Vietnamese way with no minor unit ("1.500.000 ₫"), others show two decimals and the code.
"""
from __future__ import annotations

from decimal import Decimal

from .base import FieldError, Setting, check_matches, check_optional_int
from .numeric import NumericType, digits_and_places, plain, to_decimal
from .registry import registry

#: Currencies without a minor unit; every other one defaults to 2 decimals.
_NO_MINOR_UNIT = {"VND", "JPY", "KRW"}
_SYMBOLS = {"VND": "₫"}
#: Currencies written with "." for thousands and "," for decimals.
_DOT_GROUPED = {"VND"}


class CurrencyType(NumericType):
    key = "Currency"
    sharepoint_type = "Currency"
    settings_spec = {
        **NumericType.settings_spec,
        "currency": Setting("VND", check_matches(
            r"[A-Z]{3}", "must be a three-letter ISO 4217 code such as VND"), "ISO 4217 code"),
        "decimals": Setting(None, check_optional_int(0, 4), "decimal places (None: the currency's)"),
    }

    def decimals(self, field) -> int:
        decimals = field.settings.get("decimals")
        if decimals is not None:
            return decimals
        return 0 if field.settings.get("currency", "VND") in _NO_MINOR_UNIT else 2

    def parse(self, field, raw, ctx):
        value = to_decimal(raw)
        if value is None:
            return None
        places = self.decimals(field)
        if digits_and_places(value)[1] > places:
            raise FieldError("Enter a whole amount." if places == 0
                             else f"Enter at most {places} decimal places.")
        self.check_range(field, value)
        return value

    def to_json(self, field, value):
        return None if value is None else plain(value)

    def from_json(self, field, stored):
        return None if stored is None else Decimal(stored)

    def sql_value(self, field, value):
        return value

    def display(self, field, value, ctx):
        if value is None:
            return ""
        code = field.settings.get("currency", "VND")
        text = f"{value:,.{self.decimals(field)}f}"
        if code in _DOT_GROUPED:
            text = text.translate(str.maketrans(",.", ".,"))
        return f"{text} {_SYMBOLS.get(code, code)}"


registry.register(CurrencyType())
