"""Signing in: the right password, failures throttled per (login, client address) with a
growing wait and then a lock that even the right password can't get through, a limit per
address across logins, inactive and unknown users, and counting that holds under
concurrency. Nobody guessing from one address can lock the real user out of another."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from listengine.db import Database
from listengine.errors import AccessDenied, NotFound, ValidationError
from listengine.models import SignInThrottle, User, utcnow
from listengine.services import access, throttle, users

PASSWORD = "mật khẩu đúng"
ATTACKER, HOME = "203.0.113.9", "198.51.100.4"


class Clock:
    """The throttle's idea of now, moved by the test instead of by sleeping."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(monkeypatch):
    moved = Clock()
    monkeypatch.setattr(throttle, "utcnow", moved)
    return moved


@pytest.fixture
def lan(session, system):
    return users.create_user(session, actor=system, login="lan", display_name="Lan",
                             password=PASSWORD)


def sign_in(session, password=PASSWORD, login="lan", client=HOME):
    return users.authenticate(session, login, password, client=client)


def failures(session, login="lan", client=HOME) -> int:
    """The failures counted against the pair (0 when it has no row)."""
    key = throttle.Attempt.of(login, client).pair
    return session.scalar(select(SignInThrottle.failures)
                          .where(SignInThrottle.key == key)) or 0


def fail(session, clock, times: int, login="lan", client=HOME) -> None:
    """``times`` wrong passwords, each one after sitting out the pair's wait (not a lock)."""
    for _ in range(times):
        assert sign_in(session, "sai rồi", login, client) is None
        wait = throttle.wait_after(failures(session, login, client))
        if wait < throttle.PERIOD:
            clock.advance(wait)


def test_the_right_password_signs_in_and_leaves_no_count(session, clock, lan):
    assert sign_in(session) is lan
    assert failures(session) == 0
    assert lan.password_hash and PASSWORD not in lan.password_hash


def test_a_wrong_password_is_refused_and_counted(session, clock, lan):
    fail(session, clock, 1)
    assert failures(session) == 1
    assert sign_in(session, PASSWORD.upper()) is None
    assert sign_in(session, "") is None
    assert failures(session) == 3


def test_a_success_starts_the_count_again(session, clock, lan):
    fail(session, clock, throttle.PAIR_LIMIT - 1)
    assert sign_in(session) is lan
    assert failures(session) == 0
    fail(session, clock, throttle.PAIR_LIMIT - 1)
    assert sign_in(session) is lan


def test_the_wait_grows_with_each_failure_and_a_waiting_attempt_is_not_checked(session, clock,
                                                                               lan):
    assert [throttle.wait_after(n) for n in range(1, throttle.PAIR_LIMIT + 1)] == [
        timedelta(0), timedelta(0), timedelta(seconds=2), timedelta(seconds=4),
        throttle.PERIOD]
    fail(session, clock, throttle.FREE_FAILURES)  # no wait yet: checked at once
    assert sign_in(session, "sai rồi") is None
    assert failures(session) == 3
    clock.advance(timedelta(seconds=1.9))
    assert sign_in(session) is None  # waiting: refused unchecked, the right password too
    assert failures(session) == 3  # ... and not counted
    clock.advance(timedelta(seconds=0.1))
    assert sign_in(session, "sai rồi") is None
    assert failures(session) == 4
    clock.advance(timedelta(seconds=3.9))
    assert sign_in(session) is None
    clock.advance(timedelta(seconds=0.1))
    assert sign_in(session) is lan


def test_repeated_failures_lock_out_even_the_right_password(session, clock, lan):
    fail(session, clock, throttle.PAIR_LIMIT)
    assert sign_in(session) is None
    clock.advance(throttle.PERIOD - timedelta(seconds=1))
    assert sign_in(session) is None
    clock.advance(timedelta(seconds=1))
    assert sign_in(session) is lan


def test_after_a_lock_expires_a_failure_counts_from_zero(session, clock, lan):
    fail(session, clock, throttle.PAIR_LIMIT)
    clock.advance(throttle.PERIOD)
    fail(session, clock, 1)
    assert failures(session) == 1
    assert sign_in(session) is lan


def test_a_quiet_period_forgets_failures(session, clock, lan):
    fail(session, clock, throttle.PAIR_LIMIT - 1)
    clock.advance(throttle.PERIOD + timedelta(seconds=1))
    fail(session, clock, 1)
    assert failures(session) == 1


def test_an_attacker_can_not_lock_the_user_out_of_another_address(session, clock, lan):
    fail(session, clock, throttle.PAIR_LIMIT + 3, client=ATTACKER)
    assert sign_in(session, client=ATTACKER) is None  # locked there, right password or not
    assert sign_in(session, client=HOME) is lan
    assert sign_in(session, client=ATTACKER) is None  # a success elsewhere frees nothing


def test_one_address_is_locked_after_failing_across_many_logins(session, clock, lan,
                                                                monkeypatch):
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(users, "_DUMMY_HASH", cheap.hash("x"))  # 30 unknown logins, quickly
    for n in range(throttle.ADDRESS_LIMIT):
        fail(session, clock, 1, login=f"doan-{n}", client=ATTACKER)
    assert sign_in(session, client=ATTACKER) is None  # lan's pair never failed from there
    assert failures(session, client=ATTACKER) == 0  # refused before its pair was even claimed
    assert sign_in(session, client=HOME) is lan
    clock.advance(throttle.PERIOD)
    assert sign_in(session, client=ATTACKER) is lan


