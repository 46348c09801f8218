"""Currency: exact amounts, minor units per currency, numeric SQL, VND display."""
from __future__ import annotations

from decimal import Decimal

import pytest

from listengine.fields import FieldError, SettingsError, registry
from listengine.models import Item

CURRENCY = registry.get("Currency")


def test_parses_amounts(world):
    vnd = world.column("Currency", name="Vnd")
    usd = world.column("Currency", {"currency": "USD"}, name="Usd")
    assert world.parse(vnd, "1 500 000") == Decimal(1500000)
    assert world.parse(usd, "12.34") == Decimal("12.34")
    assert world.parse(usd, 3) == Decimal(3)
    assert world.parse(vnd, " ") is None


@pytest.mark.parametrize("settings, raw, message", [
    ({}, "1500.5", "Enter a whole amount."),
    ({"currency": "USD"}, "1.234", "at most 2 decimal places"),
    ({}, "1.500.000", "Enter a number."),
    ({}, True, "Enter a number."),
    ({}, "Infinity", "finite"),
    ({"min": 0}, "-1", "at least 0"),
    ({"min": 0, "max": 1000}, 1001, "between 0 and 1000"),
])
def test_refuses_bad_amounts(world, settings, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column("Currency", settings), raw)


def test_settings():
    assert CURRENCY.validate_settings({})["currency"] == "VND"
    with pytest.raises(SettingsError, match="currency"):
        CURRENCY.validate_settings({"currency": "dong"})
    with pytest.raises(SettingsError, match="decimals"):
        CURRENCY.validate_settings({"decimals": 5})


def test_display(world):
    vnd = world.column("Currency", name="Vnd")
    usd = world.column("Currency", {"currency": "USD"}, name="Usd")
    eur3 = world.column("Currency", {"currency": "EUR", "decimals": 3}, name="Eur")
    assert CURRENCY.display(vnd, Decimal(1500000), world.display) == "1.500.000 ₫"
    assert CURRENCY.display(vnd, Decimal(-2500), world.display) == "-2.500 ₫"
    assert CURRENCY.display(usd, Decimal("1234.5"), world.display) == "1,234.50 USD"
    assert CURRENCY.display(eur3, Decimal("1.5"), world.display) == "1.500 EUR"


def test_storage_is_an_exact_string(world):
    field = world.column("Currency", {"currency": "USD"})
    item = world.item({field: "1234567890123.45"})
    assert item.values[field.storage_key] == "1234567890123.45"
    assert world.read_back(item, field) == Decimal("1234567890123.45")


def test_sql_filters_and_sorts_numerically(world):
    field = world.column("Currency")
    for raw in ("900000", "1500000", "25000", "1000000"):
        world.item({field: raw})
    expr = CURRENCY.sql(field, Item.values)
    assert world.item_nos(order_by=expr) == [3, 1, 4, 2]
    assert world.item_nos(expr >= CURRENCY.sql_value(field, Decimal(1000000)),
                          order_by=expr.desc()) == [2, 4]


def test_diff(world):
    field = world.column("Currency")
    assert CURRENCY.diff(field, Decimal("1500"), Decimal("1500.0"), world.display) is None
    change = CURRENCY.diff(field, None, Decimal(1500000), world.display)
    assert (change.old, change.new) == ("", "1.500.000 ₫")


# -- amounts beyond the limits, precision without context arithmetic (issue 7, finding 2) --
@pytest.mark.parametrize("settings, raw, message", [
    ({}, "1e1000000", "at most 15 digits"),  # was decimal.Overflow
    ({}, "-1e999999999", "at most 15 digits"),
    ({"currency": "USD", "decimals": 4}, "1e-999999999", "at most 15 decimal places"),
    ({"currency": "USD", "decimals": 4}, Decimal((0, (1,), -10**12)), "at most 15 decimal places"),
    ({"currency": "USD", "decimals": 4}, "0.00001", "at most 4 decimal places"),
    ({"currency": "USD"}, "1234567890123456", "at most 15 digits"),
])
def test_refuses_amounts_beyond_the_limits(world, settings, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column("Currency", settings), raw)


def test_precision_holds_at_the_limits(world):
    """Checking decimal places never rounds, so it cannot raise InvalidOperation."""
    usd4 = world.column("Currency", {"currency": "USD", "decimals": 4}, name="Usd")
    vnd = world.column("Currency", name="Vnd")
    assert world.parse(usd4, "99999999999.9999") == Decimal("99999999999.9999")
    assert world.parse(vnd, "999999999999999") == Decimal("999999999999999")
    assert world.parse(vnd, "1.5E+3") == Decimal(1500)
    assert world.parse(vnd, "1500.000") == Decimal(1500)
    item = world.item({usd4: "99999999999.9999"})
    assert world.read_back(item, usd4) == Decimal("99999999999.9999")
