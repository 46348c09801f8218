"""People: create, find, sign in (with a lockout after repeated failures), and the System
Account that provisioning acts as."""
from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..errors import ValidationError, one_error
from ..models import User, utcnow
from . import access
from .fetch import one_or_not_found

SYSTEM_LOGIN = "system"
#: Failed sign-ins in a row that lock an account, and for how long.
LOCKOUT_THRESHOLD = 5
LOCKOUT_PERIOD = timedelta(minutes=15)
_hasher = PasswordHasher()
#: Verified against when the login is unknown, so that a miss costs as long as a hit.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def create_user(session: Session, *, actor: access.Actor, login: str, display_name: str,
                email: str = "", password: str | None = None,
                is_site_admin: bool = False) -> User:
    """A new user; only a site collection administrator creates users."""
    access.require_admin(actor, "create users")
    errors = _profile_errors(display_name or "", email, password)
    if not isinstance(login, str) or not login.strip() or len(login) > 128:
        errors["login"] = "A login of 1-128 characters is required."
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


def update_user(session: Session, user: User, *, actor: access.Actor,
                display_name: str | None = None, email: str | None = None,
                is_active: bool | None = None, is_site_admin: bool | None = None,
                password: str | None = None) -> User:
    """Change what a site collection administrator may change of a user; ``None`` keeps a
    value. Nobody can deactivate or demote their own account or the System Account, so that
    the site never loses its last way in."""
    access.require_admin(actor, "change users")
    errors = _profile_errors(display_name, email, password)
    protected = user.login == SYSTEM_LOGIN or user.id == actor.user_id
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
    if is_site_admin is not None:
        user.is_site_admin = is_site_admin
    if password is not None:
        set_password(session, user, password)
    session.flush()
    return user


def _profile_errors(display_name: object, email: str | None,
                    password: str | None) -> dict[str, str]:
    """What is wrong with the parts of a user that both creating and editing check
    (``None``: a part not being set)."""
    errors = {}
    if display_name is not None and (not isinstance(display_name, str)
                                     or not display_name.strip()):
        errors["display_name"] = "A display name is required."
    if email and "@" not in email:
        errors["email"] = "Enter a valid e-mail address."
    if password is not None and len(password) < 8:
        errors["password"] = "Use at least 8 characters."
    return errors


def set_password(session: Session, user: User, password: str) -> None:
    """Give ``user`` a new password (at least 8 characters); a lockout ends with it."""
    if not isinstance(password, str) or len(password) < 8:
        raise one_error("password", "Use at least 8 characters.")
    user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until = 0, None
    session.flush()


def get_user(session: Session, login: str) -> User:
    return one_or_not_found(session, select(User).where(User.login == login),
                            f"No user '{login}'.")


def get_user_by_id(session: Session, user_id: int) -> User | None:
    """An active user by id (a signed-in session's user), else ``None``."""
    user = session.get(User, user_id)
    return user if user is not None and user.is_active else None


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The user whose login and password these are, or ``None``.

    Every failure counts against the account; after :data:`LOCKOUT_THRESHOLD` in a row it is
    locked for :data:`LOCKOUT_PERIOD`, during which even the right password is refused. The
    caller commits, so that failures are counted even though nobody signs in.
    """
    if not isinstance(login, str) or not isinstance(password, str):
        return None
    user = session.scalar(select(User).where(User.login == login.strip()))
    now = utcnow()
    if user is None or not user.is_active or not user.password_hash or (
            user.locked_until is not None and user.locked_until > now):
        # The same work as a real check, so that timing tells no login from a locked one.
        check_password(User(password_hash=_DUMMY_HASH), password)
        return None
    if not check_password(user, password):
        # One atomic UPDATE: concurrent wrong guesses each count, none overwrites another.
        failures = session.execute(
            update(User).where(User.id == user.id)
            .values(failed_logins=User.failed_logins + 1).returning(User.failed_logins)
            .execution_options(synchronize_session=False)).scalar_one()
        if failures >= LOCKOUT_THRESHOLD:
            session.execute(update(User).where(User.id == user.id)
                            .values(failed_logins=0, locked_until=now + LOCKOUT_PERIOD)
                            .execution_options(synchronize_session=False))
        session.expire(user, ["failed_logins", "locked_until"])
        return None
    user.failed_logins, user.locked_until = 0, None
    session.flush()
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
