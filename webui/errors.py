"""Error pages: a missing (or invisible) site, list or item is a 404 page (offering an
anonymous visitor to sign in, the same for both), a refused form a 400 page, a refused action
a 403 page, or the sign-in page for an anonymous visitor; a database too busy to take a write
in time is a 503 page with ``Retry-After``, never a 500."""
from __future__ import annotations

from flask import Flask, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import NotFound as HttpNotFound

from listengine.db import DatabaseBusy, is_lock_timeout
from listengine.errors import AccessDenied, NotFound, ValidationError

from .actor import current_actor


def _not_found(error: Exception):
    message = str(error) if isinstance(error, NotFound) else ""
    return render_template("404.html", message=message), 404


def _access_denied(error: AccessDenied):
    if current_actor().is_anonymous:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return render_template("403.html", message=str(error)), 403


def _csrf_refused(error: CSRFError):
    return render_template("400.html", message=error.description), 400


def _bad_parameter(error: ValidationError):
    """A query parameter the engine refused (forms catch their own errors): 400, naming it."""
    return render_template("400.html", errors=error.errors), 400


#: Seconds a visitor is asked to wait before retrying when the database is busy.
RETRY_AFTER_S = 5


def _busy(error: Exception):
    """A unit of work that could not get the write lock in time (an editor's save while a
    bulk load runs): nothing was written, so retrying is safe."""
    return render_template("503.html"), 503, {"Retry-After": str(RETRY_AFTER_S)}


def _database_error(error: OperationalError):
    """A driver's lock timeout met outside a unit of work is busy too; anything else stays
    an error."""
    if is_lock_timeout(error):
        return _busy(error)
    raise error


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(HttpNotFound, _not_found)
    app.register_error_handler(CSRFError, _csrf_refused)
    app.register_error_handler(AccessDenied, _access_denied)
    app.register_error_handler(ValidationError, _bad_parameter)
    app.register_error_handler(DatabaseBusy, _busy)
    app.register_error_handler(OperationalError, _database_error)
