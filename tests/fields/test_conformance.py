"""Every registered type honours the FieldType contract on a sample value.

A type registered without an entry in :data:`SAMPLES` fails here, so a new type cannot skip
the round trip: parse -> to_json -> (database) -> from_json -> export -> parse.
"""
from __future__ import annotations

import json

import pytest

from listengine.fields import Change, FieldError, Ref, Upload, registry
from listengine.models import Item, User


def _category(world):
    lst = world.make_list("Phân loại")
    world.item({}, lst=lst)
    world.item({}, lst=lst)
    return lst.id


def _person(world):
    other = User(login="conformance", display_name="Người Khác")
    world.session.add(other)
    world.session.flush()
    return other.id


#: type key -> (settings(world), raw input(world)).
SAMPLES = {
    "Text": (lambda w: {}, lambda w: "Sở Ngoại vụ"),
    "Note": (lambda w: {"rich_text": True}, lambda w: "<p>Ngày <b>14/10</b></p>"),
    "Number": (lambda w: {"decimals": 2}, lambda w: "12.5"),
    "Integer": (lambda w: {"min": 0}, lambda w: "9"),
    "Currency": (lambda w: {}, lambda w: "1500000"),
    "DateTime": (lambda w: {}, lambda w: "26/10/2021 14:00"),
    "Boolean": (lambda w: {}, lambda w: "yes"),
    "Choice": (lambda w: {"choices": ["Nháp", "Đã duyệt"]}, lambda w: "đã duyệt"),
    "MultiChoice": (lambda w: {"choices": ["A", "B"]}, lambda w: ["B", "A", "B"]),
    "Lookup": (lambda w: {"target_list": _category(w)}, lambda w: "2"),
    "LookupMulti": (lambda w: {"target_list": _category(w)}, lambda w: [2, "1"]),
    "User": (lambda w: {}, lambda w: _person(w)),
    "UserMulti": (lambda w: {}, lambda w: [str(_person(w)), w.user.id]),
    "URL": (lambda w: {}, lambda w: {"url": "https://a.vn/", "description": "Trang"}),
    "Image": (lambda w: {}, lambda w: {"upload": Upload("a.png", "image/png", b"PNG"),
                                          "alt": "Ảnh"}),
    "File": (lambda w: {}, lambda w: Upload("tin.mp3", "audio/mpeg", b"ID3")),
    #: Read-only types: the raw entry is a value, which parse must refuse.
    "Counter": (lambda w: {}, lambda w: 9),
}


def test_every_registered_type_has_a_sample():
    assert sorted(SAMPLES) == sorted(registry.keys())


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_round_trip(world, key):
    kind = registry.get(key)
    make_settings, make_raw = SAMPLES[key]
    field = world.column(key, make_settings(world))
    raw = make_raw(world)
    if kind.read_only:
        with pytest.raises(FieldError):
            world.parse(field, raw)
        value = raw
    else:
        value = world.parse(field, raw)
        assert value is not None and not kind.is_empty(value)
        assert world.parse(field, None) is None
        stored_item = world.item({field: kind.export(field, value)})
        assert world.read_back(stored_item, field) == value
    stored = kind.to_json(field, value)
    assert json.loads(json.dumps(stored)) == stored
    assert kind.from_json(field, stored) == value
    if not kind.read_only:
        again = world.parse(field, kind.export(field, kind.from_json(field, stored)))
        assert kind.to_json(field, again) == stored
    assert isinstance(kind.display(field, value, world.display), str)
    assert kind.display(field, None, world.display) == ""
    assert kind.diff(field, value, value, world.display) is None
    assert isinstance(kind.diff(field, None, value, world.display), Change)
    assert isinstance(kind.unique_key(field, value), str)
    assert all(isinstance(ref, Ref) for ref in kind.refs(field, value))
    document = {}
    kind.write_value(field, document, value)
    assert document in ({}, {field.storage_key: stored})
    assert kind.sql(field, Item.values) is not None
