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


# -- free-text rules and SharePoint's limit (issue 7, finding 8) --------------------------
@pytest.mark.parametrize("raw", ["Tóm\x00tắt", "a\x01b", "\x1b[31mđỏ", "a\x7f", "a\x0bb",
                                 "a\x0cb", "\ud800"])
def test_control_characters_are_refused(world, rich, raw):
    for field in (world.column("Note"), rich):
        with pytest.raises(FieldError) as error:
            world.parse(field, raw)
        assert error.value.message == "Remove the control characters (such as NUL) from the text."


def test_tabs_and_line_ends_are_kept(world, rich):
    assert world.parse(world.column("Note"), "a\tb\r\nc\rd") == "a\tb\nc\nd"
    assert world.parse(rich, "<p>a\tb</p>\r\n<p>c&#13;d</p>") == "<p>a\tb</p>\n<p>c\nd</p>"


def test_plain_notes_have_sharepoints_limit_unless_the_column_allows_more(world):
    field = world.column("Note")
    assert world.parse(field, "x" * 63_999) == "x" * 63_999
    with pytest.raises(FieldError) as error:
        world.parse(field, "x" * 64_000)
    assert error.value.message == "Enter at most 63999 characters (you entered 64000)."
    roomy = world.column("Note", {"max_length": 1_000_000}, name="Roomy")
    assert len(world.parse(roomy, "x" * 1_000_000)) == 1_000_000
    with pytest.raises(FieldError, match=r"at most 1000000 characters \(you entered 1000001\)"):
        world.parse(roomy, "x" * 1_000_001)
    with pytest.raises(SettingsError, match="max_length"):
        NOTE.validate_settings({"max_length": 1_000_001})


def test_rich_text_is_measured_as_stored(world):
    """The limit applies to the sanitized HTML; control characters are refused before
    sanitizing (which would drop a NUL silently) and after it (entities such as &#1;)."""
    field = world.column("Note", {"rich_text": True, "max_length": 40}, name="Body")
    assert world.parse(field, '<p onclick="' + "x" * 100 + '">abc</p>') == "<p>abc</p>"
    with pytest.raises(FieldError, match=r"at most 40 characters \(you entered 54\)"):
        world.parse(field, '<a href="https://a.vn">x</a>')  # 28 characters, then rel="..."
    for raw in ("<p>a\x00b</p>", "<p>&#1;</p>", "<p>&#x1b;</p>"):
        with pytest.raises(FieldError, match="control characters"):
            world.parse(field, raw)
    with pytest.raises(FieldError, match="at most 63999 characters"):
        world.parse(world.column("Note", {"rich_text": True}, name="Long"),
                    "<p>" + "x" * 63_999 + "</p>")
