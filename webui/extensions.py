"""Flask extensions, created unbound and bound to an app in :func:`webui.create_app`."""
from __future__ import annotations

from flask_wtf import CSRFProtect

#: Refuses every POST without a valid CSRF token (forms carry it via FlaskForm).
csrf = CSRFProtect()
