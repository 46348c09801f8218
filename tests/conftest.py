"""Shared fixtures: every engine test runs on SQLite and, when
``LISTENGINE_TEST_POSTGRES_URL`` is set, on PostgreSQL too.

Each test runs inside an outer transaction that is rolled back afterwards; the engine's own
commits only release SAVEPOINTs (``join_transaction_mode="create_savepoint"``), so tests are
isolated and fast while exercising real transactions.
"""
from __future__ import annotations

import os
import uuid
from urllib.parse import quote

# argon2's cheapest costs, set before the engine is imported (and inherited by the CLI and
# server processes some tests start): hashing a password takes microseconds instead of tens
# of milliseconds. Production keeps the library's defaults (tests/test_password_costs.py).
os.environ.update(LISTENGINE_ARGON2_TIME_COST="1", LISTENGINE_ARGON2_MEMORY_COST="8",
                  LISTENGINE_ARGON2_PARALLELISM="1")

import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402

from listengine.db import Database, make_engine  # noqa: E402
from listengine.migrate import upgrade  # noqa: E402
from listengine.storage import LocalBlobStore  # noqa: E402

POSTGRES_URL = os.environ.get("LISTENGINE_TEST_POSTGRES_URL", "")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request, tmp_path_factory):
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}")
    else:
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL half skipped: set LISTENGINE_TEST_POSTGRES_URL "
                        "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/listengine_test)")
        eng = make_engine(POSTGRES_URL)
        with eng.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine):
    """A :class:`Database` bound to one connection whose outer transaction is rolled back."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield Database(conn)
        if outer.is_active:
            outer.rollback()


@pytest.fixture
def committed_url(engine, tmp_path):
    """The URL of an empty, migrated database of the test's own whose commits are real: for
    tests that need several connections at once (threads, a second process, two apps).

    SQLite: a new file. PostgreSQL: a new schema in the test database (``search_path`` set
    through the URL), dropped afterwards.
    """
    if engine.dialect.name == "sqlite":
        url = f"sqlite:///{tmp_path / 'committed.db'}"
        upgrade(make_engine(url))
        yield url
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    own = make_engine(url)
    upgrade(own)
    own.dispose()
    yield url
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def session(db):
    with db.session() as s:
        yield s


@pytest.fixture
def blobs(tmp_path):
    return LocalBlobStore(tmp_path / "blobs")


@pytest.fixture
def system(session):
    """The System Account, a site collection administrator."""
    from listengine.services import users
    return users.system_actor(session)


@pytest.fixture
def user(session, system):
    from listengine.services import users
    return users.create_user(session, actor=system, login="editor",
                             display_name="Trần Văn Biên Tập")


@pytest.fixture
def site(session, system):
    from listengine.services import sites
    return sites.create_site(session, actor=system, slug="test", title="Trang thử nghiệm")


@pytest.fixture
def member(session, site, system):
    """``member(user, "Visitors")``: the user, added to one of the site's default groups,
    as an actor."""
    from listengine.services import access, groups

    def join(person, suffix: str = "Members"):
        groups.add_member(session, groups.default_group(session, site, suffix), person,
                          actor=system)
        return access.actor_for(session, person)
    return join


@pytest.fixture
def editor(member, user):
    """``user`` acting as a member of the site's Members group (the Edit level)."""
    return member(user)
