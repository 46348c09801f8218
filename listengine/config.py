"""Engine settings, read from the environment with sensible embedded defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_INSTANCE = Path("instance")


@dataclass(frozen=True)
class Settings:
    """Where the engine keeps its data.

    ``database_url`` defaults to an embedded SQLite file; set ``LISTENGINE_DATABASE_URL`` to
    ``postgresql+psycopg://user@host/db`` to use PostgreSQL.
    """

    database_url: str = field(default_factory=lambda: os.environ.get(
        "LISTENGINE_DATABASE_URL", f"sqlite:///{DEFAULT_INSTANCE / 'listengine.db'}"))
    files_dir: Path = field(default_factory=lambda: Path(os.environ.get(
        "LISTENGINE_FILES_DIR", str(DEFAULT_INSTANCE / "files"))))
