"""What Lookup and User columns share: values that are ids of rows elsewhere.

A single column holds one id, a multi column an ordered list without repeats. Input ids are
ints or ASCII digit strings an id column holds (:func:`ids.read_id`); they are checked to exist
with a single query, whatever the number of ids, and are shown through :class:`Ref` names
resolved in bulk.
"""
from __future__ import annotations

from typing import Iterable

from ..sqljson import json_array_contains, json_integer, json_text
from .base import FieldError, FieldType, Ref
from .ids import read_id


class ReferenceType(FieldType):
    """Base of single and multi reference types; subclasses say what the ids point at."""

    def existing(self, field, ids: list[int], ctx) -> set[int]:
        """Which of ``ids`` exist (one query)."""
        raise NotImplementedError

    def missing_message(self, field, number: int, ctx) -> str:
        raise NotImplementedError

    def ref(self, field, number: int) -> Ref:
        raise NotImplementedError

    def parse(self, field, raw, ctx):
        if raw is None:
            return None
        if isinstance(raw, (list, tuple)):
            if not self.multi_value and len(raw) > 1:
                raise FieldError("Choose only one.")
            entries = raw
        else:
            entries = [raw]
        ids = list(dict.fromkeys(n for n in map(read_id, entries) if n is not None))
        if not ids:
            return None
        found = self.existing(field, ids, ctx)
        for number in ids:
            if number not in found:
                raise FieldError(self.missing_message(field, number, ctx))
        return self.from_ids(ids)

    def ids(self, value) -> list[int]:
        if value is None:
            return []
        return list(value) if self.multi_value else [value]

    def from_ids(self, ids: list[int]):
        """The value holding ``ids`` (the inverse of :meth:`ids`)."""
        if not ids:
            return None
        return list(ids) if self.multi_value else ids[0]

    def from_json(self, field, stored):
        return list(stored) if self.multi_value and stored is not None else stored

    def sql(self, field, values):
        # A list has no meaningful number; its JSON text still answers "is it empty?".
        if self.multi_value:
            return json_text(values, field.storage_key)
        return json_integer(values, field.storage_key)

    def sql_includes(self, field, values, value):
        if not self.multi_value:
            return super().sql_includes(field, values, value)
        return json_array_contains(values, field.storage_key, value)

    def refs(self, field, value) -> Iterable[Ref]:
        return [self.ref(field, number) for number in self.ids(value)]

    def display(self, field, value, ctx):
        return "; ".join(ctx.name_of(ref) for ref in ctx.shown(self.refs(field, value)))
