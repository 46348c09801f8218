"""Number and Integer: input rules, storage, numeric SQL and display."""
from __future__ import annotations

from decimal import Decimal

import pytest

from listengine.fields import FieldError, SettingsError, numeric, registry
from listengine.models import Item

NUMBER = registry.get("Number")
INTEGER = registry.get("Integer")


@pytest.mark.parametrize("raw, expected", [
    ("12.5", Decimal("12.5")), (" 1 500 ", Decimal(1500)), (3, Decimal(3)), (2.5, Decimal("2.5")),
    (Decimal("-0.125"), Decimal("-0.125")), ("", None), (None, None), ("1e3", Decimal(1000)),
])
def test_number_parses_good_input(world, raw, expected):
    assert world.parse(world.column("Number"), raw) == expected


@pytest.mark.parametrize("raw, message", [
    (True, "Enter a number."), ("abc", "Enter a number."), ([1], "Enter a number."),
    ("1,5", "decimal mark"), ("NaN", "finite"), ("inf", "finite"), (float("nan"), "finite"),
    ("1234567890123456", "at most 15 digits"), ("1e20", "at most 15 digits"),
])
def test_number_refuses_bad_input(world, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column("Number"), raw)


def test_number_range_messages_name_the_bounds(world):
    both = world.column("Number", {"min": 0, "max": 10}, name="Both")
    low = world.column("Number", {"min": "1.5"}, name="Low")
    high = world.column("Number", {"max": 10}, name="High")
    with pytest.raises(FieldError, match="between 0 and 10"):
        world.parse(both, 11)
    with pytest.raises(FieldError, match="at least 1.5"):
        world.parse(low, 1)
    with pytest.raises(FieldError, match="at most 10"):
        world.parse(high, "10.01")
    assert world.parse(both, 10) == 10


def test_number_settings_are_checked():
    with pytest.raises(SettingsError) as error:
        NUMBER.validate_settings({"min": 5, "max": 1})
    assert error.value.key == "min"
    with pytest.raises(SettingsError, match="decimals"):
        NUMBER.validate_settings({"decimals": 11})
    with pytest.raises(SettingsError, match="min"):
        NUMBER.validate_settings({"min": "lots"})
    assert NUMBER.validate_settings({})["percentage"] is False


def test_percentage_input_and_display(world):
    field = world.column("Number", {"percentage": True, "decimals": 1})
    assert world.parse(field, "50%") == Decimal("0.5")
    assert NUMBER.display(field, Decimal("0.125"), world.display) == "12.5%"


def test_number_display_uses_decimals(world):
    plain = world.column("Number", name="Plain")
    rounded = world.column("Number", {"decimals": 2}, name="Rounded")
    assert NUMBER.display(plain, Decimal("1500.50"), world.display) == "1500.5"
    assert NUMBER.display(rounded, Decimal("2"), world.display) == "2.00"
    assert NUMBER.display(plain, None, world.display) == ""


def test_number_storage_round_trip(world):
    field = world.column("Number")
    item = world.item({field: "12.5"})
    assert item.values[field.storage_key] == 12.5
    assert world.read_back(item, field) == Decimal("12.5")
    whole = world.item({field: "7"})
    assert whole.values[field.storage_key] == 7 and isinstance(whole.values[field.storage_key], int)
    assert world.read_back(whole, field) == Decimal(7)


def test_number_sql_filters_and_sorts_numerically(world, session):
    field = world.column("Number")
    for raw in ("10", "9", "100", "2.5", None):
        world.item({field: raw})
    expr = NUMBER.sql(field, Item.values)
    assert world.item_nos(expr.is_not(None), order_by=expr) == [4, 2, 1, 3]
    assert world.item_nos(expr > NUMBER.sql_value(field, Decimal("9.5")), order_by=expr.desc()) \
        == [3, 1]
    assert world.item_nos(expr == NUMBER.sql_value(field, Decimal("2.5"))) == [4]
    assert world.item_nos(expr.is_(None)) == [5]


def test_number_diff(world):
    field = world.column("Number", {"decimals": 1})
    assert NUMBER.diff(field, Decimal("1.0"), Decimal(1), world.display) is None
    change = NUMBER.diff(field, Decimal(1), Decimal("2.25"), world.display)
    assert (change.internal_name, change.old, change.new) == ("Number", "1.0", "2.2")


@pytest.mark.parametrize("raw, expected", [
    ("12", 12), (7, 7), ("-3", -3), ("12.0", 12), ("", None),
])
def test_integer_parses_good_input(world, raw, expected):
    value = world.parse(world.column("Integer"), raw)
    assert value == expected and (value is None or type(value) is int)


