"""Database engine and the unit of work.

This is the one place that knows how to connect and who commits. Services only add, change
and flush; :meth:`Database.unit_of_work` commits when the block succeeds and rolls back
when it raises, so a failed call leaves nothing half-written.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and real transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins, so that
        # reads share the transaction and SAVEPOINTs work (SQLAlchemy's pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        # IMMEDIATE takes the write lock up front: a read-then-write transaction can then
        # wait on the busy timeout instead of failing with SQLITE_BUSY on lock upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


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
    def unit_of_work(self) -> Iterator[Session]:
        """A session whose work is committed at the end of the block, or rolled back."""
        with self._sessions() as session:
            if self.dialect == "sqlite" and isinstance(self.bind, Engine):
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
