"""The ``listengine`` command's engine commands: init, load-schema, create-list, create-user,
demo.

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
from .services import access, groups, sites, templates, users
from .storage import LocalBlobStore

ADMIN_LOGIN = "admin"
ADMIN_PASSWORD_FILE = DEFAULT_INSTANCE / "admin_password"
#: The demo's other logins and passwords ("login password" lines), readable by the owner only.
DEMO_LOGINS_FILE = DEFAULT_INSTANCE / "demo_logins"


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
    """Create or update a site from a definition file (YAML or JSON); safe to repeat.

    Seed items are committed in batches, so the site stays writable during a long load; if
    one fails, loading the file again completes it."""
    try:
        report = sitedef.load_in_batches(_database(), path)
    except ListEngineError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(str(report))


@cli.command("create-list")
@click.option("--site", "site_slug", help="The site's slug (may be left out with one site).")
@click.option("--template", required=True,
              help="A list template: Custom List, Links, Announcements, Contacts, Events, Tasks, "
                   "Issue Tracking (or its number, e.g. 107).")
@click.option("--title", required=True)
@click.option("--url-name", help="The list's address; by default made from the title.")
@click.option("--description", default="")
def create_list(site_slug: str | None, template: str, title: str, url_name: str | None,
                description: str) -> None:
    """Create a list from a list template, as the System Account."""
    try:
        with _database().unit_of_work() as session:
            lst = templates.create_list_from_template(
                session, _only_site(session, site_slug), template, title=title,
                url_name=url_name, description=description, actor=users.system_actor(session))
            click.echo(f"Created list '{lst.title}' at {lst.url_name}.")
    except ListEngineError as exc:
        raise click.ClickException(str(exc)) from None


def _only_site(session, slug: str | None):
    """The site named by ``slug``, or the database's only site."""
    if slug:
        return sites.get_site(session, slug)
    found = sites.list_sites(session)
    if len(found) != 1:
        raise click.UsageError("Give --site (sites: "
                               f"{', '.join(site.slug for site in found) or 'none'}).")
    return found[0]


@cli.command("create-user")
@click.option("--login", required=True)
@click.option("--name", "display_name", required=True, help="Display name.")
@click.option("--email", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Site collection administrator.")
@click.option("--site", "site_slug", help="The site whose groups --group names.")
@click.option("--group", "group_names", multiple=True,
              help="Add the user to this group of --site (repeatable), "
                   "e.g. 'Cổng thông tin Members'.")
def create_user(login: str, display_name: str, email: str, password: str, admin: bool,
                site_slug: str | None, group_names: tuple[str, ...]) -> None:
    """Create a user who can sign in, optionally in groups of a site."""
    if group_names and not site_slug:
        raise click.UsageError("--group needs --site.")
    try:
        with _database().unit_of_work() as session:
            system = users.system_actor(session)
            user = users.create_user(session, actor=system, login=login,
                                     display_name=display_name, email=email, password=password,
                                     is_site_admin=admin)
            if site_slug:
                site = sites.get_site(session, site_slug)
                for name in group_names:
                    groups.add_member(session, groups.get_group(session, site, name), user,
                                      actor=system)
    except ListEngineError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created user '{login}'" + (f" in {', '.join(group_names)}." if group_names
                                            else "."))


def _demo_admin(session) -> tuple[User, str]:
    """The demo's admin: created once with a random password kept in the instance folder."""
    try:
        admin = users.get_user(session, ADMIN_LOGIN)
    except NotFound:
        password = secrets.token_urlsafe(12)
        admin = users.create_user(session, actor=users.system_actor(session), login=ADMIN_LOGIN,
                                  display_name="Quản trị viên", password=password,
                                  is_site_admin=True)
        ADMIN_PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        ADMIN_PASSWORD_FILE.write_text(password + "\n")
        ADMIN_PASSWORD_FILE.chmod(0o600)
    stored = ADMIN_PASSWORD_FILE.read_text().strip() if ADMIN_PASSWORD_FILE.exists() else None
    return admin, stored or "(set before; see `listengine create-user`)"


def _demo_passwords() -> dict[str, str]:
    """The demo people's passwords: generated once, then read back from the instance folder."""
    known = {}
    if DEMO_LOGINS_FILE.exists():
        known = dict(line.split(" ", 1) for line in DEMO_LOGINS_FILE.read_text().splitlines()
                     if " " in line)
    wanted = {login: known.get(login) or secrets.token_urlsafe(9)
              for login, _name, _group in demo_data.PEOPLE}
    if wanted != known:
        DEMO_LOGINS_FILE.parent.mkdir(parents=True, exist_ok=True)
        DEMO_LOGINS_FILE.write_text("".join(f"{k} {v}\n" for k, v in wanted.items()))
        DEMO_LOGINS_FILE.chmod(0o600)
    return wanted


@cli.command()
def demo() -> None:
    """init + the news site (schema/news.yaml) + sample articles + demo people; safe to
    repeat."""
    passwords = _demo_passwords()
    try:
        with _database().unit_of_work() as session:
            admin, password = _demo_admin(session)
            actor = access.actor_for(session, admin)
            demo_data.load_demo(session, actor=actor, files=LocalBlobStore(Settings().files_dir))
            demo_data.load_people(session, actor=actor, passwords=passwords)
    except ListEngineError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("Demo news site ready. Other logins: " + ", ".join(
        f"{login} / {passwords[login]} ({group})" for login, _name, group in demo_data.PEOPLE))
    click.echo(f"Admin login: {ADMIN_LOGIN} / password: {password}")
