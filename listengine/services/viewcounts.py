"""Counting views: now, or - while the database is busy - a little later, but never lost.

Showing an item bumps its view counters (:mod:`.counters`), which is a write, and a
write waits for the write lock: on SQLite the whole database's, held for as long as a bulk
load's transaction lasts. A page must not wait for that, so a view is recorded in a unit of
work of its own that waits at most :data:`PAGE_LOCK_TIMEOUT_MS`. When that runs out
(:class:`~listengine.db.DatabaseBusy`) the view goes into this process's pending buffer
instead, and the page shows the stored count plus what is pending for the item.

Pending views are applied by a background thread, started by the first view that could not
be counted, which retries every :data:`FLUSH_INTERVAL_S` (waiting up to
:data:`FLUSH_LOCK_TIMEOUT_MS` each time, since nobody waits for it) until the buffer is empty,
and at interpreter exit. While that thread runs, pages do not try at all - each would only
wait out its timeout in turn - they add to the buffer; once it is done, the next view bumps
directly again, taking along anything left. Views leave the buffer only with the transaction
that applies them: one that fails puts them back. Only a hard kill of the process loses the
buffer itself.

Reads need none of this: SQLite in WAL mode and PostgreSQL never make a reader wait.
"""
from __future__ import annotations

import atexit
import os
import threading
import time
import weakref
from collections import Counter

from sqlalchemy.orm import Session

from ..db import Database, DatabaseBusy
from ..models import Item
from .content_types import EffectiveColumn
from .counters import _add_to_counters, _view_counters
from .items import values_of

#: How long a page's own bump waits for the write lock.
PAGE_LOCK_TIMEOUT_MS = 50
#: How long the background flush waits for it, and how long it sleeps between tries.
FLUSH_LOCK_TIMEOUT_MS = 2_000
FLUSH_INTERVAL_S = 0.5
#: The last flush, at interpreter exit, waits up to this long: within the 30 s a gunicorn
#: worker is given to stop before it is killed.
EXIT_LOCK_TIMEOUT_MS = 20_000

#: Views not in ``item_counter`` yet: (item id, counter field id) -> how many.
Views = Counter[tuple[int, int]]


class ViewCounts:
    """One process's view counts for one database: applied now or kept for later."""

    def __init__(self, db: Database):
        self.db = db
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._pending: Views = Counter()
        #: Taken by a transaction that has not committed yet (it may be waiting for the lock).
        self._in_flight: Views = Counter()
        self._flusher: threading.Thread | None = None

    def record(self, item: Item, columns: list[EffectiveColumn]) -> dict[str, int]:
        """Count one view of ``item``; the counts to show, by internal name."""
        counted = _view_counters(columns)
        if not counted:
            return {}
        view: Views = Counter((item.id, fid) for fid in counted)
        with self._lock:
            behind = self._flusher is not None
            if behind:
                self._pending.update(view)
        if not behind:
            try:
                applied = self._apply(PAGE_LOCK_TIMEOUT_MS, view)
            except DatabaseBusy:
                self._start_flusher()
            else:
                return {name: applied[item.id, fid] for fid, name in counted.items()
                        if (item.id, fid) in applied}  # not a column deleted meanwhile
        return self._stored_plus_pending(item, columns, counted)

    def pending(self) -> Views:
        """The views not applied yet (kept, or being applied right now)."""
        with self._lock:
            return self._pending + self._in_flight

    def flush(self, lock_timeout_ms: int | None = FLUSH_LOCK_TIMEOUT_MS) -> bool:
        """Apply every pending view; False when the database stayed busy (they stay kept)."""
        try:
            self._apply(lock_timeout_ms, Counter())
        except DatabaseBusy:
            return False
        return True

    def _apply(self, lock_timeout_ms: int | None, view: Views) -> dict[tuple[int, int], int]:
        """Add ``view`` and everything pending in one transaction; the new counter values.

        Whatever stops the transaction puts all of it into the buffer, so nothing is lost."""
        with self._lock:
            taken, self._pending = self._pending + view, Counter()
            self._in_flight.update(taken)
        if not taken:
            return {}
        try:
            with self.db.unit_of_work(lock_timeout_ms=lock_timeout_ms) as session:
                applied = _add(session, taken)
        except BaseException:
            with self._lock:
                self._in_flight -= taken
                self._pending.update(taken)
            raise
        with self._lock:
            self._in_flight -= taken
        return applied

    def _stored_plus_pending(self, item: Item, columns: list[EffectiveColumn],
                             counted: dict[int, str]) -> dict[str, int]:
        with self.db.session() as session:
            stored = values_of(session, [item], [c for c in columns if c.field.id in counted])[0]
        pending = self.pending()
        return {name: stored[name] + pending[item.id, fid] for fid, name in counted.items()}

    def _start_flusher(self) -> None:
        with self._lock:
            if self._flusher is None:
                self._flusher = threading.Thread(target=self._flush_until_done, daemon=True,
                                                 name="listengine-viewcounts")
                self._flusher.start()

    def _flush_until_done(self) -> None:
        """Retry until the buffer is empty; then pages bump directly again (also if this
        thread dies of an error other than a busy database, which pages then meet)."""
        try:
            while True:
                time.sleep(FLUSH_INTERVAL_S)
                if self.flush():
                    with self._lock:
                        if not self._pending:
                            return
        finally:
            with self._lock:
                self._flusher = None


def _add(session: Session, views: Views) -> dict[tuple[int, int], int]:
    """Apply ``views``: one UPDATE per item and distinct increment (usually one per item)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for (item_id, field_id), n in views.items():
        groups.setdefault((item_id, n), []).append(field_id)
    values = {}
    for (item_id, n), field_ids in groups.items():
        for field_id, value in _add_to_counters(session, item_id, field_ids, n).items():
            values[item_id, field_id] = value
    return values


_COUNTS: weakref.WeakKeyDictionary[Database, ViewCounts] = weakref.WeakKeyDictionary()
_COUNTS_LOCK = threading.Lock()


def counts_for(db: Database) -> ViewCounts:
    """This process's view counts for ``db`` (one per Database object)."""
    with _COUNTS_LOCK:
        counts = _COUNTS.get(db)
        if counts is None:
            counts = _COUNTS[db] = ViewCounts(db)
        return counts


def record_view(db: Database, item: Item, columns: list[EffectiveColumn]) -> dict[str, int]:
    """Someone read ``item`` (the caller has checked they may): count it without making them
    wait. ``columns`` are the item's effective columns; returns the counts to show."""
    return counts_for(db).record(item, columns)


def flush_all(lock_timeout_ms: int | None = FLUSH_LOCK_TIMEOUT_MS) -> bool:
    """Apply the pending views of every database; False if one of them stayed busy."""
    with _COUNTS_LOCK:
        every = list(_COUNTS.values())
    return all([counts.flush(lock_timeout_ms) for counts in every])


def _after_fork_in_child() -> None:
    """A forked child starts with empty buffers (its parent still applies its own) and
    without the parent's flush threads, which do not survive a fork."""
    global _COUNTS_LOCK
    _COUNTS_LOCK = threading.Lock()
    for counts in list(_COUNTS.values()):
        counts._reset()


atexit.register(flush_all, EXIT_LOCK_TIMEOUT_MS)
os.register_at_fork(after_in_child=_after_fork_in_child)
