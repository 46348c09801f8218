"""The ``listengine`` command's engine commands: init, load-schema, create-user, demo.

The web server command (``run``) is added by :mod:`webui.cli`, which is the console entry
point, so that the engine never imports the web layer.
"""
from __future__ import annotations

import secrets
from pathlib import Path

import click

from .config import DEFAULT_INSTANCE, Settings
from .db import Database
from .errors import ListEngineError
from .migrate import upgrade
from .storage import LocalBlobStore

NEWS_SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "news.yaml"
ADMIN_PASSWORD_FILE = DEFAULT_INSTANCE / "admin_password"


def _database() -> Database:
    return Database.from_url(Settings().database_url)


def _fail(exc: ListEngineError) -> None:
    raise click.ClickException(str(exc))


@click.group()
def cli() -> None:
    """SharePoint-style lists, columns, content types and items."""


@cli.command()
def init() -> None:
    """Create or upgrade the database and the system account."""
    from .services import users
    db = _database()
    upgrade(db.engine)
    with db.unit_of_work() as session:
        users.system_account(session)
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@cli.command("load-schema")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_schema(path: Path) -> None:
    """Create or update a site from a definition file (YAML or JSON); safe to repeat."""
    from . import sitedef
    db = _database()
    upgrade(db.engine)
    try:
        with db.unit_of_work() as session:
            report = sitedef.load_file(session, path)
    except ListEngineError as exc:
        _fail(exc)
    click.echo(report.summary() if hasattr(report, "summary") else str(report))


@cli.command("create-user")
@click.option("--login", required=True)
@click.option("--name", "display_name", required=True, help="Display name.")
@click.option("--email", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Site collection administrator.")
def create_user(login: str, display_name: str, email: str, password: str, admin: bool) -> None:
    """Create a user who can sign in."""
    from .services import users
    db = _database()
    upgrade(db.engine)
    try:
        with db.unit_of_work() as session:
            users.create_user(session, login=login, display_name=display_name, email=email,
                              password=password, is_site_admin=admin)
    except ListEngineError as exc:
        _fail(exc)
    click.echo(f"Created user '{login}'.")


def _admin_login(session) -> tuple[str, str]:
    """The demo's admin: created once with a random password kept in the instance folder."""
    from .errors import NotFound
    from .services import users
    try:
        users.get_user(session, "admin")
    except NotFound:
        password = secrets.token_urlsafe(12)
        users.create_user(session, login="admin", display_name="Quản trị viên",
                          password=password, is_site_admin=True)
        ADMIN_PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        ADMIN_PASSWORD_FILE.write_text(password + "\n")
        ADMIN_PASSWORD_FILE.chmod(0o600)
    stored = ADMIN_PASSWORD_FILE.read_text().strip() if ADMIN_PASSWORD_FILE.exists() else "(unknown)"
    return "admin", stored


@cli.command()
def demo() -> None:
    """init + the news site (schema/news.yaml) + sample articles; safe to repeat."""
    from . import demo as demo_data
    from . import sitedef
    from .services import users
    db = _database()
    upgrade(db.engine)
    settings = Settings()
    try:
        with db.unit_of_work() as session:
            sitedef.load_file(session, NEWS_SCHEMA)
            login = _admin_login(session)
            demo_data.load_demo(session, user=users.get_user(session, "admin"),
                                files=LocalBlobStore(settings.files_dir))
    except ListEngineError as exc:
        _fail(exc)
    click.echo(f"Demo news site ready. Admin login: {login[0]} / password: {login[1]}")


