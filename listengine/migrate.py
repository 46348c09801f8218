"""Create or upgrade the engine's own tables with the Alembic migrations in the package.

User-defined columns never need migrations (their values live in JSON); only the engine's own
tables do, and ``listengine init`` applies them.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def _run(engine: Engine, action, *args) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        action(config, *args)


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent)."""
    _run(engine, command.upgrade, "head")


def revise(engine: Engine, message: str) -> None:
    """Write a new migration: upgrade ``engine`` to the newest one, then compare it with the
    models (development; ``make migration MESSAGE=...``)."""
    upgrade(engine)
    _run(engine, command.revision, message, True)


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
