"""Engine settings, read from the environment with sensible embedded defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_INSTANCE = Path("instance")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    """Where the engine keeps its data, and where it is served.

    ``database_url`` defaults to an embedded SQLite file; set ``LISTENGINE_DATABASE_URL`` to
    ``postgresql+psycopg://user@host/db`` to use PostgreSQL. ``site_url``
    (``LISTENGINE_SITE_URL``) is the address people open, e.g. ``https://news.example.vn``;
    ``secure_cookies`` (``LISTENGINE_SECURE_COOKIES``: 1/0, true/false, yes/no, on/off) is
    ``None`` when unset, which means "when the site URL is https".
    """

    database_url: str = field(default_factory=lambda: os.environ.get(
        "LISTENGINE_DATABASE_URL", f"sqlite:///{DEFAULT_INSTANCE / 'listengine.db'}"))
    files_dir: Path = field(default_factory=lambda: Path(os.environ.get(
        "LISTENGINE_FILES_DIR", str(DEFAULT_INSTANCE / "files"))))
    site_url: str = field(default_factory=lambda: os.environ.get("LISTENGINE_SITE_URL", ""))
    secure_cookies: bool | None = field(default_factory=lambda: _flag(
        "LISTENGINE_SECURE_COOKIES"))


@dataclass(frozen=True)
class Argon2Parameters:
    """The costs of hashing a new password (read by :mod:`listengine.services.users` when it
    is imported); ``None`` keeps argon2-cffi's default (what production should use).
    ``LISTENGINE_ARGON2_TIME_COST``, ``..._MEMORY_COST`` (KiB) and ``..._PARALLELISM`` set
    them; the test suite sets the cheapest, so that thousands of test users cost
    milliseconds rather than minutes."""

    time_cost: int | None = None
    memory_cost: int | None = None
    parallelism: int | None = None

    @classmethod
    def from_environment(cls) -> Argon2Parameters:
        return cls(**{name: _positive(f"LISTENGINE_ARGON2_{name.upper()}")
                      for name in ("time_cost", "memory_cost", "parallelism")})

    def overrides(self) -> dict[str, int]:
        """The costs that differ from the library's defaults, as ``PasswordHasher`` keywords."""
        return {name: value for name, value in vars(self).items() if value is not None}


def _positive(name: str) -> int | None:
    """A positive whole number from the environment; ``None`` when unset or empty."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name}={value!r}: use a whole number of at least 1")
    return int(value)


def _flag(name: str) -> bool | None:
    """An on/off environment variable; ``None`` when unset or empty. A value that is neither
    stops start-up rather than silently meaning "off"."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return None
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise ValueError(f"{name}={value!r}: use one of {', '.join(_TRUE + _FALSE)}")
