"""The database as the web layer sees it: a read session per request, and units of work.

Pages read through :func:`get_session`, created on first use and closed when the request
ends. A write runs in :func:`unit_of_work`, which first ends the request's read session: on
SQLite a lingering read transaction next to a writing one only invites lock waits, and when
tests bind the app to one connection the two sessions would nest SAVEPOINTs so that closing
the reader would undo the writer. Objects read before the write stay usable (detached,
loaded), and reads after it get a fresh session.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from listengine.db import Database
from listengine.storage import BlobStore, LocalBlobStore

_DATABASE = "listengine.database"
_BLOBS = "listengine.blobs"


def init_app(app: Flask) -> None:
    database = app.config.get("LISTENGINE_DATABASE") or Database.from_url(
        app.config["LISTENGINE_DATABASE_URL"])
    app.extensions[_DATABASE] = database
    app.extensions[_BLOBS] = LocalBlobStore(app.config["LISTENGINE_FILES_DIR"])
    app.teardown_appcontext(close_session)


def database() -> Database:
    return current_app.extensions[_DATABASE]


def blob_store() -> BlobStore:
    """Where uploaded bytes are kept (``LISTENGINE_FILES_DIR``)."""
    return current_app.extensions[_BLOBS]


def get_session() -> Session:
    """The request's read session."""
    if "db_session" not in g:
        g.db_session = database().session()
    return g.db_session


def close_session(exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """A session committed when the block succeeds and rolled back when it raises."""
    close_session()
    with database().unit_of_work() as session:
        yield session
