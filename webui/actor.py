"""Who a request acts as: the signed-in user (with their groups), else an anonymous visitor.

The actor is built once per request and memoised on ``g``; its permission masks are
memoised on it, so a page that asks "may they edit this?" for every button costs one query
per scope. Templates ask through :func:`can`.
"""
from __future__ import annotations

from flask import g
from flask_login import current_user

from listengine.permissions import Permission
from listengine.services import access
from listengine.services.access import Actor, Securable

from .db import get_session


def current_actor() -> Actor:
    if "actor" not in g:
        user = current_user.user if current_user.is_authenticated else None
        g.actor = access.actor_for(get_session(), user)
    return g.actor


def can(obj: Securable, permission: str) -> bool:
    """Whether the current actor holds ``permission`` (a ``Permission`` name) on ``obj``; the
    templates show a button only when this is true, and its endpoint checks again."""
    return access.can(get_session(), current_actor(), obj, Permission[permission])
