"""Web adapters for the engine's field types; importing this package registers them all."""
from . import boolean, choice, counter, datetime, files, note, numbers, references, text, url  # noqa: F401
from .base import (
                   KEEP,
                   AdapterRegistry,
                   ColumnSpec,
                   FieldAdapter,
                   FormContext,
                   OptionSource,
                   RenderContext,
                   adapters,
)

__all__ = ["KEEP", "AdapterRegistry", "ColumnSpec", "FieldAdapter", "FormContext",
           "OptionSource", "RenderContext", "adapters"]
