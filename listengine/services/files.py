"""Files stored in an item's Image and File columns."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..errors import NotFound
from ..fields import registry
from ..models import Item, StoredFile
from ..permissions import Permission
from . import access
from .access import Actor
from .content_types import effective_columns
from .items import read_values


def item_file(session: Session, item: Item, internal_name: str, *, actor: Actor) -> StoredFile:
    """The stored file an item's column holds (NotFound when it holds none, or when the actor
    may not see the item). Downloading needs Open Items, which View Only lacks.

    The column's own type says which file its value refers to (its ``file`` refs), so this
    works for any type that stores uploads.
    """
    access.require(session, actor, item, Permission.OpenItems)
    column = next((c for c in effective_columns(session, item.content_type)
                   if c.internal_name == internal_name), None)
    if column is not None:
        field_type = registry.get(column.field.type_key)
        value = read_values(session, item)[internal_name]
        for ref in ([] if field_type.is_empty(value) else field_type.refs(column.field, value)):
            stored = session.get(StoredFile, ref.id) if ref.kind == "file" else None
            if stored is not None:
                return stored
    raise NotFound(f"Item {item.item_no} holds no file in '{internal_name}'.")
