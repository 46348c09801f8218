"""The registry of field types: the only place a type name is looked up."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from ..errors import ListEngineError
from .base import FieldType


class UnknownFieldType(ListEngineError):
    pass


class FieldTypeRegistry:
    def __init__(self) -> None:
        self._types: dict[str, FieldType] = {}

    def register(self, field_type: FieldType) -> FieldType:
        if not field_type.key:
            raise ValueError(f"{type(field_type).__name__} has no key")
        if field_type.key in self._types:
            raise ValueError(f"field type {field_type.key!r} is already registered")
        self._types[field_type.key] = field_type
        return field_type

    def get(self, key: str) -> FieldType:
        try:
            return self._types[key]
        except KeyError:
            raise UnknownFieldType(
                f"unknown field type {key!r}; known: {', '.join(sorted(self._types))}") from None

    def __contains__(self, key: str) -> bool:
        return key in self._types

    def __iter__(self) -> Iterator[FieldType]:
        return iter(self._types.values())

    def keys(self) -> list[str]:
        return list(self._types)

    @contextmanager
    def registered_temporarily(self, field_type: FieldType) -> Iterator[FieldType]:
        """Register a type for the duration of a block (tests)."""
        self.register(field_type)
        try:
            yield field_type
        finally:
            del self._types[field_type.key]


#: The engine's registry; ``listengine.fields`` registers the built-in types into it.
registry = FieldTypeRegistry()
