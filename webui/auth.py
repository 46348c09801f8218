"""Sign-in and sign-out with Flask-Login.

Sessions carry only the user's id; "remember me" is off unless ticked. A failed sign-in
always shows the same message, whether the login is unknown, the password wrong or the
account locked after repeated failures (the engine counts them and locks the account).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from listengine.models import User
from listengine.services import users

from .db import get_session, unit_of_work

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
FAILED_MESSAGE = "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang tạm khóa."


class SignedIn(UserMixin):
    """Flask-Login's view of a :class:`~listengine.models.User`."""

    def __init__(self, user: User):
        self.user = user

    def get_id(self) -> str:
        return str(self.user.id)


@login_manager.user_loader
def _load(user_id: str) -> SignedIn | None:
    user = users.get_user_by_id(get_session(), int(user_id)) if user_id.isdigit() else None
    return SignedIn(user) if user is not None else None


class LoginForm(FlaskForm):
    login = StringField("Tên đăng nhập", validators=[DataRequired(), Length(max=128)])
    password = PasswordField("Mật khẩu", validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField("Ghi nhớ đăng nhập", default=False)


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
        user = users.authenticate(session, form.login.data, form.password.data)
    if user is None:
        return render_template("login.html", form=form, failed=FAILED_MESSAGE), 401
    login_user(SignedIn(user), remember=form.remember.data)
    flash(f"Xin chào, {user.display_name}.")
    return redirect(_safe_next(request.args.get("next")))


@bp.post("/logout")
def logout():
    logout_user()
    flash("Đã đăng xuất.")
    return redirect(url_for("sites.home"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.register_blueprint(bp)
