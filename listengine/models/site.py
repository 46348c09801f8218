"""Sites (SharePoint "webs") and the people who act on them."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"
#: The login of SharePoint's "System Account", who provisioning acts as. It lives with the
#: model so that deciding "is this the System Account" needs no service.
SYSTEM_LOGIN = "system"


def new_session_stamp() -> str:
    """A random session stamp; guessing one is as hard as guessing a 128-bit key."""
    return secrets.token_hex(16)


class Site(Base):
    """A site owns its columns, content types and lists."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(String(2000), default="")
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
    #: The site's own security scope; lists and items inherit it unless they break away.
    scope_id: Mapped[int] = mapped_column(ForeignKey("security_scope.id"))
    created: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """A person who signs in and is recorded as an item's author or editor."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(128), unique=True)
    display_name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    #: Part of every session and remember-me token the user is given: a new stamp (signing
    #: out, a new password) ends every session issued before it.
    session_stamp: Mapped[str] = mapped_column(String(64), default=new_session_stamp)

    @property
    def is_system(self) -> bool:
        """The System Account (provisioning), as opposed to a person."""
        return self.login == SYSTEM_LOGIN
