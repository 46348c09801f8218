"""The registry of field types: the only place a type name is looked up."""
from __future__ import annotations

from ..errors import ListEngineError
from ..registry import Registry
from .base import FieldType


class UnknownFieldType(ListEngineError):
    pass


class FieldTypeRegistry(Registry[FieldType]):
    what = "field type"
    missing = UnknownFieldType


#: The engine's registry; ``listengine.fields`` registers the built-in types into it.
registry = FieldTypeRegistry()
