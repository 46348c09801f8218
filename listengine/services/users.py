"""People: create, find, sign in (throttled, see :mod:`.throttle`), end their sessions, and
the System Account that provisioning acts as.

Passwords are hashed with argon2 at the library's default cost unless the
``LISTENGINE_ARGON2_*`` settings (:class:`listengine.config.Argon2Parameters`) or a
:func:`configure_hasher` call say otherwise: the test suite asks for a cheap hash,
production keeps the default."""
from __future__ import annotations

import hmac

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import Argon2Parameters
from ..errors import NotFound, ValidationError, one_error
from ..models import User
from ..models.site import SYSTEM_LOGIN, new_session_stamp
from ..text import text_problem
from . import access, throttle
from .atomic import atomic
from .fetch import one_or_not_found

#: Length limits of a user's free text: the widths of their columns, and a password limit
#: far above any passphrase.
MAX_LOGIN = 128
MAX_DISPLAY_NAME = 255
MAX_EMAIL = 320
MIN_PASSWORD, MAX_PASSWORD = 8, 1024


def configure_hasher(parameters: Argon2Parameters) -> None:
    """Hash new passwords with these argon2 costs (a stored hash names its own costs, so
    existing passwords keep verifying)."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(**parameters.overrides())
    # Verified against when the login is unknown, so that a miss costs as long as a hit.
    _DUMMY_HASH = _hasher.hash("not a password of anyone")


configure_hasher(Argon2Parameters.from_environment())


@atomic
def create_user(session: Session, *, actor: access.Actor, login: str, display_name: str,
                email: str = "", password: str | None = None,
                is_site_admin: bool = False) -> User:
    """A new user; only a site collection administrator creates users."""
    access.require_admin(actor, "create users")
    errors = _profile_errors(display_name or "", email, password)
    if not isinstance(login, str) or not login.strip():
        errors["login"] = f"A login of 1-{MAX_LOGIN} characters is required."
    elif problem := text_problem(login.strip(), MAX_LOGIN):
        errors["login"] = problem
    elif session.scalar(select(User.id).where(User.login == login.strip())):
        errors["login"] = f"The login '{login}' is taken."
    if errors:
        raise ValidationError(errors)
    user = User(login=login.strip(), display_name=display_name.strip(), email=email,
                is_site_admin=is_site_admin,
                password_hash=_hasher.hash(password) if password else "")
    session.add(user)
    session.flush()
    return user


@atomic
def update_user(session: Session, user: User, *, actor: access.Actor,
                display_name: str | None = None, email: str | None = None,
                is_active: bool | None = None, is_site_admin: bool | None = None,
                password: str | None = None) -> User:
    """Change what a site collection administrator may change of a user; ``None`` keeps a
    value. Nobody can deactivate or demote their own account or the System Account, so that
    the site never loses its last way in."""
    access.require_admin(actor, "change users")
    errors = _profile_errors(display_name, email, password)
    protected = user.is_system or user.id == actor.user_id
    if protected and is_active is False:
        errors["is_active"] = "Your own account and the System Account stay active."
    if protected and is_site_admin is False:
        errors["is_site_admin"] = ("Your own account and the System Account stay site "
                                   "collection administrators.")
    if errors:
        raise ValidationError(errors)
    if display_name is not None:
        user.display_name = display_name.strip()
    if email is not None:
        user.email = email
    if is_active is not None:
        user.is_active = is_active
        if not is_active:  # sessions of a deactivated account stay ended if it comes back
            end_sessions(session, user)
    if is_site_admin is not None:
        user.is_site_admin = is_site_admin
    if password is not None:
        _set_password(session, user, password)
    session.flush()
    return user


def _profile_errors(display_name: object, email: str | None,
                    password: str | None) -> dict[str, str]:
    """What is wrong with the parts of a user that both creating and editing check
    (``None``: a part not being set)."""
    errors = {}
    if display_name is not None:
        if not isinstance(display_name, str) or not display_name.strip():
            errors["display_name"] = "A display name is required."
        elif problem := text_problem(display_name.strip(), MAX_DISPLAY_NAME):
            errors["display_name"] = problem
    if email:
        if not isinstance(email, str) or "@" not in email:
            errors["email"] = "Enter a valid e-mail address."
        elif problem := text_problem(email, MAX_EMAIL):
            errors["email"] = problem
    if password is not None and (problem := _password_problem(password)):
        errors["password"] = problem
    return errors


def _password_problem(password: object) -> str | None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters."
    return text_problem(password, MAX_PASSWORD)


def _set_password(session: Session, user: User, password: str) -> None:
    """Give ``user`` a new password. Every session of theirs ends with the old one, and so do
    the waits and locks of failed sign-ins to their login."""
    if problem := _password_problem(password):
        raise one_error("password", problem)
    user.password_hash = _hasher.hash(password)
    throttle.forget_login(session, user.login)
    end_sessions(session, user)


def end_sessions(session: Session, user: User) -> None:
    """End every session and remember-me token ``user`` has been given (signing out, a new
    password): they carry the session stamp, which changes."""
    user.session_stamp = new_session_stamp()
    session.flush()


def get_user(session: Session, login: str) -> User:
    if not isinstance(login, str) or text_problem(login, MAX_LOGIN):
        raise NotFound("No such user.")  # no such login can exist, nor be looked up
    return one_or_not_found(session, select(User).where(User.login == login),
                            f"No user '{login}'.")


def get_user_by_id(session: Session, user_id: int) -> User | None:
    """An active user by id (a signed-in session's user), else ``None``."""
    user = session.get(User, user_id)
    return user if user is not None and user.is_active else None


def get_signed_in_user(session: Session, user_id: int, stamp: str) -> User | None:
    """The active user whose session (or remember-me token) carries this id and session
    stamp; ``None`` once the stamp has changed, which ends that session."""
    user = get_user_by_id(session, user_id)
    if user is None or not hmac.compare_digest(
            user.session_stamp.encode(), stamp.encode("utf-8", "surrogatepass")):
        return None
    return user


def authenticate(session: Session, login: str, password: str, *,
                 client: str | None = None) -> User | None:
    """The user whose login and password these are, or ``None``.

    ``client`` is the address the attempt comes from (``None``: unknown, one address for
    all such attempts); :mod:`.throttle` decides whether the password is checked at all, so
    that an attempt that is waiting or locked out is refused even with the right password.
    Nothing tells an unknown login, a wrong password and a refused attempt apart. The caller
    commits, so that failures are counted even though nobody signs in.
    """
    if not isinstance(login, str) or not isinstance(password, str):
        return None
    login = login.strip()
    attempt = throttle.Attempt.of(login, client)
    if not throttle.claim(session, attempt):
        return None
    user = None if text_problem(login, MAX_LOGIN) else session.scalar(
        select(User).where(User.login == login))
    if user is None or not user.is_active or not user.password_hash:
        # The same work as a real check, so that timing tells no login from a known one.
        check_password(User(password_hash=_DUMMY_HASH), password)
        user = None
    elif not check_password(user, password):
        user = None
    if user is None:
        throttle.failed(session, attempt)
    else:
        throttle.succeeded(session, attempt)
    return user


def list_users(session: Session, *, include_inactive: bool = False) -> list[User]:
    """Active users by name (pickers); the users page also shows deactivated ones."""
    query = select(User).order_by(User.display_name, User.login)
    return list(session.scalars(query if include_inactive else query.where(User.is_active)))


def check_password(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except VerificationError:
        return False


def system_account(session: Session) -> User:
    """SharePoint's "System Account": who provisioning and, until sign-in, the web act as."""
    user = session.scalar(select(User).where(User.login == SYSTEM_LOGIN))
    if user is None:
        user = User(login=SYSTEM_LOGIN, display_name="System Account", is_site_admin=True)
        session.add(user)
        session.flush()
    return user


def system_actor(session: Session) -> access.Actor:
    """SharePoint's System Account acting: provisioning, the CLI and the site definition
    loader. It lives here rather than in :mod:`.access`, which stays below user
    administration in the layer order."""
    return access.Actor(system_account(session))
