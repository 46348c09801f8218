"""Fixtures for the site-definition tests: the news definition as data to load or to break."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from listengine.models import ContentType, Field, FieldLink, Item, List, Site
from listengine.sitedef.parse import read_document

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
NEWS_FILE = SCHEMA_DIR / "news.yaml"


@pytest.fixture(scope="session")
def news_file() -> Path:
    return NEWS_FILE


@pytest.fixture(scope="session")
def _news_document():
    return read_document(NEWS_FILE)


@pytest.fixture
def news_document(_news_document):
    """A fresh copy of news.yaml as plain data, for a test to change."""
    return copy.deepcopy(_news_document)


@pytest.fixture
def row_counts(session):
    """Rows per engine table, to show that a load wrote nothing (or nothing new)."""
    def count():
        return {model.__name__: session.scalar(select(func.count()).select_from(model))
                for model in (Site, Field, ContentType, FieldLink, List, Item)}
    return count
