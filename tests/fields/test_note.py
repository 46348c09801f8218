"""Note: plain text kept as typed; rich text sanitized with an explicit allow-list."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, SettingsError, registry
from listengine.models import Item

NOTE = registry.get("Note")


@pytest.fixture
def rich(world):
    return world.column("Note", {"rich_text": True}, name="Body")


def test_plain_note_keeps_text(world):
    field = world.column("Note")
    raw = "Dòng 1\r\n<b>không phải HTML</b> & <script>\n"
    assert world.parse(field, raw) == "Dòng 1\n<b>không phải HTML</b> & <script>"
    assert world.parse(field, "  \n ") is None
    assert NOTE.display(field, "a <b>", world.display) == "a <b>"


@pytest.mark.parametrize("raw, message", [(12, "Enter text."), (["a"], "Enter text.")])
def test_refuses_non_text(world, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column("Note"), raw)


def test_max_length(world):
    field = world.column("Note", {"max_length": 10})
    assert world.parse(field, "x" * 10) == "x" * 10
    with pytest.raises(FieldError, match=r"at most 10 characters \(you entered 11\)"):
        world.parse(field, "x" * 11)


def test_settings():
    assert NOTE.validate_settings({}) == {"rich_text": False, "lines": 6, "max_length": None}
    with pytest.raises(SettingsError, match="lines"):
        NOTE.validate_settings({"lines": 0})
    with pytest.raises(SettingsError, match="rich_text"):
        NOTE.validate_settings({"rich_text": "yes"})


@pytest.mark.parametrize("raw, expected", [
    ('<p onclick="x()">Chào <b>bạn</b></p>', "<p>Chào <b>bạn</b></p>"),
    ("<p>a<script>alert(1)</script></p>", "<p>a</p>"),
    ("<style>p{color:red}</style><p style='color:red' class='x'>b</p>", "<p>b</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="https://a.vn" target="_blank">x</a>',
     '<a href="https://a.vn" rel="noopener noreferrer">x</a>'),
    ('<a href="mailto:a@b.vn">m</a>', '<a href="mailto:a@b.vn" rel="noopener noreferrer">m</a>'),
    ('<img src="https://a.vn/h.png" alt="Ảnh" onerror="x()">',
     '<img src="https://a.vn/h.png" alt="Ảnh">'),
    ('<img src="data:image/png;base64,AAAA">', "<img>"),
    ("<iframe src='https://evil'></iframe><p>c</p>", "<p>c</p>"),
    ("<h1>T</h1><table><tr><td colspan='2'>1</td></tr></table>",
     'T<table><tbody><tr><td colspan="2">1</td></tr></tbody></table>'),
    ("<!-- hidden --><p>d</p>", "<p>d</p>"),
])
def test_rich_text_is_sanitized(world, rich, raw, expected):
    assert world.parse(rich, raw) == expected


def test_rich_text_without_words_is_empty(world, rich):
    assert world.parse(rich, "<p> </p><script>x</script>") is None


def test_rich_display_is_plain_text(world, rich):
    value = world.parse(rich, "<p>Ngày 14/10/2021 &amp; sau</p><ul><li>một</li><li>hai</li></ul>")
    assert NOTE.display(rich, value, world.display) == "Ngày 14/10/2021 & sau một hai"


def test_storage_sql_and_diff(world, rich):
    plain = world.column("Note", name="Summary")
    first = world.item({plain: "Bê\nhai", rich: "<p>x</p>"})
    world.item({plain: "An"})
    world.item({})
    assert world.read_back(first, plain) == "Bê\nhai"
    assert world.read_back(first, rich) == "<p>x</p>"
    expr = NOTE.sql(plain, Item.values)
    assert world.item_nos(expr == NOTE.sql_value(plain, "An")) == [2]
    assert world.item_nos(expr.is_not(None), order_by=expr) == [2, 1]
    assert world.item_nos(NOTE.sql(rich, Item.values).like("%<p>%")) == [1]
    change = NOTE.diff(rich, "<p>a</p>", "<p>b</p>", world.display)
    assert (change.old, change.new) == ("a", "b")
