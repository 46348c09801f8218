"""The generic web UI: sites, lists, items and forms built from content types.

:func:`create_app` is a flaskr-style factory. Every view reads and writes through
``listengine.services``; nothing here knows about a particular list or content type.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, Mapping

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

import contenttypes
from listengine.config import Settings

#: Largest request body accepted (uploads included); Image/File columns set their own limits.
DEFAULT_MAX_CONTENT_LENGTH = 32 * 1024 * 1024


def create_app(config: Mapping[str, Any] | object | None = None) -> Flask:
    """Build the app. ``config`` is a mapping or an object; without one, the instance
    folder's ``config.py`` is read if present."""
    app = Flask(__name__, instance_relative_config=True)
    settings = Settings()
    app.config.from_mapping(
        LISTENGINE_DATABASE_URL=settings.database_url,
        LISTENGINE_FILES_DIR=str(settings.files_dir),
        LISTENGINE_SITE_URL=settings.site_url,
        LISTENGINE_SECURE_COOKIES=settings.secure_cookies,
        MAX_CONTENT_LENGTH=DEFAULT_MAX_CONTENT_LENGTH,
        WTF_CSRF_ENABLED=True,
    )
    if config is None:
        app.config.from_pyfile("config.py", silent=True)
    elif isinstance(config, Mapping):
        app.config.from_mapping(config)
    else:
        app.config.from_object(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(Path(app.instance_path))

    from . import (  # noqa: F401  (fieldwidgets: the adapters)
        auth, db, errors, fieldwidgets, formatting, routing, security)
    from .actor import can, current_actor
    from .extensions import csrf
    from .views import items, lists, people, permissions, sites

    routing.init_app(app)
    db.init_app(app)
    csrf.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    formatting.init_app(app)
    # The content types' display templates (contenttypes/templates) after the app's own.
    app.jinja_loader = ChoiceLoader([app.jinja_loader,
                                     FileSystemLoader(contenttypes.TEMPLATES_DIR)])
    app.jinja_env.globals.update(can=can, current_actor=current_actor)
    app.register_blueprint(sites.bp)
    app.register_blueprint(lists.bp)
    app.register_blueprint(items.bp)
    app.register_blueprint(permissions.bp)
    app.register_blueprint(people.bp)
    return app


def _secret_key(instance: Path) -> str:
    """``LISTENGINE_SECRET_KEY``, else a key generated once into ``instance/secret_key``.

    A persisted key keeps sessions and CSRF tokens valid across restarts and processes.
    """
    from_env = os.environ.get("LISTENGINE_SECRET_KEY")
    if from_env:
        return from_env
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first; use theirs
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text().strip()
