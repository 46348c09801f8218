"""Columns, content types and the links between them.

A column (``Field``) is either a site column (``list_id`` is NULL) or a list column. Adding a
site content type to a list copies the site columns it uses into list columns that remember
their ``source_field_id``, exactly as SharePoint does; item values are keyed by the list
column's id, so renaming a column never rewrites data.
"""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JsonDocument


class Field(Base):
    __tablename__ = "field"
    __table_args__ = (
        UniqueConstraint("list_id", "internal_name"),
        Index("uq_field_site_internal_name", "site_id", "internal_name", unique=True,
              sqlite_where=text("list_id IS NULL"), postgresql_where=text("list_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    list_id: Mapped[Optional[int]] = mapped_column(ForeignKey("list.id", ondelete="CASCADE"))
    #: For a list column: the site column it was copied from.
    source_field_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("field.id", ondelete="SET NULL"), index=True)
    internal_name: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(255))
    type_key: Mapped[str] = mapped_column(String(32))
    required: Mapped[bool] = mapped_column(default=False)
    unique: Mapped[bool] = mapped_column(default=False)
    indexed: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(String(2000), default="")
    group_name: Mapped[str] = mapped_column(String(128), default="")
    default_value: Mapped[Optional[Any]] = mapped_column(JsonDocument)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)

    @property
    def storage_key(self) -> str:
        """The key of this column's value in an item's JSON document (engine-made, SQL-safe)."""
        return f"f{self.id}"

    @property
    def is_site_column(self) -> bool:
        return self.list_id is None

    def __repr__(self) -> str:
        return f"<Field {self.internal_name} {self.type_key} #{self.id}>"


class ContentType(Base):
    """A site content type (``list_id`` NULL) or a list content type (a child copy)."""

    __tablename__ = "content_type"
    __table_args__ = (UniqueConstraint("site_id", "ct_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    list_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("list.id", ondelete="CASCADE"), index=True)
    #: SharePoint content type ID: ``0x01``, or parent + ``00`` + 32 hex digits.
    ct_id: Mapped[str] = mapped_column(String(1024))
    parent_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("content_type.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    description: Mapped[str] = mapped_column(String(2000), default="")
    group_name: Mapped[str] = mapped_column(String(128), default="")
    #: Order of a list content type on its list; the first is the default.
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Optional["ContentType"]] = relationship(remote_side=[id], lazy="joined")
    links: Mapped[list["FieldLink"]] = relationship(
        back_populates="content_type", order_by="FieldLink.position",
        cascade="all, delete-orphan")

    @property
    def is_list_content_type(self) -> bool:
        return self.list_id is not None

    def __repr__(self) -> str:
        return f"<ContentType {self.name} {self.ct_id}>"


class FieldLink(Base):
    """A column used by a content type, with per-content-type overrides.

    ``required``/``hidden`` of None mean "as the column says"; ``removed`` drops a column the
    parent content type brings (SharePoint's RemoveFieldRef).
    """

    __tablename__ = "field_link"
    __table_args__ = (UniqueConstraint("content_type_id", "field_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type_id: Mapped[int] = mapped_column(ForeignKey("content_type.id", ondelete="CASCADE"))
    field_id: Mapped[int] = mapped_column(ForeignKey("field.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    required: Mapped[Optional[bool]] = mapped_column(default=None)
    hidden: Mapped[Optional[bool]] = mapped_column(default=None)
    removed: Mapped[bool] = mapped_column(default=False)

    content_type: Mapped[ContentType] = relationship(back_populates="links")
    field: Mapped[Field] = relationship(lazy="joined")
