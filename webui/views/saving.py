"""Posting a form to the engine: one unit of work, then a redirect, or the form again with
the engine's messages (400) and nothing changed.

Shared by the permission, group, level and user pages, whose forms each make one change.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import flash, redirect
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

from listengine.errors import NotFound, ValidationError

from ..actor import current_actor
from ..db import unit_of_work

#: ``change(session) -> (message to flash, URL to go to)``.
Change = Callable[[Session], tuple[str, str]]
#: ``show(status, errors that belong to no field)``: the page with the form on it.
Show = Callable[[int, dict[str, str]], Any]


def save(form: FlaskForm, change: Change, show: Show):
    """Run ``change`` when ``form`` was posted (with its CSRF token); show the page otherwise.

    ``change`` finds what it changes again in its own session and calls the services, which
    check the actor's rights (a refusal propagates to the 403 or sign-in page). The actor is
    found first: that reads through the request's session, which must not be opened inside
    the unit of work.
    """
    if not form.validate_on_submit():
        return show(400 if form.is_submitted() else 200, {})
    current_actor()
    try:
        with unit_of_work() as session:
            message, target = change(session)
    except ValidationError as exc:
        return show(400, _show_errors(form, exc.errors))
    flash(message)
    return redirect(target)


def _show_errors(form: FlaskForm, errors: dict[str, str]) -> dict[str, str]:
    """Put each engine message on the form's field of the same name; return those that
    belong to no field."""
    rest = {}
    for name, message in errors.items():
        if name in form:
            form[name].errors = [message]
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
