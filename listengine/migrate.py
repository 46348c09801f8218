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
    """Run an Alembic command in one transaction.

    On SQLite, foreign keys are off while it runs: batch migrations rebuild a table by
    dropping it, and with foreign keys on that DROP would cascade-delete every row that
    references the table (SQLite's documented ALTER TABLE procedure turns them off). They are
    checked before the transaction commits.
    """
    config = alembic_config(engine)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        # Outside any transaction (inside one SQLite ignores the pragma), on the driver itself.
        raw = connection.connection.driver_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                action(config, *args)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"Migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to the newest schema, or to ``revision`` (idempotent)."""
    _run(engine, command.upgrade, revision)


def revise(engine: Engine, message: str) -> None:
    """Write a new migration: upgrade ``engine`` to the newest one, then compare it with the
    models (development; ``make migration MESSAGE=...``)."""
    upgrade(engine)
    _run(engine, command.revision, message, True)


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
