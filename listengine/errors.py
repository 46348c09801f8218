"""Domain exceptions.

Every error the engine raises on purpose derives from :class:`ListEngineError`, so the web
layer and the CLI can turn any of them into a clear message without knowing the details.
"""
from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")


class ListEngineError(Exception):
    """Base class of all deliberate engine errors."""


class ValidationError(ListEngineError):
    """Input was refused; nothing was written.

    ``errors`` maps a field's internal name (or a parameter name such as ``url_name``) to a
    human-readable message, so a form can show each message next to its own field.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class NotFound(ListEngineError):
    """The object does not exist, or the caller may not know that it exists."""


class AccessDenied(ListEngineError):
    """The actor may see the object but lacks the right to do this to it.

    ``permission`` names the missing right (e.g. ``EditListItems``). Objects the actor may not
    see at all raise :class:`NotFound` instead, so their existence does not leak.
    """

    def __init__(self, permission: str, message: str):
        self.permission = permission
        super().__init__(message)


class Conflict(ListEngineError):
    """Someone else changed the object since the caller read it (row version mismatch)."""


class SchemaError(ListEngineError):
    """A site definition file is invalid; ``path`` names the offending key."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


def errors_of(*checks: Callable[[], object]) -> dict[str, str]:
    """Run every check; the messages of those that raise :class:`ValidationError`, so that
    one refusal names every bad field at once."""
    errors: dict[str, str] = {}
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            errors.update(exc.errors)
    return errors


def collect(errors: dict[str, str], check: Callable[[], T]) -> T | None:
    """``check()``, or None with its messages filed in ``errors`` when it refuses: checks
    that return the cleaned value can then all run before anything is refused."""
    try:
        return check()
    except ValidationError as exc:
        errors.update(exc.errors)
        return None


def checked(checks: dict[str, Callable[[], T] | None]) -> dict[str, T]:
    """Run every given check (None: that part is not being changed) and return the cleaned
    values by key, or raise one ValidationError naming every part that was refused - so an
    update validates everything before it changes anything."""
    errors: dict[str, str] = {}
    clean = {key: collect(errors, check) for key, check in checks.items() if check is not None}
    if errors:
        raise ValidationError(errors)
    return clean


def one_error(name: str, message: str) -> ValidationError:
    """Shorthand for a validation error about a single field or parameter."""
    return ValidationError({name: message})
