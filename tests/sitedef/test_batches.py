"""``load_in_batches`` (``listengine load-schema``) commits a definition's seed items a batch at
a time, so other writers interleave, and keeps the loader's promises: nothing is written
for a file that does not validate, a failure in the first batch leaves nothing behind, and a
load that stopped part-way is completed by loading the file again, which then changes
nothing.

Commits are real here, on a database of the test's own (``committed_url``); a second
connection watches what each batch sees as already committed.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from listengine.db import Database
from listengine.errors import NotFound, SchemaError
from listengine.models import Item, Site
from listengine.services import items, lists, sites, users
from listengine.sitedef import batches, load_in_batches

N, BATCH = 25, 10


def definition(n: int = N, **overrides) -> dict:
    """A list "kho" with a Rank and a lookup to an earlier item of its own; ``overrides``
    replaces items by index."""
    seeds = [{"Title": f"Bài {i}", "Rank": i, **({"Prev": f"Bài {i - 5}"} if i > 5 else {})}
             for i in range(1, n + 1)]
    for index, values in overrides.items():
        seeds[int(index.lstrip("i"))] = values
    return {"site": {"slug": "kho", "title": "Kho"},
            "lists": [{"title": "Kho", "url_name": "kho", "columns": [
                {"internal_name": "Rank", "title": "Hạng", "type": "Integer"},
                {"internal_name": "Prev", "title": "Bài trước", "type": "Lookup",
                 "settings": {"target_list": "self"}}], "items": seeds}]}


@pytest.fixture
def database(committed_url):
    db = Database.from_url(committed_url)
    yield db
    db.engine.dispose()


@pytest.fixture
def write(tmp_path):
    def write(doc: dict):
        path = tmp_path / "kho.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        return path
    return write


def committed(database: Database) -> list[tuple[str, int | None, int | None]]:
    """(Title, Rank, Prev) of the list's items in item order, as another connection sees."""
    with database.session() as session:
        system = users.system_actor(session)
        try:
            lst = lists.get_list(session, sites.get_site(session, "kho"), "kho", actor=system)
        except NotFound:
            return []
        rows = sorted(items.page(session, lst, actor=system, page_size=1000).items,
                      key=lambda item: item.item_no)
        return [(v["Title"], v["Rank"], v["Prev"])
                for v in (items.read_values(session, item) for item in rows)]


def expected(n: int = N) -> list[tuple[str, int, int | None]]:
    return [(f"Bài {i}", i, i - 5 if i > 5 else None) for i in range(1, n + 1)]


def test_a_load_commits_in_batches(database, write, monkeypatch):
    seen_before_each_batch = []
    seed = batches.Seeding.seed

    def watched(self, session, actor, limit=None):
        with database.session() as other:  # a plain read: it must not wait for the loader
            seen_before_each_batch.append(other.scalar(select(func.count()).select_from(Item)))
        return seed(self, session, actor, limit)

    monkeypatch.setattr(batches.Seeding, "seed", watched)
    report = load_in_batches(database, write(definition()), batch_size=BATCH)
    assert seen_before_each_batch == [0, 10, 20]  # each batch found the one before committed
    assert committed(database) == expected()  # lookups into earlier batches resolved
    assert report.counts()["item"] == {"created": N, "updated": 0, "unchanged": 0}


def test_a_rerun_completes_a_load_that_failed_half_way(database, write):
    broken = definition(i14={"Title": "Bài 15", "Rank": "mười lăm"})
    with pytest.raises(SchemaError) as caught:
        load_in_batches(database, write(broken), batch_size=BATCH)
    assert caught.value.path == "lists[0].items[14].Rank"
    assert "the items before it are saved: correct it and load the file again" \
        in caught.value.message
    assert committed(database) == expected(10)  # the first batch stays, the second is undone

    report = load_in_batches(database, write(definition()), batch_size=BATCH)
    assert committed(database) == expected()
    assert report.counts()["item"] == {"created": 15, "updated": 0, "unchanged": 10}

    again = load_in_batches(database, write(definition()), batch_size=BATCH)
    assert not again.changed and not again.warnings
    assert committed(database) == expected()


def test_a_failure_in_the_first_batch_leaves_nothing(database, write):
    with pytest.raises(SchemaError) as caught:
        load_in_batches(database, write(definition(i3={"Title": "Bài 4", "Rank": "bốn"})),
                        batch_size=BATCH)
    assert caught.value.path == "lists[0].items[3].Rank"
    assert "saved" not in caught.value.message  # nothing was
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Site)) == 0


def test_an_invalid_file_writes_nothing(database, write):
    doc = definition()
    doc["lists"][0]["items"][20] = {"Title": "Bài 21", "Hang": 21}
    with pytest.raises(SchemaError) as caught:
        load_in_batches(database, write(doc), batch_size=BATCH)
    assert caught.value.path == "lists[0].items[20].Hang"
    assert committed(database) == []


def test_a_list_holding_people_s_own_items_gets_no_seeds(database, write):
    load_in_batches(database, write(definition(0)))
    with database.unit_of_work() as session:
        system = users.system_actor(session)
        lst = lists.get_list(session, sites.get_site(session, "kho"), "kho", actor=system)
        items.create_item(session, lst, {"Title": "Của tôi"}, actor=system)
    report = load_in_batches(database, write(definition()), batch_size=BATCH)
    assert report.warnings == ["lists[0].items: the list has items that are not the file's "
                               "first ones; no items added"]
    assert not report.changed
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Item)) == 1
