"""Choice and MultiChoice: matching choices, fill-in values, order and repeats, SQL."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, SettingsError, registry
from listengine.models import Item

CHOICE = registry.get("Choice")
MULTI = registry.get("MultiChoice")
KINDS = {"choices": ["Tin trong nước", "Tin quốc tế", "Thông báo"]}


def test_choice_matches_regardless_of_case(world):
    field = world.column("Choice", KINDS)
    assert world.parse(field, " tin QUỐC tế ") == "Tin quốc tế"
    assert world.parse(field, "") is None
    assert world.parse(field, None) is None


@pytest.mark.parametrize("raw, message", [
    ("Xyz", "'Xyz' is not one of the choices: Tin trong nước, Tin quốc tế, Thông báo."),
    (True, "Choose a value from the list."), (["Thông báo"], "Choose a value from the list."),
])
def test_choice_refuses(world, raw, message):
    with pytest.raises(FieldError) as error:
        world.parse(world.column("Choice", KINDS), raw)
    assert error.value.message == message


def test_fill_in(world):
    field = world.column("Choice", {**KINDS, "fill_in": True})
    assert world.parse(field, "Phóng sự") == "Phóng sự"
    assert world.parse(field, "thông báo") == "Thông báo"
    with pytest.raises(FieldError, match="single line"):
        world.parse(field, "a\nb")
    with pytest.raises(FieldError, match="255"):
        world.parse(field, "x" * 256)


def test_settings():
    assert CHOICE.validate_settings(KINDS)["format"] == "dropdown"
    with pytest.raises(SettingsError, match="choices"):
        CHOICE.validate_settings({})
    with pytest.raises(SettingsError, match="repeat"):
        CHOICE.validate_settings({"choices": ["A", "A"]})
    with pytest.raises(SettingsError, match="format"):
        CHOICE.validate_settings({**KINDS, "format": "checkboxes"})
    with pytest.raises(SettingsError, match="format"):
        MULTI.validate_settings({**KINDS, "format": "radio"})
    assert CHOICE.validate_settings({"fill_in": True})["choices"] == []


def test_choice_storage_sql_and_diff(world):
    field = world.column("Choice", KINDS)
    for raw in ("Thông báo", "Tin trong nước", None, "Tin quốc tế"):
        world.item({field: raw})
    expr = CHOICE.sql(field, Item.values)
    assert world.item_nos(expr == CHOICE.sql_value(field, "Thông báo")) == [1]
    assert world.item_nos(expr.is_not(None), order_by=expr) == [1, 4, 2]
    change = CHOICE.diff(field, "Thông báo", "Tin quốc tế", world.display)
    assert (change.old, change.new) == ("Thông báo", "Tin quốc tế")


def test_multichoice_keeps_order_and_drops_repeats(world):
    field = world.column("MultiChoice", KINDS)
    assert world.parse(field, ["Thông báo", "tin trong nước", "thông báo", ""]) == [
        "Thông báo", "Tin trong nước"]
    assert world.parse(field, "Thông báo") == ["Thông báo"]
    assert world.parse(field, []) is None
    with pytest.raises(FieldError, match="'Xyz' is not one of the choices"):
        world.parse(field, ["Thông báo", "Xyz"])
    with pytest.raises(FieldError):
        world.parse(field, [1.5])


def test_multichoice_storage_includes_and_diff(world):
    field = world.column("MultiChoice", KINDS)
    first = world.item({field: ["Tin quốc tế", "Thông báo"]})
    world.item({field: ["Thông báo"]})
    world.item({field: ["Tin trong nước"]})
    world.item({})
    assert first.values[field.storage_key] == ["Tin quốc tế", "Thông báo"]
    assert world.read_back(first, field) == ["Tin quốc tế", "Thông báo"]
    includes = MULTI.sql_includes(field, Item.values, "Thông báo")
    assert world.item_nos(includes) == [1, 2]
    assert world.item_nos(MULTI.sql_includes(field, Item.values, "Tin quốc tế")) == [1]
    assert world.item_nos(MULTI.sql(field, Item.values).is_(None)) == [4]
    assert MULTI.display(field, ["A", "B"], world.display) == "A; B"
    assert MULTI.diff(field, ["A"], ["A"], world.display) is None
    assert MULTI.diff(field, ["A"], ["B", "A"], world.display).new == "B; A"


# -- free-text rules for fill-in values and choices (issue 7, finding 8) -----------------
@pytest.mark.parametrize("raw", ["Phóng\x00sự", "\x1b[31m", "a\tb", "\ud800", "x" * 256])
def test_fill_in_values_are_single_lines_of_free_text(world, raw):
    for key in ("Choice", "MultiChoice"):
        field = world.column(key, {**KINDS, "fill_in": True}, name=key)
        with pytest.raises(FieldError) as error:
            world.parse(field, raw)
        assert ("control characters" in error.value.message
                or error.value.message == "Enter at most 255 characters (you entered 256).")


def test_a_refusal_never_repeats_an_enormous_value(world):
    with pytest.raises(FieldError) as error:
        world.parse(world.column("Choice", KINDS), "x" * 1_000_000)
    assert error.value.message == "Enter at most 255 characters (you entered 1000000)."
    with pytest.raises(FieldError, match="Choose a value from the list."):
        world.parse(world.column("Choice", KINDS, name="Other"), 10**5000)


@pytest.mark.parametrize("choice", ["Tin\x00", "Tin\nmới", "\x7f", "x" * 256])
def test_choices_are_single_lines_of_free_text(choice):
    with pytest.raises(SettingsError) as error:
        CHOICE.validate_settings({"choices": ["Tin", choice]})
    assert error.value.key == "choices"
