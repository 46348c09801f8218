"""Person (SharePoint ``User`` / ``UserMulti``): ids of user accounts.

Values hold ``User.id``; display shows display names resolved in bulk (``Ref("user", id)``).
"""
from __future__ import annotations

from sqlalchemy import select

from ..models import User
from .base import MultiValued, Ref
from .references import ReferenceType
from .registry import registry


class UserType(ReferenceType):
    key = "User"
    sharepoint_type = "User"

    def existing(self, field, ids, ctx):
        return set(ctx.session.scalars(select(User.id).where(User.id.in_(ids))))

    def missing_message(self, field, number, ctx):
        return f"No user with id {number}."

    def ref(self, field, number):
        return Ref("user", number)


class UserMultiType(MultiValued, UserType):
    key = "UserMulti"
    sharepoint_type = "UserMulti"


registry.register(UserType())
registry.register(UserMultiType())
