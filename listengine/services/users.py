"""People: create, find, and the system account that acts before sign-in exists."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ValidationError, one_error
from ..models import User
from .fetch import one_or_not_found

SYSTEM_LOGIN = "system"
_hasher = PasswordHasher()


def create_user(session: Session, *, login: str, display_name: str, email: str = "",
                password: str | None = None, is_site_admin: bool = False) -> User:
    errors = {}
    if not isinstance(login, str) or not login.strip() or len(login) > 128:
        errors["login"] = "A login of 1-128 characters is required."
    elif session.scalar(select(User.id).where(User.login == login.strip())):
        errors["login"] = f"The login '{login}' is taken."
    if not isinstance(display_name, str) or not display_name.strip():
        errors["display_name"] = "A display name is required."
    if email and "@" not in email:
        errors["email"] = "Enter a valid e-mail address."
    if password is not None and len(password) < 8:
        errors["password"] = "Use at least 8 characters."
    if errors:
        raise ValidationError(errors)
    user = User(login=login.strip(), display_name=display_name.strip(), email=email,
                is_site_admin=is_site_admin,
                password_hash=_hasher.hash(password) if password else "")
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, login: str) -> User:
    return one_or_not_found(session, select(User).where(User.login == login),
                            f"No user '{login}'.")


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.is_active).order_by(User.display_name)))


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
