"""Database engine and the unit of work.

This is the one place that knows how to connect and who commits. Services only add, change
and flush; :meth:`Database.unit_of_work` commits when the block succeeds and rolls back
when it raises, so a failed call leaves nothing half-written.

It is also where a busy database is recognised: a unit of work that could not get the write
lock in time raises :class:`DatabaseBusy`, whichever database and driver said so, so callers
can keep the work for later (a read count) or ask the user to retry (a save) without knowing
SQLite's or PostgreSQL's error codes.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .errors import ListEngineError

#: How long a transaction waits for a lock another one holds, unless it asks for less
#: (SQLite's busy timeout, PostgreSQL's lock_timeout, which is otherwise unbounded).
LOCK_TIMEOUT_MS = 30_000
#: sqlite3's SQLITE_BUSY and SQLITE_LOCKED; PostgreSQL's lock_not_available (lock_timeout).
_SQLITE_LOCK_ERRORS = frozenset({5, 6})
_POSTGRES_LOCK_TIMEOUT = "55P03"


class DatabaseBusy(ListEngineError):
    """Another transaction held the write lock for longer than this one would wait; nothing
    was written. Trying again later is the remedy."""


def is_lock_timeout(error: OperationalError) -> bool:
    """Whether the driver gave up waiting for a lock (SQLite busy, PostgreSQL lock_timeout)."""
    orig = error.orig
    if getattr(orig, "sqlstate", None) == _POSTGRES_LOCK_TIMEOUT:
        return True
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_LOCK_ERRORS  # extended codes keep the primary one
    return "database is locked" in str(orig)


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and real transactions,
    PostgreSQL the same bound on lock waits."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, **kwargs)
        _configure_postgres(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    _configure_sqlite(engine)
    return engine


def _configure_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Outside a transaction, or the pool's rollback on check-in would undo it.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
        dbapi_connection.autocommit = autocommit


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins, so that
        # reads share the transaction and SAVEPOINTs work (SQLAlchemy's pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={LOCK_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        # IMMEDIATE takes the write lock up front: a read-then-write transaction can then
        # wait on the busy timeout instead of failing with SQLITE_BUSY on lock upgrade.
        options = conn.get_execution_options()
        begin = f"BEGIN {options.get('sqlite_begin', 'DEFERRED')}"
        wait_ms = options.get("lock_timeout_ms")
        if wait_ms is None:
            conn.exec_driver_sql(begin)
            return
        # In WAL mode BEGIN IMMEDIATE is the only lock wait of a write transaction, so a
        # shorter busy timeout for just that statement bounds the whole transaction's wait;
        # the connection's own timeout is back before anything else runs on it.
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
        try:
            conn.exec_driver_sql(begin)
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_TIMEOUT_MS}")


class Database:
    """An engine plus its session factory.

    ``bind`` may be an Engine or a Connection: tests pass a Connection inside an outer
    transaction, and every commit then only releases a SAVEPOINT.
    """

    def __init__(self, bind: Engine | Connection):
        self.bind = bind
        self.engine = bind if isinstance(bind, Engine) else bind.engine
        options = {}
        if isinstance(bind, Connection):
            options["join_transaction_mode"] = "create_savepoint"
        self._sessions = sessionmaker(bind=bind, expire_on_commit=False, **options)

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A session for reading; it never commits on its own."""
        return self._sessions()

    @contextmanager
    def unit_of_work(self, *, lock_timeout_ms: int | None = None) -> Iterator[Session]:
        """A session whose work is committed at the end of the block, or rolled back.

        ``lock_timeout_ms`` bounds how long this transaction waits for a lock held by another
        (SQLite: the busy timeout of its ``BEGIN IMMEDIATE``; PostgreSQL: ``SET LOCAL
        lock_timeout``); otherwise both wait up to :data:`LOCK_TIMEOUT_MS`. A wait that runs
        out raises :class:`DatabaseBusy`. A Database bound to a Connection (tests) leaves
        locks to the caller's transaction.
        """
        with self._sessions() as session:
            try:
                self._begin(session, lock_timeout_ms)
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                if is_lock_timeout(exc):
                    raise DatabaseBusy("The database is busy; try again shortly.") from exc
                raise
            except BaseException:
                session.rollback()
                raise

    def _begin(self, session: Session, lock_timeout_ms: int | None) -> None:
        if not isinstance(self.bind, Engine):
            return
        if self.dialect == "sqlite":
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE",
                                                  "lock_timeout_ms": lock_timeout_ms})
        elif lock_timeout_ms is not None:
            session.connection().exec_driver_sql(f"SET LOCAL lock_timeout = {int(lock_timeout_ms)}")
