"""Bad input for every field type, through the item service: a field-level error, no write."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from listengine.errors import ValidationError
from listengine.fields import Upload, registry
from listengine.models import Item, ItemLink, StoredFile
from listengine.services import columns, items, lists

#: (type key, settings, bad raw input, a word the message must contain)
BAD_INPUT = [
    ("Text", {"max_length": 5}, "quá dài rồi", "5"),
    ("Text", {}, ["not", "text"], "text"),
    ("Note", {}, {"a": 1}, "text"),
    ("Number", {"max": 10}, "11", "10"),
    ("Number", {}, "mười", "number"),
    ("Integer", {}, "1.5", "whole"),
    ("Currency", {}, "nhiều tiền", "number"),
    ("DateTime", {}, "32/13/2021", "date"),
    ("Boolean", {}, "có lẽ", "yes"),
    ("Choice", {"choices": ["Tin tức", "Sự kiện"]}, "Phóng sự", "choices"),
    ("MultiChoice", {"choices": ["A", "B"]}, ["A", "C"], "choices"),
    ("Lookup", {"target_list": "self"}, 99, "No item 99"),
    ("LookupMulti", {"target_list": "self"}, [98], "No item 98"),
    ("User", {}, 999999, "user"),
    ("UserMulti", {}, [999999], "user"),
    ("URL", {}, "javascript:alert(1)", "http"),
    ("Image", {}, "javascript:alert(1)", "http"),
    ("Image", {}, Upload("x.exe", "application/x-msdownload", b"MZ"), "type"),
    ("File", {"max_size": 10}, Upload("a.mp3", "audio/mpeg", b"0" * 11), "large"),
    ("Counter", {}, 5, "read-only"),
]


def test_every_type_has_bad_input_here():
    assert {key for key, *_ in BAD_INPUT} == set(registry.keys())


@pytest.mark.parametrize("type_key,settings,raw,word", BAD_INPUT,
                         ids=[f"{k}-{i}" for i, (k, *_) in enumerate(BAD_INPUT)])
def test_bad_value_gets_a_field_error_and_writes_nothing(session, site, user, blobs,
                                                          type_key, settings, raw, word, editor):
    lst = lists.create_list(session, site, title="Thử", url_name="thu", actor=editor)
    columns.create_list_column(session, lst, internal_name="Value", title="Giá trị",
                               type_key=type_key, settings=settings, actor=editor)
    counts = lambda: [session.scalar(select(func.count()).select_from(t))  # noqa: E731
                      for t in (Item, ItemLink, StoredFile)]
    before = counts()
    with pytest.raises(ValidationError) as exc:
        items.create_item(session, lst, {"Title": "x", "Value": raw}, actor=editor, files=blobs)
    assert list(exc.value.errors) == ["Value"]
    assert word.casefold() in exc.value.errors["Value"].casefold(), exc.value.errors
    assert counts() == before
    assert not list((blobs.root).rglob("*")) if blobs.root.exists() else True


@pytest.mark.parametrize("type_key", sorted(k for k in registry.keys() if k != "Counter"))
def test_required_value_missing_is_refused(session, site, user, type_key, editor):
    settings = {"Choice": {"choices": ["A"]}, "MultiChoice": {"choices": ["A"]},
                "Lookup": {"target_list": "self"},
                "LookupMulti": {"target_list": "self"}}.get(type_key, {})
    lst = lists.create_list(session, site, title="Thử", url_name="thu", actor=editor)
    columns.create_list_column(session, lst, internal_name="Value", title="Giá trị",
                               type_key=type_key, settings=settings, required=True, actor=editor)
    with pytest.raises(ValidationError) as exc:
        items.create_item(session, lst, {"Title": "x", "Value": ""}, actor=editor)
    assert exc.value.errors == {"Value": items.REQUIRED_MESSAGE}
