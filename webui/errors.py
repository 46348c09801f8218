"""Error pages: a missing site, list or item is a 404 page, a refused form a 400 page."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound as HttpNotFound

from listengine.errors import NotFound


def _not_found(error: Exception):
    message = str(error) if isinstance(error, NotFound) else ""
    return render_template("404.html", message=message), 404


def _csrf_refused(error: CSRFError):
    return render_template("400.html", message=error.description), 400


def init_app(app: Flask) -> None:
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(HttpNotFound, _not_found)
    app.register_error_handler(CSRFError, _csrf_refused)