def test_failures_of_one_login_do_not_lock_another(session, clock, system, lan):
    other = users.create_user(session, actor=system, login="tam", display_name="Tâm",
                              password="mật khẩu của tâm")
    fail(session, clock, throttle.PAIR_LIMIT)
    assert sign_in(session, "mật khẩu của tâm", "tam") is other


def test_unknown_logins_are_throttled_like_known_ones(session, clock, lan):
    """Else the wait would tell which logins exist."""
    for login in ("khong-ai", "lan"):
        fail(session, clock, throttle.FREE_FAILURES, login=login)
        assert sign_in(session, "sai rồi", login) is None  # the failure that brings a wait
    for login in ("khong-ai", "lan"):
        assert sign_in(session, login=login) is None  # both wait
        assert failures(session, login) == throttle.FREE_FAILURES + 1


def test_a_new_password_ends_the_logins_locks(session, clock, lan):
    fail(session, clock, throttle.PAIR_LIMIT, client=ATTACKER)
    fail(session, clock, throttle.PAIR_LIMIT, client=HOME)
    users._set_password(session, lan, "mật khẩu mới")
    assert sign_in(session, "mật khẩu mới", client=HOME) is lan
    assert sign_in(session, "mật khẩu mới", client=ATTACKER) is lan
    assert sign_in(session, PASSWORD) is None
    with pytest.raises(ValidationError) as error:
        users._set_password(session, lan, "ngắn")
    assert list(error.value.errors) == ["password"]


def test_expired_rows_are_purged_as_failures_arrive(session, clock, lan):
    fail(session, clock, 1, login="cu", client=ATTACKER)
    clock.advance(throttle.PERIOD + timedelta(seconds=1))
    fail(session, clock, 1)
    keys = set(session.scalars(select(SignInThrottle.key)))
    assert keys == {throttle.Attempt.of("lan", HOME).pair, throttle.Attempt.of("lan", HOME).address}


def test_what_is_stored_names_no_login_and_no_address(session, clock, lan):
    fail(session, clock, 1, login="mật khẩu gõ nhầm chỗ", client=ATTACKER)
    stored = " ".join(map(str, session.execute(select(
        SignInThrottle.key, SignInThrottle.login_key)).all()))
    assert "mật khẩu" not in stored and ATTACKER not in stored


def test_an_inactive_user_can_not_sign_in(session, clock, lan):
    lan.is_active = False
    session.flush()
    assert sign_in(session) is None
    assert users.get_user_by_id(session, lan.id) is None
    assert access.actor_for(session, lan).is_anonymous


@pytest.mark.parametrize("login", ["nobody", "", "system", "lan\x00", "l" * 1_000_000])
def test_unknown_logins_and_accounts_without_a_password_get_none(session, clock, lan, login):
    users.system_actor(session)  # the System Account exists and has no password
    assert sign_in(session, PASSWORD, login) is None
    assert sign_in(session, "", login) is None
    assert failures(session) == 0


@pytest.mark.parametrize("login, password", [(None, PASSWORD), ("lan", None), ("lan", 42)])
def test_what_is_not_a_login_and_password_gets_none(session, clock, lan, login, password):
    assert users.authenticate(session, login, password, client=HOME) is None
    assert session.scalar(select(func.count()).select_from(SignInThrottle)) == 0


def test_only_an_administrator_creates_users_and_passwords_are_long_enough(session, system,
                                                                            editor):
    with pytest.raises(AccessDenied):
        users.create_user(session, actor=editor, login="x", display_name="X")
    with pytest.raises(AccessDenied):
        users.create_user(session, actor=access.anonymous(), login="x", display_name="X")
    with pytest.raises(ValidationError) as error:
        users.create_user(session, actor=system, login="x", display_name="X", password="ngắn")
    assert list(error.value.errors) == ["password"]


def test_a_login_that_cannot_exist_is_not_found(session, lan):
    for login in ("lan\x00", "l" * 129, None):
        with pytest.raises(NotFound):
            users.get_user(session, login)


def test_concurrent_guesses_each_count_and_no_burst_outruns_the_wait(committed_url):
    """Twelve wrong guesses of one pair at once: each attempt claims the pair before its
    password is checked, so exactly as many are checked as the throttle lets through
    without a wait, and every one of those counts, against the address too."""
    database = Database.from_url(committed_url)
    with database.unit_of_work() as session:
        racer = User(login="racer", display_name="Racer")
        session.add(racer)
        session.flush()
        users._set_password(session, racer, PASSWORD)
    start = Barrier(12)

    def guess() -> None:
        start.wait()
        with database.unit_of_work() as session:
            assert users.authenticate(session, "racer", "sai rồi", client=ATTACKER) is None

    with ThreadPoolExecutor(12) as pool:
        for done in [pool.submit(guess) for _ in range(12)]:
            done.result(timeout=60)
    attempt = throttle.Attempt.of("racer", ATTACKER)
    with database.session() as session:
        counted = dict(session.execute(select(SignInThrottle.key,
                                                    SignInThrottle.failures)).all())
    assert counted == {attempt.pair: throttle.FREE_FAILURES + 1,
                       attempt.address: throttle.FREE_FAILURES + 1}
    database.engine.dispose()
