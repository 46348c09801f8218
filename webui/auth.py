"""Sign-in and sign-out with Flask-Login.

Sessions and remember-me tokens carry the user's id and session stamp (Flask-Login's
"alternative tokens"): a token whose stamp is no longer the user's is refused, so signing
out, a new password or a deactivation ends every session of that user, copied cookies
included. "Remember me" is off unless ticked and lasts at most :data:`REMEMBER_FOR`.
A failed sign-in always shows the same message, whether the login is unknown, the password
wrong or the attempt throttled (the engine counts failures per login and client address).
Pages only a signed-in user can use guard their blueprint with :func:`signed_in_only`.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, MutableMapping
from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from listengine.errors import AccessDenied
from listengine.models import User
from listengine.services import users

from .actor import current_actor
from .db import get_session, unit_of_work

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
FAILED_MESSAGE = "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang tạm khóa."
#: The longest a "remember me" cookie lives.
REMEMBER_FOR = timedelta(days=30)


class SignedIn(UserMixin):
    """Flask-Login's view of a :class:`~listengine.models.User`."""

    def __init__(self, user: User):
        self.user = user

    def get_id(self) -> str:
        """What the session and the remember-me cookie store: ``<id>:<session stamp>``."""
        return f"{self.user.id}:{self.user.session_stamp}"


#: ``<id>:<session stamp>``; an id of at most 18 digits always fits a 64-bit column.
_TOKEN = re.compile(r"([1-9][0-9]{0,17}):(.+)")


@login_manager.user_loader
def _load(token: str) -> SignedIn | None:
    found = _TOKEN.fullmatch(token)
    if found is None:
        return None  # malformed, or a session from before session stamps
    user = users.get_signed_in_user(get_session(), int(found[1]), found[2])
    return SignedIn(user) if user is not None else None


class LoginForm(FlaskForm):
    login = StringField("Tên đăng nhập",
                        validators=[DataRequired(), Length(max=users.MAX_LOGIN)])
    password = PasswordField("Mật khẩu",
                             validators=[DataRequired(), Length(max=users.MAX_PASSWORD)])
    remember = BooleanField("Ghi nhớ đăng nhập", default=False)


def signed_in_only() -> None:
    """A before-request guard for blueprints whose pages need rights an anonymous visitor
    never holds (they get Read at most): they are sent to sign in rather than told that a
    list is missing."""
    if current_actor().is_anonymous:
        raise AccessDenied("EnumeratePermissions", "Sign in to see permissions.")


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else would be an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("sites.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("login.html", form=form), 400 if form.is_submitted() else 200
    with unit_of_work() as session:  # commits the failure count too
        user = users.authenticate(session, form.login.data, form.password.data,
                                  client=request.remote_addr)
    if user is None:
        return render_template("login.html", form=form, failed=FAILED_MESSAGE), 401
    login_user(SignedIn(user), remember=form.remember.data)
    flash(f"Xin chào, {user.display_name}.")
    return redirect(_safe_next(request.args.get("next")))


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        with unit_of_work() as session:
            user = users.get_user_by_id(session, current_user.user.id)
            if user is not None:
                users.end_sessions(session, user)
    logout_user()
    flash("Đã đăng xuất.")
    return redirect(url_for("sites.home"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    _harden_cookies(app.config)
    app.register_blueprint(bp)


def _harden_cookies(config: MutableMapping[str, Any]) -> None:
    """HttpOnly and SameSite=Lax (or a configured Strict) on the session and remember-me
    cookies, a remember-me cookie of at most :data:`REMEMBER_FOR`, and Secure by
    ``LISTENGINE_SECURE_COOKIES``, which defaults to on when ``LISTENGINE_SITE_URL`` is
    https.

    Values are set, not ``setdefault``-ed: Flask's defaults (no SameSite, not Secure) already
    fill the session keys, and Flask-Login's (a year) apply when its keys are missing.
    """
    secure = config.get("LISTENGINE_SECURE_COOKIES")
    if secure is None:
        secure = str(config.get("LISTENGINE_SITE_URL") or "").lower().startswith("https://")
    duration = config.get("REMEMBER_COOKIE_DURATION")
    for cookie in ("SESSION", "REMEMBER"):
        strict = config.get(f"{cookie}_COOKIE_SAMESITE") == "Strict"
        config[f"{cookie}_COOKIE_SAMESITE"] = "Strict" if strict else "Lax"
        config[f"{cookie}_COOKIE_HTTPONLY"] = True
        config[f"{cookie}_COOKIE_SECURE"] = bool(secure)
    config["REMEMBER_COOKIE_DURATION"] = (min(duration, REMEMBER_FOR)
                                          if isinstance(duration, timedelta) else REMEMBER_FOR)
