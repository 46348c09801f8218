"""Throttling failed sign-ins, so that guessing is slow and nobody can lock out someone else.

Two counters apply to every attempt (:class:`~listengine.models.SignInThrottle` rows):

* **the (login, client address) pair.** After :data:`FREE_FAILURES` failures the pair waits
  :data:`FIRST_DELAY`, then twice as long after each further failure, before its next attempt
  is even checked; after :data:`PAIR_LIMIT` failures it is locked for :data:`PERIOD`, the
  right password included. The lock holds only for that address, so an attacker guessing
  from one address does not lock out the real user signing in from another.
* **the client address alone.** :data:`ADDRESS_LIMIT` failures from one address, whatever
  the logins, lock the address for :data:`PERIOD`: guessing across many logins stops too.

A failure counts while it comes within :data:`PERIOD` of the one before; after a quiet
:data:`PERIOD` the count starts again, and such rows are purged as new failures arrive.
Unknown logins are throttled exactly like known ones, so the throttle tells nobody which
logins exist.

An attempt *claims* its pair before the password is checked: one ``INSERT ... ON CONFLICT
DO UPDATE`` that counts it as a failure unless the pair is held, and a success deletes the
pair again. Concurrent guesses of one pair therefore queue on its row and each one counts;
a burst gets no more checks than the waits let through. The address is only read before the check
and counted after a failure, so that the sign-ins of one busy address (an office behind NAT)
do not queue on its row while their passwords are hashed; a burst can overshoot its limit by
the number of requests served at once, which a limit of that size tolerates.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import SignInThrottle, utcnow

#: Failures of a pair that cost no wait.
FREE_FAILURES = 2
#: The wait after the first failure beyond the free ones; it doubles with each further one.
FIRST_DELAY = timedelta(seconds=2)
#: Failures of a pair that lock it.
PAIR_LIMIT = 5
#: Failures from one address, over all logins, that lock the address.
ADDRESS_LIMIT = 30
#: How long a lock lasts, and how long a failure is remembered.
PERIOD = timedelta(minutes=15)
#: Expired rows deleted at most per failure, so a purge never holds up a sign-in.
PURGE_BATCH = 100

_NO_ADDRESS = ""
_ROW = SignInThrottle


@dataclass(frozen=True)
class Attempt:
    """The rows a sign-in attempt counts against, by their keys."""

    pair: str
    address: str
    login: str

    @classmethod
    def of(cls, login: str, client: str | None) -> Attempt:
        address = client or _NO_ADDRESS
        return cls(pair=_digest("pair", address, login), address=_digest("address", address),
                   login=login_key(login))


def login_key(login: str) -> str:
    return _digest("login", login)


def _digest(*parts: str) -> str:
    # surrogatepass: a login typed with a lone surrogate still has a key.
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def claim(session: Session, attempt: Attempt) -> bool:
    """Whether ``attempt`` may have its password checked now. If it may, the pair counts it
    as a failure until :func:`succeeded` says otherwise."""
    now = utcnow()
    if session.scalar(select(_ROW.key).where(_ROW.key == attempt.address,
                                             _ROW.next_attempt > now)):
        return False
    failures = _count(session, attempt.pair, now, login=attempt.login, unless_held=True)
    if failures is None:  # the pair is waiting or locked
        return False
    if failures > FREE_FAILURES:
        _hold(session, attempt.pair, now + wait_after(failures))
    return True


def wait_after(failures: int) -> timedelta:
    """How long a pair waits after its ``failures``-th failure."""
    if failures >= PAIR_LIMIT:
        return PERIOD
    if failures <= FREE_FAILURES:
        return timedelta(0)
    return FIRST_DELAY * 2 ** (failures - FREE_FAILURES - 1)


def failed(session: Session, attempt: Attempt) -> None:
    """The claimed attempt failed: count it against its address too (the pair has it)."""
    now = utcnow()
    if _count(session, attempt.address, now) >= ADDRESS_LIMIT:
        _hold(session, attempt.address, now + PERIOD)
    # Rows another attempt holds are skipped, not waited for: no two purges deadlock.
    expired = (select(_ROW.key).where(_ROW.last_failure <= now - PERIOD).limit(PURGE_BATCH)
               .with_for_update(skip_locked=True))
    session.execute(delete(_ROW).where(_ROW.key.in_(expired))
                    .execution_options(synchronize_session=False))


def succeeded(session: Session, attempt: Attempt) -> None:
    """The claimed attempt signed in: its pair starts from nothing again."""
    session.execute(delete(_ROW).where(_ROW.key == attempt.pair)
                    .execution_options(synchronize_session=False))


def forget_login(session: Session, login: str) -> None:
    """End the waits and locks of every pair of ``login`` (it has a new password)."""
    session.execute(delete(_ROW).where(_ROW.login_key == login_key(login))
                    .execution_options(synchronize_session=False))


def _count(session: Session, key: str, now: datetime, *, login: str | None = None,
           unless_held: bool = False) -> int | None:
    """One more failure of row ``key`` in one atomic statement, counting from 1 again after a
    quiet :data:`PERIOD`; the new count. ``unless_held``: a row that is waiting or locked is
    left as it is, and the answer is None."""
    recent = _ROW.last_failure > now - PERIOD
    free = or_(_ROW.next_attempt.is_(None), _ROW.next_attempt <= now)
    return session.execute(
        _insert(session).values(key=key, login_key=login, failures=1, last_failure=now)
        .on_conflict_do_update(
            index_elements=[_ROW.key],
            set_={"failures": case((recent, _ROW.failures + 1), else_=1), "last_failure": now},
            where=free if unless_held else None)
        .returning(_ROW.failures)).scalar()


def _hold(session: Session, key: str, until: datetime) -> None:
    session.execute(update(_ROW).where(_ROW.key == key).values(next_attempt=until)
                    .execution_options(synchronize_session=False))


def _insert(session: Session):
    """``INSERT`` with ``ON CONFLICT`` for the session's database (both spell it alike)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_ROW)
