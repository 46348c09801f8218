"""User and UserMulti: ids checked against user accounts in one query, refs and SQL."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, Ref, registry
from listengine.models import Item, User

USER = registry.get("User")
MULTI = registry.get("UserMulti")


@pytest.fixture
def people(world):
    rows = [User(login=f"u{n}", display_name=f"Người {n}") for n in range(3)]
    world.session.add_all(rows)
    world.session.flush()
    return [world.user.id] + [row.id for row in rows]


def test_parse_good_input_with_one_query(world, people, request):
    single = world.column("User", name="Owner")
    multi = world.column("UserMulti", name="Readers")
    ctx = world.ctx()
    statements = request.getfixturevalue("queries")
    assert USER.parse(single, str(people[1]), ctx) == people[1]
    assert MULTI.parse(multi, [people[2], str(people[0]), people[2]], ctx) == [people[2], people[0]]
    assert len(statements) == 2
    assert USER.parse(single, "", ctx) is None
    assert MULTI.parse(multi, [], ctx) is None


@pytest.mark.parametrize("raw, message", [
    (999_999, "No user with id 999999."), ("bob", "'bob' is not an id number."),
    (False, "Enter an id number."), ({"id": 1}, "Enter an id number."),
    ([1, 2], "Choose only one."),
])
def test_user_refuses(world, raw, message):
    with pytest.raises(FieldError) as error:
        world.parse(world.column("User"), raw)
    assert message in error.value.message


def test_multi_refuses_unknown_member(world, people):
    with pytest.raises(FieldError, match="No user with id 999999."):
        world.parse(world.column("UserMulti"), [people[0], 999_999])


def test_storage_sql_refs_display_and_diff(world, people):
    single = world.column("User", name="Owner")
    multi = world.column("UserMulti", name="Readers")
    first = world.item({single: people[2], multi: [people[1], people[3]]})
    world.item({single: people[1], multi: [people[3]]})
    world.item({})
    assert first.values == {single.storage_key: people[2],
                            multi.storage_key: [people[1], people[3]]}
    assert world.read_back(first, multi) == [people[1], people[3]]
    expr = USER.sql(single, Item.values)
    assert world.item_nos(expr == USER.sql_value(single, people[1])) == [2]
    assert world.item_nos(expr.is_not(None), order_by=expr.desc()) == [1, 2]
    assert world.item_nos(MULTI.sql_includes(multi, Item.values, people[3])) == [1, 2]
    assert world.item_nos(MULTI.sql_includes(multi, Item.values, people[1])) == [1]
    assert list(MULTI.refs(multi, [people[1], people[3]])) == [Ref("user", people[1]),
                                                                Ref("user", people[3])]
    world.display.resolved[Ref("user", people[1])] = "Người 0"
    assert USER.display(single, people[1], world.display) == "Người 0"
    assert MULTI.display(multi, [people[1], people[3]], world.display) == "Người 0"
    assert USER.target_list_id(single) is None  # people, not items: no item links
    change = USER.diff(single, people[1], None, world.display)
    assert (change.old, change.new) == ("Người 0", "")


@pytest.mark.parametrize("raw", ["99999999999999999999", 2**31, 2**63, "²", "１", [2**64]])
def test_user_ids_are_positive_ascii_numbers_an_id_column_holds(world, raw):
    """Issue 7: a 20-digit id failed in SQL instead of being refused."""
    for name in ("User", "UserMulti"):
        with pytest.raises(FieldError, match="id number"):
            world.parse(world.column(name, name=name), raw)
