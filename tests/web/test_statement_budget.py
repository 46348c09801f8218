"""The SQL statements of the list page and the item display page, pinned.

Both pages are measured on a list of 1 item and on one of 30 whose items look up other
items (Lookup, LookupMulti) and people (User, UserMulti), each item pointing at its own
target and owner and at all of them together. The statements must be exactly the ones
listed, for both sizes: a change that adds a query per row, per lookup value or per person
(an N+1) makes the 30-item list differ, and any new statement shows up in the diff by kind.
A change that needs a statement more (or saves one) updates the list and its comment.

The request's transaction is a SAVEPOINT here (the test harness turns the engine's
transactions into savepoints of the test's own); in production those three lines are the
driver's BEGIN, ROLLBACK and COMMIT.
"""
from __future__ import annotations

import contextlib
import re
from typing import Iterator

import pytest
from sqlalchemy import event

from listengine.services import columns, items, lists, users

LIST_PAGE = "/sites/test/lists/tin/"
ITEM_PAGE = "/sites/test/lists/tin/items/1"

#: The list page (16 statements).
LIST_PAGE_STATEMENTS = [
    "SAVEPOINT",             # the request's transaction
    "SELECT site",           # the site, by slug
    "SELECT user_account",   # the signed-in user (session stamp checked)
    "SELECT group_member",   # their groups: the actor
    "SELECT list",           # the list, with its site joined
    "SELECT role_definition",  # the actor's rights on the list's scope (memoised per scope)
    "SELECT field",          # the view columns (lists.view_columns)
    "SELECT item",           # items on the list, for the page count ...
    "SELECT item",           # ... less those the actor may not see
    "SELECT item",           # the page of items, with content type, author, editor joined
    "SELECT user_account",   # every person named in User/UserMulti cells of the page
    "SELECT list",           # the lists that lookups of the page point at ...
    "SELECT field",          # ... their columns shown as the lookup text ...
    "SELECT item",           # ... and every looked-up item of the page, trimmed
    "SELECT content_type",   # the list's content types (the "new item" buttons)
    "ROLLBACK TO SAVEPOINT",  # the request's session closes
]

#: The item display page (15 statements).
ITEM_PAGE_STATEMENTS = [
    "SAVEPOINT",             # the request's transaction
    "SELECT user_account",   # the signed-in user (session stamp checked)
    "SELECT group_member",   # their groups: the actor
    "SELECT item",           # the item, with list, site, content type, author, editor joined
    "SELECT role_definition",  # the actor's rights on the item's scope (memoised per scope)
    "SELECT field_link",     # the content type's columns (effective_columns)
    "SELECT item_counter",   # the item's Counter values
    "SELECT user_account",   # every person named in its User/UserMulti values
    "SELECT list",           # the lists its lookups point at ...
    "SELECT field",          # ... their columns shown as the lookup text ...
    "SELECT item",           # ... and every looked-up item, trimmed
    "ROLLBACK TO SAVEPOINT",  # the request's session closes before the view is counted
    "SAVEPOINT",             # the view count's own short transaction ...
    "UPDATE item_counter",   # ... one atomic UPDATE ... RETURNING ...
    "RELEASE SAVEPOINT",     # ... committed
]

_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
_TABLE = re.compile(r"\b(?:FROM|UPDATE|INTO)\s+(\w+)")


def kind(statement: str) -> str:
    """What a statement is, for the lists above: its verb and first table, or the kind of
    transaction control (savepoint names vary)."""
    text = " ".join(statement.split())
    for control in sorted(_TRANSACTION_CONTROL, key=len, reverse=True):
        if text.startswith(control + " "):
            return control
    return f"{text.split()[0]} {_TABLE.search(text)[1]}"


@contextlib.contextmanager
def recorded(engine) -> Iterator[list[str]]:
    """The kinds of the statements run on ``engine`` while the block runs."""
    kinds: list[str] = []

    def record(conn, cursor, statement, *rest):
        kinds.append(kind(statement))
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield kinds
    finally:
        event.remove(engine, "before_cursor_execute", record)


def news_list(session, site, editor, system, size: int) -> None:
    """A "Tin" list of ``size`` items whose view shows a Lookup, a LookupMulti, a User and a
    UserMulti column; item n looks up target n and all targets, and names person n and all
    people. Its Counter counts views, so the display page writes too."""
    targets = lists.create_list(session, site, title="Chuyên mục", url_name="chuyen-muc",
                                actor=editor)
    topics = [items.create_item(session, targets, {"Title": f"Chuyên mục {n}"}, actor=editor)
              for n in range(size)]
    people = [users.create_user(session, actor=system, login=f"nguoi{n}",
                                display_name=f"Người {n}") for n in range(size)]
    lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=editor)
    for spec in (dict(internal_name="Category", title="Chuyên mục", type_key="Lookup",
                      settings={"target_list": targets.id}),
                 dict(internal_name="Related", title="Liên quan", type_key="LookupMulti",
                      settings={"target_list": targets.id}),
                 dict(internal_name="Owner", title="Phụ trách", type_key="User"),
                 dict(internal_name="Readers", title="Người đọc", type_key="UserMulti"),
                 dict(internal_name="ReadCount", title="Lượt đọc", type_key="Counter",
                      settings={"count_views": True})):
        columns.create_list_column(session, lst, **spec, actor=editor)
    lists.update_list(session, lst, view_fields=["Title", "Category", "Related", "Owner",
                                                  "Readers"], actor=editor)
    for n in range(size):
        items.create_item(session, lst, {
            "Title": f"Tin {n}", "Category": topics[n].item_no,
            "Related": [topic.item_no for topic in topics], "Owner": people[n].id,
            "Readers": [person.id for person in people]}, actor=editor)


@pytest.mark.parametrize("size", [1, 30])
@pytest.mark.parametrize("url, expected", [(LIST_PAGE, LIST_PAGE_STATEMENTS),
                                           (ITEM_PAGE, ITEM_PAGE_STATEMENTS)],
                         ids=["list page", "item page"])
def test_page_statements_do_not_grow_with_the_items(engine, client, session, site, editor,
                                                    system, size, url, expected):
    news_list(session, site, editor, system, size)
    assert client.get(url).status_code == 200  # measured warm: a per-process cache counts
    with recorded(engine) as statements:
        response = client.get(url)
    assert response.status_code == 200
    assert f"Người {size - 1}" in response.text and f"Chuyên mục {size - 1}" in response.text
    assert statements == expected


def test_kind_names_the_verb_and_table():
    assert kind("SELECT a.id FROM item_link AS a JOIN item ON 1") == "SELECT item_link"
    assert kind("UPDATE item_counter SET value=1") == "UPDATE item_counter"
    assert kind("SAVEPOINT sa_savepoint_7") == "SAVEPOINT"
    assert kind("RELEASE SAVEPOINT sa_savepoint_7") == "RELEASE SAVEPOINT"
