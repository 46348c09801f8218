"""Failed sign-ins, counted per (login, client address) pair and per client address.

Kept in the database rather than in a process, so that every web process sees the same
counts. Keys and logins are stored as SHA-256 digests: what someone typed as a login (often a
password typed in the wrong box) is never stored, a NUL byte in it cannot break a query, and
every key has the same length.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SignInThrottle(Base):
    __tablename__ = "sign_in_throttle"

    #: Digest of the pair (address and login) or of the address alone.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Digest of the login for a pair, so that a new password can clear that login's pairs;
    #: NULL for an address.
    login_key: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Failed attempts, each within the throttle period of the one before.
    failures: Mapped[int] = mapped_column(default=0)
    #: No attempt is checked before this moment (a delay, or a lock).
    next_attempt: Mapped[datetime | None] = mapped_column()
    last_failure: Mapped[datetime] = mapped_column(index=True)
