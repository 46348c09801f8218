"""Number, Integer and Currency: typed as text, parsed (and refused) by the engine."""
from __future__ import annotations

from wtforms import StringField

from .base import ColumnSpec, FieldAdapter, adapters


class NumericAdapter(FieldAdapter):
    """A text input with a numeric keyboard hint; WTForms does not coerce the value."""

    #: The ``inputmode`` hint for mobile keyboards.
    input_mode = "decimal"

    def form_field(self, spec: ColumnSpec):
        return StringField(**self.field_kwargs(spec, inputmode=self.input_mode,
                                               **{"class": "number"}))


class NumberAdapter(NumericAdapter):
    type_key = "Number"


class IntegerAdapter(NumericAdapter):
    type_key = "Integer"
    input_mode = "numeric"


class CurrencyAdapter(NumericAdapter):
    type_key = "Currency"


for _adapter in (NumberAdapter(), IntegerAdapter(), CurrencyAdapter()):
    adapters.register(_adapter)
