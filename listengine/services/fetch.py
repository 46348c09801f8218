"""Finding one object or answering "not found"."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from ..errors import NotFound


def one_or_not_found(session: Session, statement: Select, message: str) -> Any:
    """The object ``statement`` selects, or :class:`NotFound` with ``message``."""
    found = session.scalar(statement)
    if found is None:
        raise NotFound(message)
    return found
