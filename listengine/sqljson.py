"""Typed SQL expressions over one key of an item's JSON ``values`` document.

Field types build their filter/sort expressions from these, and indexed columns build their
expression indexes from the very same constructs, so a query's text matches its index. The
JSON key is rendered literally (it is engine-made, ``f<digits>``, never user text) because
both SQLite and PostgreSQL only use an expression index when the key is part of the SQL
text; values compared against these expressions stay bound parameters.

Object-shaped values (a URL's ``{"url": ..., "description": ...}``) are reached with a
``member`` name chosen by the field type, rendered literally for the same reason.
"""
from __future__ import annotations

import re

from sqlalchemy import BigInteger, Boolean, Integer, Numeric, String, cast, literal, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

_STORAGE_KEY = re.compile(r"^f[0-9]+$")
_MEMBER = re.compile(r"^[a-z_]+$")


def _key_literal(key: str):
    if not _STORAGE_KEY.match(key):
        raise ValueError(f"not an engine storage key: {key!r}")
    return literal_column(f"'{key}'")


class _JsonKey(FunctionElement):
    """``values[key]``, or ``values[key][member]`` when a member name is given.

    Subclasses only set ``type``; their SQL function name is their class name.
    """

    inherit_cache = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.name = cls.__name__
        cls.inherit_cache = True  # the key and member are part of the cache key already

    def __init__(self, column, key: str, member: str | None = None):
        path = [_key_literal(key)]
        if member is not None:
            if not _MEMBER.match(member):
                raise ValueError(f"not a value member name: {member!r}")
            path.append(literal_column(f"'{member}'"))
        super().__init__(column, *path)


class json_text(_JsonKey):
    """The value as text (strings, ISO dates)."""

    type = String()


class json_number(_JsonKey):
    """The value as an exact number (Number, Currency; stored as JSON numbers or strings)."""

    type = Numeric(asdecimal=False)


class json_integer(_JsonKey):
    """The value as a whole number (Integer, Lookup, User)."""

    type = BigInteger()


class json_boolean(_JsonKey):
    """The value as a boolean (Boolean)."""

    type = Boolean()


def _args(element, compiler, **kw) -> tuple[str, list[str]]:
    column, *path = list(element.clauses)
    return compiler.process(column, **kw), [part.name.strip("'") for part in path]


def _sqlite_extract(element, compiler, **kw) -> str:
    column, path = _args(element, compiler, **kw)
    return f"json_extract({column}, '$.{'.'.join(path)}')"


def _pg_text(element, compiler, **kw) -> str:
    """``(col ->> 'key')`` or ``(col -> 'key' ->> 'member')``."""
    column, path = _args(element, compiler, **kw)
    *outer, last = path
    steps = "".join(f" -> '{part}'" for part in outer)
    return f"({column}{steps} ->> '{last}')"


compiles(json_text, "sqlite")(_sqlite_extract)
compiles(json_boolean, "sqlite")(_sqlite_extract)
compiles(json_text, "postgresql")(_pg_text)


@compiles(json_number, "sqlite")
def _sqlite_number(element, compiler, **kw):
    return f"CAST({_sqlite_extract(element, compiler, **kw)} AS NUMERIC)"


@compiles(json_integer, "sqlite")
def _sqlite_integer(element, compiler, **kw):
    return f"CAST({_sqlite_extract(element, compiler, **kw)} AS INTEGER)"


_PG_CASTS = {json_number: "NUMERIC", json_integer: "BIGINT", json_boolean: "BOOLEAN"}


@compiles(json_number, "postgresql")
@compiles(json_integer, "postgresql")
@compiles(json_boolean, "postgresql")
def _pg_cast(element, compiler, **kw):
    return f"(CAST({_pg_text(element, compiler, **kw)} AS {_PG_CASTS[type(element)]}))"


class json_array_contains(FunctionElement):
    """True when the JSON array under ``key`` holds ``value`` (MultiChoice, UserMulti).

    ``value`` (a str or an int) is bound with an explicit CAST: PostgreSQL cannot infer the
    type of a bare parameter passed to ``jsonb_build_array``.
    """

    type = Boolean()
    inherit_cache = True
    name = "json_array_contains"

    def __init__(self, column, key: str, value: str | int):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError("json_array_contains compares with a str or an int")
        sql_type = Integer() if isinstance(value, int) else String()
        super().__init__(column, _key_literal(key), cast(literal(value, sql_type), sql_type))


@compiles(json_array_contains, "sqlite")
def _sqlite_contains(element, compiler, **kw):
    column, key, value = list(element.clauses)
    return (f"EXISTS (SELECT 1 FROM json_each({compiler.process(column, **kw)}, "
            f"'$.{key.name.strip(chr(39))}') WHERE json_each.value = "
            f"{compiler.process(value, **kw)})")


@compiles(json_array_contains, "postgresql")
def _pg_contains(element, compiler, **kw):
    column, key, value = list(element.clauses)
    return (f"(({compiler.process(column, **kw)} -> '{key.name.strip(chr(39))}') "
            f"@> jsonb_build_array({compiler.process(value, **kw)}))")
