"""Posting a form to the engine: one unit of work, then a redirect, or the form again with
the user's input and the engine's messages, and nothing changed.

Every form of the web UI saves through :func:`save`: the item forms, and the permission,
group, level and user pages, whose forms each make one change.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import flash, redirect
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

from listengine.errors import Conflict, NotFound, ValidationError

from ..actor import current_actor
from ..db import unit_of_work

#: ``change(session) -> (message to flash, URL to go to)``.
Change = Callable[[Session], tuple[str, str]]
#: ``show(status, errors that belong to no field)``: the page with the form on it. A status
#: of 409 means the item changed since the form was shown (the page says so).
Show = Callable[[int, dict[str, str]], Any]
#: ``field_name(name of an engine error) -> name of the form field it belongs on``.
FieldName = Callable[[str], str]


def _same_name(name: str) -> str:
    """Most forms name their fields as the services name their errors."""
    return name


def save(form: FlaskForm, change: Change, show: Show, *, field_name: FieldName = _same_name):
    """Run ``change`` when ``form`` was posted (with its CSRF token); show the page otherwise.

    ``change`` finds what it changes again in its own session and calls the services, which
    check the actor's rights (a refusal propagates to the 403 or sign-in page). The engine's
    field errors come back as a 400, a stale row version as a 409; both show the form again
    with what the user typed. The actor is found first: that reads through the request's
    session, which must not be opened inside the unit of work.
    """
    if not form.validate_on_submit():
        return show(400 if form.is_submitted() else 200, {})
    current_actor()
    try:
        with unit_of_work() as session:
            message, target = change(session)
    except ValidationError as exc:
        return show(400, _show_errors(form, exc.errors, field_name))
    except Conflict:
        return show(409, {})
    flash(message)
    return redirect(target)


def _show_errors(form: FlaskForm, errors: dict[str, str],
                 field_name: FieldName) -> dict[str, str]:
    """Put each engine message on the form field it belongs to; return those that belong to
    no field."""
    rest = {}
    for name, message in errors.items():
        key = field_name(name)
        if key in form:
            form[key].errors = [message]
        else:
            rest[name] = message
    return rest


def resolve(**finders: Callable[[], Any]) -> dict[str, Any]:
    """Call each finder; what one cannot find becomes an error on the form field it is
    named after (an unknown login is bad input, not a missing page)."""
    found, errors = {}, {}
    for name, find in finders.items():
        try:
            found[name] = find()
        except NotFound as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)
    return found
