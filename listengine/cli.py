"""The ``listengine`` command's engine commands: init, load-schema, create-user, demo.

The web server command (``run``) is added by :mod:`webui.cli`, which is the console entry
point, so that the engine never imports the web layer.
"""
from __future__ import annotations

import secrets
from pathlib import Path

import click

from . import demo as demo_data
from . import sitedef
from .config import DEFAULT_INSTANCE, Settings
from .db import Database
from .errors import ListEngineError, NotFound
from .migrate import upgrade
from .models import User
from .services import users
from .storage import LocalBlobStore

ADMIN_LOGIN = "admin"
ADMIN_PASSWORD_FILE = DEFAULT_INSTANCE / "admin_password"


def _database() -> Database:
    """The configured database, created or upgraded to the newest schema."""
    db = Database.from_url(Settings().database_url)
    upgrade(db.engine)
    return db


@click.group()
def cli() -> None:
    """SharePoint-style lists, columns, content types and items."""


@cli.command()
def init() -> None:
    """Create or upgrade the database and the system account."""
    db = _database()
    with db.unit_of_work() as session:
        users.system_account(session)
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@cli.command("load-schema")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_schema(path: Path) -> None:
    """Create or update a site from a definition file (YAML or JSON); safe to repeat."""
    try:
        with _database().unit_of_work() as session:
            report = sitedef.load_file(session, path)
    except ListEngineError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(str(report))


@cli.command("create-user")
@click.option("--login", required=True)
@click.option("--name", "display_name", required=True, help="Display name.")
@click.option("--email", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Site collection administrator.")
def create_user(login: str, display_name: str, email: str, password: str, admin: bool) -> None:
    """Create a user who can sign in."""
    try:
        with _database().unit_of_work() as session:
            users.create_user(session, login=login, display_name=display_name, email=email,
                              password=password, is_site_admin=admin)
    except ListEngineError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created user '{login}'.")


def _demo_admin(session) -> tuple[User, str]:
    """The demo's admin: created once with a random password kept in the instance folder."""
    try:
        admin = users.get_user(session, ADMIN_LOGIN)
    except NotFound:
        password = secrets.token_urlsafe(12)
        admin = users.create_user(session, login=ADMIN_LOGIN, display_name="Quản trị viên",
                                  password=password, is_site_admin=True)
        ADMIN_PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        ADMIN_PASSWORD_FILE.write_text(password + "\n")
        ADMIN_PASSWORD_FILE.chmod(0o600)
    stored = ADMIN_PASSWORD_FILE.read_text().strip() if ADMIN_PASSWORD_FILE.exists() else None
    return admin, stored or "(set before; see `listengine create-user`)"


@cli.command()
def demo() -> None:
    """init + the news site (schema/news.yaml) + sample articles; safe to repeat."""
    try:
        with _database().unit_of_work() as session:
            users.system_account(session)
            admin, password = _demo_admin(session)
            demo_data.load_demo(session, user=admin, files=LocalBlobStore(Settings().files_dir))
    except ListEngineError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Demo news site ready. Admin login: {ADMIN_LOGIN} / password: {password}")
