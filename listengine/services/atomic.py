"""Run a service call in a SAVEPOINT.

A call either does all of its work or none of it, even inside a caller's larger transaction:
a failure part-way (a value that doesn't convert, a unique value taken concurrently) rolls
back to the savepoint, and the ORM expires what it had changed.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


def atomic(service: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(service)
    def run(session: Session, *args, **kwargs) -> T:
        with session.begin_nested():
            return service(session, *args, **kwargs)
    return run
