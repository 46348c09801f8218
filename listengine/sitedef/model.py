"""A site definition as plain data.

The file is parsed into these dataclasses and checked as a whole before anything touches the
database, so a bad file is refused without a half-applied site. Every object keeps the
``path`` of its place in the file (``lists[1].columns[0]``) so that errors found later, even
by a service while applying, still name the offending key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..fields import registry


@dataclass
class SiteSpec:
    slug: str
    title: str
    time_zone: str = "Asia/Ho_Chi_Minh"
    description: str = ""
    path: str = "site"


@dataclass
class ColumnDefinition:
    """A site column, or a column of one list."""

    path: str
    internal_name: str
    title: str
    type_key: str
    required: bool = False
    unique: bool = False
    indexed: bool = False
    hidden: bool = False
    description: str = ""
    default: Any = None
    group: str = ""
    settings: dict[str, Any] = field(default_factory=dict)

    def target_lists(self) -> dict[str, str]:
        """The other lists this column points at, by url_name, keyed by the setting naming
        each; the column type says which settings name lists (``FieldType.named_lists``).
        The file names lists by ``url_name`` and the database stores ids, so the loader
        creates these lists first and translates the names."""
        if self.type_key not in registry:  # refused by validation, with its path
            return {}
        return registry.get(self.type_key).named_lists(self.settings)


@dataclass
class LinkSpec:
    """A column used by a content type; None means "as the column says"."""

    path: str
    name: str
    required: bool | None = None
    hidden: bool | None = None


@dataclass
class ContentTypeSpec:
    path: str
    name: str
    parent: str
    description: str = ""
    group: str = ""
    columns: list[LinkSpec] = field(default_factory=list)


@dataclass
class ColumnOverride:
    """Changes to one list's copy of a column.

    ``changes`` holds only the keys the file gives (a subset of :data:`OVERRIDABLE`), so an
    override can also set a value to null; ``settings`` are merged into the column's own.
    """

    path: str
    name: str
    changes: dict[str, Any] = field(default_factory=dict)


#: What a list may change on its copy of a column.
OVERRIDABLE = ("title", "description", "required", "hidden", "indexed", "default", "settings")


@dataclass
class ItemSpec:
    path: str
    values: dict[str, Any]


@dataclass
class ListSpec:
    path: str
    title: str
    url_name: str
    description: str = ""
    #: Site content type names; empty means the service's default (Item).
    content_types: list[str] = field(default_factory=list)
    columns: list[ColumnDefinition] = field(default_factory=list)
    column_settings: list[ColumnOverride] = field(default_factory=list)
    view_fields: list[str] | None = None
    page_size: int | None = None
    items: list[ItemSpec] = field(default_factory=list)


@dataclass
class SiteDefinition:
    site: SiteSpec
    columns: list[ColumnDefinition] = field(default_factory=list)
    content_types: list[ContentTypeSpec] = field(default_factory=list)
    lists: list[ListSpec] = field(default_factory=list)
