"""Counting views never waits on a writer, and never loses a view: while another transaction
holds the write lock, a view is kept in the process's buffer and applied once the lock is
free - by the background flush, the next view, or at interpreter exit.

These need real commits and several connections, so they run on a committed database of
their own (``committed_url``); the lock is held by a second connection (SQLite: ``BEGIN
IMMEDIATE``; PostgreSQL: ``LOCK TABLE ... IN EXCLUSIVE MODE``, which still lets readers in).
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from contextlib import contextmanager
from typing import Iterator

import pytest

from listengine.db import Database, DatabaseBusy, make_engine
from listengine.services import (
    columns,
    content_types,
    counters,
    items,
    lists,
    sites,
    users,
    viewcounts,
)

#: Far below the 30 s lock timeout a bump used to wait; generous for a noisy machine.
QUICK_S = 5


@contextmanager
def write_lock_held(url: str) -> Iterator[None]:
    """Another connection holds the write lock on items and counters until the block ends."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin() as transaction:
                if engine.dialect.name == "postgresql":
                    conn.exec_driver_sql("LOCK TABLE item, item_counter IN EXCLUSIVE MODE")
                yield
                transaction.rollback()
    finally:
        engine.dispose()


def wait_until(check, limit_s: float = 15) -> bool:
    """Poll ``check`` until it holds (the background flush runs every half second)."""
    deadline = time.monotonic() + limit_s
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def world(committed_url):
    """A committed list with a view-counting counter and one item (7 views so far)."""
    database = Database.from_url(committed_url)
    with database.unit_of_work() as session:
        system = users.system_actor(session)
        site = sites.create_site(session, actor=system, slug="tin", title="Tin")
        lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=system)
        columns.create_list_column(session, lst, internal_name="Views", title="Lượt xem",
                                   type_key="Counter", settings={"count_views": True},
                                   actor=system)
        item = items.create_item(session, lst, {"Title": "Một"}, actor=system)
        counters.bump_counter(session, item, "Views", by=7, actor=system)
    yield database, committed_url
    database.engine.dispose()


def _item(database: Database):
    with database.session() as session:
        system = users.system_actor(session)
        lst = lists.get_list(session, sites.get_site(session, "tin"), "tin", actor=system)
        item = items.get_item(session, lst, 1, actor=system)
        return item, content_types.effective_columns(session, item.content_type)


def stored_views(database: Database) -> int:
    with database.session() as session:
        system = users.system_actor(session)
        lst = lists.get_list(session, sites.get_site(session, "tin"), "tin", actor=system)
        return items.read_values(session, items.get_item(session, lst, 1, actor=system))["Views"]


def test_a_view_while_locked_is_shown_kept_and_applied_after(world):
    database, url = world
    item, cols = _item(database)
    counts = viewcounts.counts_for(database)
    with write_lock_held(url):
        started = time.monotonic()
        shown = [viewcounts.record_view(database, item, cols) for _ in range(3)]
        assert time.monotonic() - started < QUICK_S
        assert shown == [{"Views": 8}, {"Views": 9}, {"Views": 10}]  # stored + pending
        assert sum(counts.pending().values()) == 3
        assert stored_views(database) == 7  # readers are not blocked
    assert wait_until(lambda: stored_views(database) == 10)
    assert not counts.pending()
    assert viewcounts.record_view(database, item, cols) == {"Views": 11}
    assert stored_views(database) == 11


def test_views_from_many_threads_while_locked_are_all_counted(world):
    database, url = world
    item, cols = _item(database)
    errors: list[BaseException] = []

    def read_it() -> None:
        try:
            for _ in range(10):
                viewcounts.record_view(database, item, cols)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    with write_lock_held(url):
        threads = [threading.Thread(target=read_it) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert stored_views(database) == 7
    assert not errors
    assert wait_until(lambda: stored_views(database) == 7 + 80)
    assert viewcounts.flush_all()
    assert stored_views(database) == 87


def test_an_explicit_flush_applies_the_buffer_or_keeps_it(world):
    database, url = world
    item, cols = _item(database)
    counts = viewcounts.counts_for(database)
    with write_lock_held(url):
        viewcounts.record_view(database, item, cols)
        assert counts.flush(lock_timeout_ms=50) is False
        assert sum(counts.pending().values()) == 1
    assert counts.flush() is True
    assert not counts.pending() and stored_views(database) == 8


def test_views_being_applied_still_show_while_their_transaction_waits(world):
    database, url = world
    item, cols = _item(database)
    counts = viewcounts.counts_for(database)
    with write_lock_held(url):
        assert viewcounts.record_view(database, item, cols) == {"Views": 8}
        waiting = threading.Thread(target=counts.flush, kwargs={"lock_timeout_ms": 3_000})
        waiting.start()
        time.sleep(0.5)  # the flush has taken the buffer and waits for the lock
        assert viewcounts.record_view(database, item, cols) == {"Views": 9}
    waiting.join()
    assert wait_until(lambda: stored_views(database) == 9)


def test_a_short_lock_timeout_gives_up_quickly_and_leaves_the_connection_as_it_was(world):
    database, url = world
    item, cols = _item(database)
    with write_lock_held(url):
        started = time.monotonic()
        with pytest.raises(DatabaseBusy):
            with database.unit_of_work(lock_timeout_ms=50) as session:
                counters._add_to_counters(session, item.id, list(counters._view_counters(cols)), 1)
        assert time.monotonic() - started < QUICK_S
    with database.engine.connect() as conn:  # the pooled connection waits as long as ever
        if database.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        else:
            assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "30s"
    assert stored_views(database) == 7


def test_views_still_kept_at_exit_are_applied_then(world):
    """A process that exits while the database is locked applies its buffer on the way out
    (atexit waits for the lock), so its views are not lost."""
    database, url = world
    child = textwrap.dedent(f"""
        import sys
        from listengine.db import Database
        from listengine.services import content_types, items, lists, sites, users, viewcounts
        db = Database.from_url({url!r})
        with db.session() as session:
            system = users.system_actor(session)
            lst = lists.get_list(session, sites.get_site(session, "tin"), "tin", actor=system)
            item = items.get_item(session, lst, 1, actor=system)
            cols = content_types.effective_columns(session, item.content_type)
        print([viewcounts.record_view(db, item, cols) for _ in range(3)], flush=True)
        sys.stdin.readline()  # the parent releases its lock after this line
    """)
    with write_lock_held(url):
        process = subprocess.Popen([sys.executable, "-c", child], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        try:
            assert process.stdout.readline().strip() == str([{"Views": n} for n in (8, 9, 10)])
            process.stdin.write("\n")
            process.stdin.flush()
            time.sleep(0.5)  # the child is exiting now, waiting in its last flush
        except BaseException:
            process.kill()
            raise
    assert process.wait(timeout=60) == 0
    assert stored_views(database) == 10


def test_views_of_an_item_deleted_meanwhile_are_dropped(session, site, editor):
    """``_add_to_counters`` gives a gone item nothing (a buffer may outlive its item)."""
    lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=editor)
    views = columns.create_list_column(session, lst, internal_name="Views", title="Lượt xem",
                                       type_key="Counter", settings={"count_views": True},
                                       actor=editor)
    item = items.create_item(session, lst, {"Title": "Một"}, actor=editor)
    item_id = item.id
    assert counters._add_to_counters(session, item_id, [views.id], 2) == {views.id: 2}
    items.delete_item(session, item, actor=editor)
    assert counters._add_to_counters(session, item_id, [views.id], 2) == {}
