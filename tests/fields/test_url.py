"""URL: only http, https and mailto; description; SQL on the address."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, registry
from listengine.models import Item

URL = registry.get("URL")


@pytest.mark.parametrize("raw, expected", [
    ("https://sngv.tayninh.gov.vn/", {"url": "https://sngv.tayninh.gov.vn/", "description": ""}),
    (" HTTP://example.com/a?b=1 ", {"url": "HTTP://example.com/a?b=1", "description": ""}),
    ({"url": "mailto:toasoan@example.vn", "description": " Tòa soạn "},
     {"url": "mailto:toasoan@example.vn", "description": "Tòa soạn"}),
    ("", None), (None, None), ({"url": "", "description": ""}, None),
])
def test_parses(world, raw, expected):
    assert world.parse(world.column("URL"), raw) == expected


@pytest.mark.parametrize("raw, message", [
    ("javascript:alert(1)", "Only http, https and mailto links are allowed."),
    (" JavaScript:alert(1)", "Only http, https and mailto links are allowed."),
    ("java\tscript:alert(1)", "spaces or control characters"),
    ("data:text/html,<script>alert(1)</script>", "Only http, https and mailto links"),
    ("ftp://example.com/", "Only http, https and mailto links"),
    ("example.com", "Only http, https and mailto links"),
    ("https://", "full address"), ("https:///path", "full address"), ("mailto:", "e-mail"),
    ("https://example.com/" + "a" * 2100, "at most 2048"), (42, "Enter a web address."),
    ({"url": "https://a.vn", "description": "x" * 256}, "at most 255"),
    ({"url": "https://a.vn", "description": "a\nb"}, "single line"),
    ({"url": "", "description": "Trang chủ"}, "address the description belongs to"),
    ({"url": "https://a.vn", "target": "_blank"}, "Unexpected part of a link: target"),
    # Issue 7: control characters (NUL fails in PostgreSQL's JSONB) and odd keys.
    ({"url": "https://a.vn", "description": "Trang\x00"}, "control characters"),
    ({"url": "https://a.vn", "description": "\x1b[31m"}, "control characters"),
    ("https://a.vn/\x00", "spaces or control characters"),
    ("https://a.vn/\ud800", "spaces or control characters"),
    ({"url": "https://a.vn", 1: "x", (2,): "y"}, "Unexpected part of a link: unnamed."),
    ({"url": "https://a.vn", "description": 10**5000}, "Enter the description as text."),
])
def test_refuses(world, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column("URL"), raw)


def test_storage_sql_display_and_diff(world):
    field = world.column("URL")
    first = world.item({field: {"url": "https://b.vn/", "description": "Bê"}})
    world.item({field: "https://a.vn/"})
    world.item({})
    assert first.values[field.storage_key] == {"url": "https://b.vn/", "description": "Bê"}
    assert world.read_back(first, field) == {"url": "https://b.vn/", "description": "Bê"}
    expr = URL.sql(field, Item.values)
    assert world.item_nos(expr == URL.sql_value(field, world.parse(field, "https://a.vn/"))) == [2]
    assert world.item_nos(expr.is_not(None), order_by=expr) == [2, 1]
    assert world.item_nos(expr.is_(None)) == [3]
    assert URL.display(field, {"url": "https://a.vn/", "description": ""}, world.display) == \
        "https://a.vn/"
    assert URL.display(field, {"url": "https://b.vn/", "description": "Bê"}, world.display) == "Bê"
    assert URL.unique_key(field, {"url": "https://A.vn/", "description": "x"}) == "https://a.vn/"
    change = URL.diff(field, None, {"url": "https://b.vn/", "description": "Bê"}, world.display)
    assert (change.old, change.new) == ("", "Bê")
