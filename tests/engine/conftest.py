"""Fixtures for engine tests: a news-like list built through the services."""
from __future__ import annotations

import pytest

from listengine.services import columns, content_types, lists


@pytest.fixture
def categories(session, site, user, editor):
    """A "Phân loại" list with two categories."""
    from listengine.services import items
    lst = lists.create_list(session, site, title="Phân loại", url_name="phan-loai", actor=editor)
    for name in ("Thời sự", "Kinh tế"):
        items.create_item(session, lst, {"Title": name}, actor=editor)
    return lst


@pytest.fixture
def news_type(session, site, categories, editor):
    """A site content type "Tin" (child of Item) with a few typed columns."""
    ct = content_types.create_content_type(session, site, name="Tin", parent="Item", actor=editor)
    for spec in (
        dict(internal_name="Summary", title="Tóm tắt", type_key="Note"),
        dict(internal_name="PageCount", title="Số Trang", type_key="Integer",
             settings={"min": 0}),
        dict(internal_name="Category", title="Phân loại", type_key="Lookup",
             settings={"target_list": categories.id, "delete_behavior": "restrict"}),
        dict(internal_name="ReadCount", title="Số lượt người đọc", type_key="Counter"),
    ):
        column = columns.create_site_column(session, site, **spec, actor=editor)
        content_types.add_field_link(session, ct, column, actor=editor)
    return ct


@pytest.fixture
def news(session, site, news_type, editor):
    return lists.create_list(session, site, title="Tin tức", url_name="tin-tuc",
                             content_types=[news_type], actor=editor)
