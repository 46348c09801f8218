"""Field types. Importing this package registers every built-in type, in the order forms
offer them."""
from . import (  # noqa: F401  (registration)  # noqa: F401,E402  (registration)
                   boolean,
                   choice,
                   counter,
                   currency,
                   dates,
                   files,
                   lookup,
                   note,
                   number,
                   text,
                   url,
                   user,
)
from .base import (
                   CASCADE,
                   CLEAR,
                   RESTRICT,
                   Change,
                   DisplayContext,
                   FieldError,
                   FieldType,
                   ParseContext,
                   Ref,
                   Setting,
                   SettingsError,
                   Upload,
)
from .registry import FieldTypeRegistry, UnknownFieldType, registry

__all__ = ["CASCADE", "CLEAR", "RESTRICT", "Change", "DisplayContext", "FieldError", "FieldType",
           "ParseContext", "Ref", "Setting", "SettingsError", "Upload", "FieldTypeRegistry",
           "UnknownFieldType", "registry"]
