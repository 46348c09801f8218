"""Per-list expression indexes for indexed columns.

Items of every list share one table and keep their values in JSON, so an indexed column gets a
*partial* index on the column type's own SQL expression, restricted to its list. Queries use
the very same expression (``FieldType.sql``), which is what lets both SQLite and PostgreSQL
match the index. PostgreSQL also gets extended statistics on the expression: without them its
planner misestimates JSON predicates by orders of magnitude (reference/patterns.md, §3).

The DDL is rendered as text rather than through ``sqlalchemy.Index`` because an ``Index``
object attaches itself to the shared ``item`` table's metadata; every name and expression here
is engine-made (list and column ids), never user text.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..fields import registry
from ..models import Field, Item


def _names(field: Field) -> tuple[str, str]:
    suffix = f"item_l{int(field.list_id)}_f{int(field.id)}"
    return f"ix_{suffix}", f"st_{suffix}"


def _expression_sql(session: Session, field: Field) -> str:
    expression = registry.get(field.type_key).sql(field, Item.values)
    return str(expression.compile(dialect=session.connection().dialect,
                                  compile_kwargs={"literal_binds": True, "include_table": False}))


def create_index(session: Session, field: Field) -> None:
    """Index a list column (idempotent)."""
    index_name, stats_name = _names(field)
    expression = _expression_sql(session, field)
    connection = session.connection()
    connection.execute(text(f"CREATE INDEX IF NOT EXISTS {index_name} ON item (({expression})) "
                            f"WHERE list_id = {int(field.list_id)}"))
    if connection.dialect.name == "postgresql":
        connection.execute(text(
            f"CREATE STATISTICS IF NOT EXISTS {stats_name} ON ({expression}) FROM item"))


def drop_index(session: Session, field: Field) -> None:
    index_name, stats_name = _names(field)
    connection = session.connection()
    connection.execute(text(f"DROP INDEX IF EXISTS {index_name}"))
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"DROP STATISTICS IF EXISTS {stats_name}"))
