"""The sample news site behind ``listengine demo``.

Both halves are data in ``schema/``: the site definition (``news.yaml``: columns, the "Tin Tức
Mở Rộng" content type, the "Phân loại" and "Tin tức" lists) and the sample articles
(``news_demo.yaml``, the seed page's article among them). Loading twice duplicates nothing:
the definition loader compares before it writes, and an article whose title the list
already has is skipped.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from .models import User
from .sitedef import Report, load_file
from .sitedef.seed import load_items
from .storage import BlobStore

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
SITE_FILE = SCHEMA_DIR / "news.yaml"
DEMO_FILE = SCHEMA_DIR / "news_demo.yaml"


def load_demo(session: Session, *, user: User, files: BlobStore | None = None) -> Report:
    """Create (or complete) the news site and its sample articles; the caller commits."""
    report = load_file(session, SITE_FILE, user=user, files=files)
    return load_items(session, DEMO_FILE, user=user, files=files, report=report)
