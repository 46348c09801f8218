"""Text: one line of free text, its length limit, a pattern, and its settings."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, SettingsError, registry
from listengine.models import Item

TEXT = registry.get("Text")


@pytest.mark.parametrize("raw, expected", [
    ("  Sở Ngoại vụ  ", "Sở Ngoại vụ"), (2021, "2021"), (1.5, "1.5"), ("", None), ("   ", None),
    (None, None), ("x" * 255, "x" * 255),
])
def test_parses(world, raw, expected):
    assert world.parse(world.column("Text"), raw) == expected


@pytest.mark.parametrize("raw, message", [
    # Issue 7, finding 8: NUL and other control characters were stored.
    ("Tiêu\x00đề", "Remove the control characters (such as NUL) from the text."),
    ("a\tb", "Remove the control characters (such as NUL) from the text."),
    ("\x1b[31mđỏ", "Remove the control characters (such as NUL) from the text."),
    ("a\x7fb", "Remove the control characters (such as NUL) from the text."),
    ("a\ud800b", "Remove the control characters (such as NUL) from the text."),
    ("a\nb", "Enter a single line of text."), ("a\rb", "Enter a single line of text."),
    ("x" * 300, "Enter at most 255 characters (you entered 300)."),
    (True, "Enter text."), (b"bytes", "Enter text."), (["a"], "Enter text."),
    ({"a": 1}, "Enter text."), (float("nan"), "Enter text."), (float("inf"), "Enter text."),
    pytest.param(10**5000, "Enter text.", id="10**5000"),  # str() of it raises
])
def test_refuses(world, raw, message):
    with pytest.raises(FieldError) as error:
        world.parse(world.column("Text"), raw)
    assert error.value.message == message


def test_max_length_setting(world):
    field = world.column("Text", {"max_length": 10})
    assert world.parse(field, "x" * 10) == "x" * 10
    with pytest.raises(FieldError) as error:
        world.parse(field, "x" * 11)
    assert error.value.message == "Enter at most 10 characters (you entered 11)."
    for bad in (0, 256, "10", True):
        with pytest.raises(SettingsError, match="max_length"):
            TEXT.validate_settings({"max_length": bad})


def test_pattern(world):
    field = world.column("Text", {"pattern": r"[A-Z]{2}-\d+", "pattern_message": "Mã như AB-1."})
    assert world.parse(field, "AB-12") == "AB-12"
    with pytest.raises(FieldError, match="Mã như AB-1."):
        world.parse(field, "ab-12")


@pytest.mark.parametrize("settings, key", [
    ({"pattern": "[a-"}, "pattern"), ({"pattern": 5}, "pattern"),
    ({"pattern": "a\x00"}, "pattern"), ({"pattern": "a" * 1025}, "pattern"),
    ({"pattern": "a+", "pattern_message": "Sai\x00"}, "pattern_message"),
    ({"pattern": "a+", "pattern_message": "Sai\nrồi"}, "pattern_message"),
    ({"pattern": "a+", "pattern_message": "x" * 1025}, "pattern_message"),
    ({"pattern_message": "Sai"}, "pattern_message"),
])
def test_settings_are_single_lines_of_free_text(settings, key):
    with pytest.raises(SettingsError) as error:
        TEXT.validate_settings(settings)
    assert error.value.key == key


def test_storage_and_sql(world):
    field = world.column("Text")
    for raw in ("b", "a", "c"):
        world.item({field: raw})
    assert world.read_back(world.item({field: " d "}), field) == "d"
    assert world.item_nos(order_by=TEXT.sql(field, Item.values)) == [2, 1, 3, 4]
