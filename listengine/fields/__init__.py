"""Field types. Importing this package registers every built-in type, in the order forms
offer them."""
from . import text, note, number, currency, dates, boolean, choice  # noqa: F401  (registration)
from . import lookup, user, url, files, counter  # noqa: F401,E402  (registration)
from .base import (Change, DisplayContext, FieldError, FieldType, ParseContext, Ref, Setting, Upload,
                   SettingsError)
from .registry import FieldTypeRegistry, UnknownFieldType, registry

__all__ = ["Change", "DisplayContext", "FieldError", "FieldType", "ParseContext", "Ref",
           "Setting", "SettingsError", "Upload", "FieldTypeRegistry", "UnknownFieldType", "registry"]