@pytest.mark.parametrize("raw, message", [
    ("1.5", "Enter a whole number."), (1.5, "Enter a whole number."), (False, "Enter a number."),
    ("x", "Enter a number."), ("1,000", "decimal mark"), ("9" * 16, "15 digits"),
])
def test_integer_refuses_bad_input(world, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column("Integer"), raw)


def test_integer_range_and_settings(world):
    field = world.column("Integer", {"min": 0, "max": 5})
    with pytest.raises(FieldError, match="between 0 and 5"):
        world.parse(field, -1)
    with pytest.raises(SettingsError, match="whole number"):
        INTEGER.validate_settings({"min": 1.5})


def test_integer_storage_sql_and_diff(world):
    field = world.column("Integer")
    items = [world.item({field: raw}) for raw in ("10", "9", "100", "-1")]
    assert world.read_back(items[2], field) == 100
    expr = INTEGER.sql(field, Item.values)
    assert world.item_nos(order_by=expr) == [4, 2, 1, 3]
    assert world.item_nos(expr >= INTEGER.sql_value(field, 10)) == [1, 3]
    change = INTEGER.diff(field, 9, None, world.display)
    assert (change.old, change.new) == ("9", "")


# -- the shape of a number, read without context arithmetic (issue 7, finding 2) ---------
@pytest.mark.parametrize("key, raw, message", [
    ("Integer", "1e999999999", "at most 15 digits"),  # was decimal.Overflow
    ("Number", "1e999999999", "at most 15 digits"),
    ("Number", "-1e1000000", "at most 15 digits"),
    ("Number", "1e-999999999", "at most 15 decimal places"),  # was a billion-digit string
    ("Number", "1e-16", "at most 15 decimal places"),
    pytest.param("Number", "0." + "0" * 200 + "1", "at most 15 digits", id="0.(200 zeros)1"),
    pytest.param("Number", 10**5000, "at most 15 digits", id="10**5000"),  # str() of it raises
    ("Number", Decimal((0, (1,), -10**12)), "at most 15 decimal places"),
    ("Number", Decimal("sNaN"), "finite"),
    ("Number", float("-inf"), "finite"),
    ("Integer", 2**63, "at most 15 digits"),
    ("Number", 1j, "Enter a number."),
])
def test_refuses_numbers_beyond_the_limits(world, key, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column(key), raw)


def test_accepts_numbers_at_the_limits(world):
    field = world.column("Number")
    assert world.parse(field, "1e-15") == Decimal("1e-15")
    assert world.parse(field, "999999999999999") == Decimal("999999999999999")
    assert world.parse(field, "0e-999999999") == 0
    item = world.item({field: "0.000000000000001"})
    assert world.read_back(item, field) == Decimal("1e-15")
    assert NUMBER.display(field, Decimal("1e-15"), world.display) == "0.000000000000001"


def test_percent_input_stays_within_the_limits(world):
    field = world.column("Number", {"percentage": True})
    assert world.parse(field, "1e-13%") == Decimal("1e-15")
    with pytest.raises(FieldError, match="at most 15 decimal places"):
        world.parse(field, "1e-14%")
    with pytest.raises(FieldError, match="at most 15 digits"):
        world.parse(field, "1e999999999%")


def test_integers_fit_a_signed_64_bit_column(world, monkeypatch):
    """15 digits always fit; the 64-bit rule holds even if the digit limit were raised."""
    field = world.column("Integer")
    monkeypatch.setattr(numeric, "MAX_DIGITS", 25)
    assert world.parse(field, str(2**63 - 1)) == 2**63 - 1
    assert world.parse(field, str(-2**63)) == -2**63
    with pytest.raises(FieldError) as error:
        world.parse(field, str(2**63))
    assert error.value.message == ("Enter a whole number between -9223372036854775808 and "
                                   "9223372036854775807.")


@pytest.mark.parametrize("bound", ["1e999999999", "1e-999999999", float("inf"), "NaN",
                                   pytest.param(10**5000, id="10**5000"), "", [1], "1,5"])
def test_bounds_must_be_numbers_within_the_limits(bound):
    for key in ("min", "max"):
        with pytest.raises(SettingsError) as error:
            NUMBER.validate_settings({key: bound})
        assert error.value.key == key


def test_bounds_are_kept_as_exact_text():
    settings = NUMBER.validate_settings({"min": "1e3", "max": 1500.5})
    assert (settings["min"], settings["max"]) == ("1000", "1500.5")
