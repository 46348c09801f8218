"""Lists and their items, with the side tables that keep lookups, counters and unique
values as plain, indexable SQL."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JsonDocument, utcnow
from .schema import ContentType, Field
from .site import Site, User

#: ``_UIVersion`` of version 1.0: SharePoint numbers versions major * 512 + minor.
FIRST_UI_VERSION = 512


class List(Base):
    __tablename__ = "list"
    __table_args__ = (UniqueConstraint("site_id", "url_name"), UniqueConstraint("site_id", "title"))

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(255))
    url_name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(2000), default="")
    #: The last per-list item ID handed out; IDs are never reused.
    last_item_no: Mapped[int] = mapped_column(default=0)
    #: Columns shown in the default list view, by internal name (empty: Title + Modified).
    view_fields: Mapped[list[str]] = mapped_column(JsonDocument,
                                                   default=list)
    page_size: Mapped[int] = mapped_column(default=30)
    #: Its own security scope, or NULL to inherit the site's.
    scope_id: Mapped[int | None] = mapped_column(ForeignKey("security_scope.id"))
    created: Mapped[datetime] = mapped_column(default=utcnow)

    site: Mapped[Site] = relationship(lazy="joined")
    content_types: Mapped[list[ContentType]] = relationship(
        primaryjoin="List.id == ContentType.list_id", order_by="ContentType.position",
        viewonly=True)
    fields: Mapped[list[Field]] = relationship(
        primaryjoin="List.id == Field.list_id", order_by="Field.id", viewonly=True)

    def __repr__(self) -> str:
        return f"<List {self.url_name}>"


class Item(Base):
    """One list item. Column values live in ``values``, keyed by ``Field.storage_key``."""

    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("list_id", "item_no"),
                      # Security trimming and break/reset find a list's unique scopes here.
                      Index("ix_item_list_scope", "list_id", "scope_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("list.id", ondelete="CASCADE"))
    #: SharePoint's per-list ``ID``, starting at 1.
    item_no: Mapped[int] = mapped_column()
    content_type_id: Mapped[int] = mapped_column(ForeignKey("content_type.id"), index=True)
    #: Its own security scope, or NULL to inherit the list's.
    scope_id: Mapped[int | None] = mapped_column(ForeignKey("security_scope.id"))
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Bumped on every save; the ETag for optimistic concurrency (``owshiddenversion``).
    row_version: Mapped[int] = mapped_column(default=1)
    #: ``_UIVersion``: major * 512 + minor.
    ui_version: Mapped[int] = mapped_column(default=FIRST_UI_VERSION)
    #: ``_ModerationStatus``: 0 approved (the only state until content approval lands).
    moderation_status: Mapped[int] = mapped_column(default=0)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    modified: Mapped[datetime] = mapped_column(default=utcnow)
    editor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    #: The ORM checks and bumps ``row_version`` on every UPDATE: a concurrent edit fails.
    __mapper_args__ = {"version_id_col": row_version}

    list: Mapped[List] = relationship(lazy="joined")
    content_type: Mapped[ContentType] = relationship(lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    editor: Mapped[User] = relationship(foreign_keys=[editor_id], lazy="joined")

    @property
    def version_label(self) -> str:
        """``_UIVersionString``, e.g. ``"2.0"``."""
        return f"{self.ui_version // 512}.{self.ui_version % 512}"

    def __repr__(self) -> str:
        return f"<Item {self.list_id}/{self.item_no}>"


class ItemLink(Base):
    """A lookup value: source item, column, position, target item.

    Joins, reverse lookups and delete behaviour (restrict / cascade) are plain SQL on it.
    """

    __tablename__ = "item_link"
    __table_args__ = (Index("ix_item_link_target", "target_item_id", "field_id"),)

    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"),
                                         primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("field.id", ondelete="CASCADE"),
                                          primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    target_item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"))


class ItemCounter(Base):
    """A Counter column's value, kept apart so a bump is one atomic UPDATE and no new version."""

    __tablename__ = "item_counter"

    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"),
                                         primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("field.id", ondelete="CASCADE"),
                                          primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class ItemUniqueValue(Base):
    """One claimed value of a unique column; the primary key makes the database enforce it."""

    __tablename__ = "item_unique_value"

    field_id: Mapped[int] = mapped_column(ForeignKey("field.id", ondelete="CASCADE"),
                                          primary_key=True)
    value_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)


class StoredFile(Base):
    """A file uploaded into an Image or File column; the bytes live in the blob store."""

    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column()
    content_type: Mapped[str] = mapped_column(String(255))
    filename: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(default=utcnow)
