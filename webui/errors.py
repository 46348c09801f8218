"""Error pages: a missing (or invisible) site, list or item is a 404 page (offering an
anonymous visitor to sign in, the same for both), a refused form a 400 page, a refused action
a 403 page, or the sign-in page for an anonymous visitor."""
from __future__ import annotations

from flask import Flask, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound as HttpNotFound

from listengine.errors import AccessDenied, NotFound

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


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(HttpNotFound, _not_found)
    app.register_error_handler(CSRFError, _csrf_refused)
    app.register_error_handler(AccessDenied, _access_denied)
