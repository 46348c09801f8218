"""Counter: maintained by the engine (e.g. a read count); shown, never edited."""
from __future__ import annotations

from .base import FieldAdapter, adapters


class CounterAdapter(FieldAdapter):
    type_key = "Counter"
    on_form = False


adapters.register(CounterAdapter())
