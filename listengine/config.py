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


def _flag(name: str) -> bool | None:
    """An on/off environment variable; ``None`` when unset or empty. A value that is neither
    stops start-up rather than silently meaning "off"."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return None
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise ValueError(f"{name}={value!r}: use one of {', '.join(_TRUE + _FALSE)}")
