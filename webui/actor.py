"""Who a request acts as.

Sign-in arrives in a later issue; until then every write is attributed to the site's
System Account, as SharePoint does for provisioning.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from listengine.models import User
from listengine.services import users


def acting_user(session: Session) -> User:
    return users.system_account(session)
