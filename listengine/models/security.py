"""Who may do what: groups, permission levels, security scopes and role assignments.

Every securable object (site, list, item) *points at* a scope. A site always has its own; a
list or item whose ``scope_id`` is NULL inherits its parent's, so breaking or resetting
inheritance on a list rewrites one row, never its items (DESIGN.md's "inheriting objects share
their parent's scope", stored as NULL = "the parent's").
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .site import User


class SecurityScope(Base):
    """A set of role assignments that securables share until one breaks inheritance."""

    __tablename__ = "security_scope"
    __table_args__ = (Index("ix_security_scope_anonymous", "id",
                            sqlite_where=text("anonymous_mask != 0"),
                            postgresql_where=text("anonymous_mask != 0")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What anonymous visitors may do here (SharePoint's ``AnonymousPermMask64``; ≤ Read).
    anonymous_mask: Mapped[int] = mapped_column(BigInteger, default=0)


class RoleDefinition(Base):
    """A permission level: a named ``SPBasePermissions`` mask, per site."""

    __tablename__ = "role_definition"
    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(String(512), default="")
    permissions: Mapped[int] = mapped_column(BigInteger)
    #: False for Full Control: it can be neither changed nor deleted.
    editable: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class SiteGroup(Base):
    """A SharePoint group: named people who are granted levels together."""

    __tablename__ = "site_group"
    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(String(512), default="")


class GroupMember(Base):
    __tablename__ = "group_member"

    group_id: Mapped[int] = mapped_column(ForeignKey("site_group.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)


class RoleAssignment(Base):
    """One principal (a user or a group) holding one permission level in one scope."""

    __tablename__ = "role_assignment"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (group_id IS NULL)", name="one_principal"),
        Index("ux_role_assignment_user", "scope_id", "user_id", "role_definition_id", unique=True,
              sqlite_where=text("user_id IS NOT NULL"),
              postgresql_where=text("user_id IS NOT NULL")),
        Index("ux_role_assignment_group", "scope_id", "group_id", "role_definition_id",
              unique=True, sqlite_where=text("group_id IS NOT NULL"),
              postgresql_where=text("group_id IS NOT NULL")),
        # "Which scopes may this principal read?" walks these, never the scope table.
        Index("ix_role_assignment_user_scope", "user_id", "scope_id"),
        Index("ix_role_assignment_group_scope", "group_id", "scope_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_id: Mapped[int] = mapped_column(ForeignKey("security_scope.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("site_group.id", ondelete="CASCADE"))
    role_definition_id: Mapped[int] = mapped_column(
        ForeignKey("role_definition.id", ondelete="CASCADE"), index=True)

    user: Mapped[User | None] = relationship(lazy="joined")
    group: Mapped[SiteGroup | None] = relationship(lazy="joined")
    role_definition: Mapped[RoleDefinition] = relationship(lazy="joined")
