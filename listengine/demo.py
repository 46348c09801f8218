"""The sample news site behind ``listengine demo``.

Both halves are data in ``schema/``: the site definition (``news.yaml``: columns, the "Tin Tức
Mở Rộng" content type, the "Phân loại" and "Tin tức" lists) and the sample articles
(``news_demo.yaml``, the seed page's article among them). Loading twice duplicates nothing:
the definition loader compares before it writes, and an article whose title the list
already has is skipped.

The demo's people show the permission levels at work: an editor in the site's Members group
(Edit), an approver in an Approvers group (Approve), a reader in Visitors (Read), and
anonymous visitors who may read the portal.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from .errors import NotFound
from .models import Site, User
from .services import groups, levels, sharing, sites, users
from .services.access import Actor
from .sitedef import Report, load_file
from .sitedef.seed import load_items
from .storage import BlobStore

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
SITE_FILE = SCHEMA_DIR / "news.yaml"
SITE_SLUG = "news"
#: The demo's people besides the admin: login, display name, the group suffix they join.
PEOPLE = (("editor", "Biên tập viên", "Members"), ("approver", "Người duyệt bài", "Approvers"),
          ("reader", "Bạn đọc", "Visitors"))
DEMO_FILE = SCHEMA_DIR / "news_demo.yaml"


def load_demo(session: Session, *, actor: Actor, files: BlobStore | None = None) -> Report:
    """Create (or complete) the news site and its sample articles; the caller commits."""
    report = load_file(session, SITE_FILE, actor=actor, files=files)
    return load_items(session, DEMO_FILE, actor=actor, files=files, report=report)


def load_people(session: Session, *, actor: Actor, passwords: dict[str, str]) -> list[User]:
    """The demo's editor, approver and reader in their groups, and anonymous Read on the
    site; ``passwords`` gives each new login's password. Safe to repeat."""
    site = sites.get_site(session, SITE_SLUG)
    approvers = _approvers_group(session, site, actor)
    people = []
    for login, name, suffix in PEOPLE:
        try:
            user = users.get_user(session, login)
        except NotFound:
            user = users.create_user(session, login=login, display_name=name,
                                     password=passwords[login], actor=actor)
        group = approvers if suffix == "Approvers" else groups.default_group(session, site, suffix)
        groups.add_member(session, group, user, actor=actor)
        people.append(user)
    sharing.set_anonymous_access(session, site, levels.get_level(session, site, "Read"),
                                 actor=actor)
    return people


def _approvers_group(session: Session, site: Site, actor: Actor):
    name = f"{site.title} Approvers"
    try:
        return groups.get_group(session, site, name)
    except NotFound:
        group = groups.create_group(session, site, actor=actor, name=name,
                                    description="Approve articles before they are published.")
        sharing.grant(session, site, group, levels.get_level(session, site, "Approve"),
                      actor=actor)
        return group
