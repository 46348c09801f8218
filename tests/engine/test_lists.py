"""Lists and sites: names, renames, deletion."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from listengine.errors import NotFound, ValidationError
from listengine.models import Item, Site
from listengine.services import items, lists, sites


def test_list_names_are_validated_and_unique_per_site(session, site, editor, system):
    for kwargs, param in [(dict(title="A", url_name="Tin Tức"), "url_name"),
                          (dict(title="A", url_name="-x"), "url_name"),
                          (dict(title=" ", url_name="a"), "title"),
                          (dict(title="A", url_name="a", page_size=0), "page_size")]:
        with pytest.raises(ValidationError) as exc:
            lists.create_list(session, site, **kwargs, actor=editor)
        assert param in exc.value.errors
    lists.create_list(session, site, title="Tin tức", url_name="tin-tuc", actor=editor)
    with pytest.raises(ValidationError) as exc:
        lists.create_list(session, site, title="Tin tức", url_name="tin-tuc", actor=editor)
    assert set(exc.value.errors) == {"title", "url_name"}
    other = sites.create_site(session, slug="other", title="Khác", actor=system)
    lists.create_list(session, other, title="Tin tức", url_name="tin-tuc", actor=system)


def test_rename_and_view_fields(session, site, news, editor):
    lists.update_list(session, news, title="Tin mới", url_name="tin-moi",
                      view_fields=["Title", "Summary"], actor=editor)
    assert lists.get_list(session, site, "tin-moi", actor=editor).title == "Tin mới"
    with pytest.raises(NotFound):
        lists.get_list(session, site, "tin-tuc", actor=editor)
    with pytest.raises(ValidationError) as exc:
        lists.update_list(session, news, view_fields=["Nope"], actor=editor)
    assert "view_fields" in exc.value.errors
    with pytest.raises(ValidationError):
        lists.update_list(session, news, url_name="phan-loai", actor=editor)


def test_delete_list_with_items(session, site, news, user, editor):
    items.create_item(session, news, {"Title": "a"}, actor=editor)
    lists.delete_list(session, news, actor=editor)
    assert session.scalar(select(func.count()).select_from(Item).where(Item.list_id == news.id)) == 0
    with pytest.raises(NotFound):
        lists.get_list(session, site, "tin-tuc", actor=editor)


def test_list_looked_up_by_another_cannot_be_deleted(session, news, categories, user, editor):
    items.create_item(session, news, {"Title": "a", "Category": 1}, actor=editor)
    with pytest.raises(ValidationError):
        lists.delete_list(session, categories, actor=editor)
    assert lists.item_counts(session, categories.site, actor=editor)[categories.id] == 2


def test_site_validation(session, site, system):
    with pytest.raises(ValidationError) as exc:
        sites.create_site(session, slug="Bad Slug", title="", time_zone="Mars/Olympus",
                          actor=system)
    assert set(exc.value.errors) == {"slug", "title", "time_zone"}
    with pytest.raises(ValidationError):
        sites.create_site(session, slug="test", title="Again", actor=system)
    assert [s.slug for s in sites.list_sites(session)] == ["test"]
    assert session.scalar(select(func.count()).select_from(Site)) == 1


def test_update_site(session, site, system):
    sites.update_site(session, site, title="Cổng mới", time_zone="UTC", description="d",
                      actor=system)
    assert (site.title, site.time_zone, site.description) == ("Cổng mới", "UTC", "d")
    with pytest.raises(ValidationError) as exc:
        sites.update_site(session, site, time_zone="Nowhere/City", actor=system)
    assert "time_zone" in exc.value.errors
    assert site.time_zone == "UTC"
