"""Signing in: the right password, a lockout after repeated failures that even the right
password can't get through until it expires, inactive and unknown users."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import delete, text

from listengine.db import Database
from listengine.errors import AccessDenied, ValidationError
from listengine.models import User, utcnow
from listengine.services import access, users

PASSWORD = "mật khẩu đúng"


@pytest.fixture
def lan(session, system):
    return users.create_user(session, actor=system, login="lan", display_name="Lan",
                             password=PASSWORD)


def fail(session, times: int) -> None:
    for _ in range(times):
        assert users.authenticate(session, "lan", "sai rồi") is None


def test_the_right_password_signs_in(session, lan):
    assert users.authenticate(session, "lan", PASSWORD) is lan
    assert (lan.failed_logins, lan.locked_until) == (0, None)
    assert lan.password_hash and PASSWORD not in lan.password_hash


def test_a_wrong_password_is_refused_and_counted(session, lan):
    fail(session, 1)
    assert lan.failed_logins == 1 and lan.locked_until is None
    assert users.authenticate(session, "lan", PASSWORD.upper()) is None
    assert users.authenticate(session, "lan", "") is None
    assert lan.failed_logins == 3


def test_a_success_starts_the_count_again(session, lan):
    fail(session, users.LOCKOUT_THRESHOLD - 1)
    assert users.authenticate(session, "lan", PASSWORD) is lan
    assert lan.failed_logins == 0
    fail(session, users.LOCKOUT_THRESHOLD - 1)
    assert users.authenticate(session, "lan", PASSWORD) is lan


def test_repeated_failures_lock_out_even_the_right_password(session, lan):
    fail(session, users.LOCKOUT_THRESHOLD)
    session.expire_all()
    assert lan.locked_until is not None
    assert lan.locked_until - utcnow() > users.LOCKOUT_PERIOD - timedelta(minutes=1)
    assert users.authenticate(session, "lan", PASSWORD) is None
    assert users.authenticate(session, "lan", PASSWORD) is None
    session.expire_all()
    assert lan.locked_until > utcnow()


def test_the_lock_expires(session, lan):
    fail(session, users.LOCKOUT_THRESHOLD)
    lan.locked_until = utcnow() - timedelta(seconds=1)
    session.flush()
    session.expire_all()
    assert users.authenticate(session, "lan", PASSWORD) is lan
    assert (lan.failed_logins, lan.locked_until) == (0, None)


def test_after_a_lock_expires_a_failure_counts_from_zero(session, lan):
    fail(session, users.LOCKOUT_THRESHOLD)
    lan.locked_until = utcnow() - timedelta(seconds=1)
    session.flush()
    fail(session, 1)
    assert users.authenticate(session, "lan", PASSWORD) is lan


def test_a_new_password_ends_a_lockout(session, lan):
    fail(session, users.LOCKOUT_THRESHOLD)
    users.set_password(session, lan, "mật khẩu mới")
    assert users.authenticate(session, "lan", "mật khẩu mới") is lan
    assert users.authenticate(session, "lan", PASSWORD) is None
    with pytest.raises(ValidationError) as error:
        users.set_password(session, lan, "ngắn")
    assert list(error.value.errors) == ["password"]


def test_an_inactive_user_can_not_sign_in(session, lan):
    lan.is_active = False
    session.flush()
    assert users.authenticate(session, "lan", PASSWORD) is None
    assert lan.failed_logins == 0
    assert users.get_user_by_id(session, lan.id) is None
    assert access.actor_for(session, lan).is_anonymous


@pytest.mark.parametrize("login", ["nobody", "", "system"])
def test_unknown_logins_and_accounts_without_a_password_get_none(session, lan, login):
    access.system_actor(session)  # the System Account exists and has no password
    assert users.authenticate(session, login, PASSWORD) is None
    assert users.authenticate(session, login, "") is None
    assert lan.failed_logins == 0


@pytest.mark.parametrize("login, password", [(None, PASSWORD), ("lan", None), ("lan", 42)])
def test_what_is_not_a_login_and_password_gets_none(session, lan, login, password):
    assert users.authenticate(session, login, password) is None
    assert lan.failed_logins == 0


def test_failures_of_one_account_do_not_lock_another(session, system, lan):
    other = users.create_user(session, actor=system, login="tam", display_name="Tâm",
                              password="mật khẩu của tâm")
    fail(session, users.LOCKOUT_THRESHOLD)
    assert users.authenticate(session, "tam", "mật khẩu của tâm") is other


def test_only_an_administrator_creates_users_and_passwords_are_long_enough(session, system,
                                                                            editor):
    with pytest.raises(AccessDenied):
        users.create_user(session, actor=editor, login="x", display_name="X")
    with pytest.raises(AccessDenied):
        users.create_user(session, actor=access.anonymous(), login="x", display_name="X")
    with pytest.raises(ValidationError) as error:
        users.create_user(session, actor=system, login="x", display_name="X", password="ngắn")
    assert list(error.value.errors) == ["password"]


def wait_for_a_lock_waiter(engine, timeout: float = 10.0) -> None:
    """Until another connection to this database waits on a row lock (or ``timeout``)."""
    deadline = time.monotonic() + timeout
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            if conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                 "current_database() AND wait_event_type = 'Lock'")).scalar():
                return
            conn.rollback()
            time.sleep(0.05)


def test_concurrent_failures_all_count(engine):
    """Parallel wrong guesses must each count, or guessing in parallel outruns the lockout.

    Commits for real (two connections race), so the user is removed again afterwards.
    """
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time (BEGIN IMMEDIATE): nothing races")
    database = Database(engine)
    with database.unit_of_work() as session:
        racer = User(login="racer", display_name="Racer")
        session.add(racer)
        session.flush()
        users.set_password(session, racer, PASSWORD)

    def guess() -> None:
        with database.unit_of_work() as session:
            users.authenticate(session, "racer", "sai rồi")

    first = database.session()
    try:
        assert users.authenticate(first, "racer", "sai rồi") is None  # flushed, not committed
        with ThreadPoolExecutor(1) as pool:
            second = pool.submit(guess)
            try:
                wait_for_a_lock_waiter(engine)  # the second guess read the count and now waits
            finally:
                first.commit()
            second.result(timeout=30)
        with database.session() as session:
            assert session.get(User, racer.id).failed_logins == 2
    finally:
        first.close()
        with database.unit_of_work() as session:
            session.execute(delete(User).where(User.login == "racer"))
