"""A keyed registry: things registered once under a key, found by it, refused twice.

The engine's field types and the web layer's form adapters for them are both registries of
this kind; an unknown key raises the registry's own error so callers can report it clearly.
"""
from __future__ import annotations

from typing import Generic, Iterator, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Subclasses set :attr:`what` (used in messages), :attr:`key_attribute` and :attr:`missing`."""

    #: What the registry holds, for messages ("field type").
    what = "entry"
    #: The attribute of an entry that holds its key.
    key_attribute = "key"
    #: The exception raised for an unknown key.
    missing: type[Exception] = LookupError

    def __init__(self) -> None:
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        key = getattr(entry, self.key_attribute, "")
        if not key:
            raise ValueError(f"{type(entry).__name__} has no {self.key_attribute}")
        if key in self._entries:
            raise ValueError(f"a {self.what} {key!r} is already registered")
        self._entries[key] = entry
        return entry

    def get(self, key: str) -> T:
        try:
            return self._entries[key]
        except KeyError:
            raise self.missing(f"unknown {self.what} {key!r}; known: "
                               f"{', '.join(sorted(self._entries))}") from None

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(self._entries.values())

    def keys(self) -> list[str]:
        return list(self._entries)
