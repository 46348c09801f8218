"""A form with nothing but its CSRF token, for confirmations such as delete."""
from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    pass
