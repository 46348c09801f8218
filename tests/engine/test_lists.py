"""Lists and sites: names, renames, deletion."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from listengine.errors import NotFound, ValidationError
from listengine.models import Item, Site
from listengine.services import items, lists, sites


def test_list_names_are_validated_and_unique_per_site(session, site):
    for kwargs, param in [(dict(title="A", url_name="Tin Tức"), "url_name"),
                          (dict(title="A", url_name="-x"), "url_name"),
                          (dict(title=" ", url_name="a"), "title"),
                          (dict(title="A", url_name="a", page_size=0), "page_size")]:
        with pytest.raises(ValidationError) as exc:
            lists.create_list(session, site, **kwargs)
        assert param in exc.value.errors
    lists.create_list(session, site, title="Tin tức", url_name="tin-tuc")
    with pytest.raises(ValidationError) as exc:
        lists.create_list(session, site, title="Tin tức", url_name="tin-tuc")
    assert set(exc.value.errors) == {"title", "url_name"}
    other = sites.create_site(session, slug="other", title="Khác")
    lists.create_list(session, other, title="Tin tức", url_name="tin-tuc")


def test_rename_and_view_fields(session, site, news):
    lists.update_list(session, news, title="Tin mới", url_name="tin-moi",
                      view_fields=["Title", "Summary"])
    assert lists.get_list(session, site, "tin-moi").title == "Tin mới"
    with pytest.raises(NotFound):
        lists.get_list(session, site, "tin-tuc")
    with pytest.raises(ValidationError) as exc:
        lists.update_list(session, news, view_fields=["Nope"])
    assert "view_fields" in exc.value.errors
    with pytest.raises(ValidationError):
        lists.update_list(session, news, url_name="phan-loai")


def test_delete_list_with_items(session, site, news, user):
    items.create_item(session, news, {"Title": "a"}, user=user)
    lists.delete_list(session, news)
    assert session.scalar(select(func.count()).select_from(Item).where(Item.list_id == news.id)) == 0
    with pytest.raises(NotFound):
        lists.get_list(session, site, "tin-tuc")


def test_list_looked_up_by_another_cannot_be_deleted(session, news, categories, user):
    items.create_item(session, news, {"Title": "a", "Category": 1}, user=user)
    with pytest.raises(ValidationError):
        lists.delete_list(session, categories)
    assert lists.item_counts(session, categories.site)[categories.id] == 2


def test_site_validation(session, site):
    with pytest.raises(ValidationError) as exc:
        sites.create_site(session, slug="Bad Slug", title="", time_zone="Mars/Olympus")
    assert set(exc.value.errors) == {"slug", "title", "time_zone"}
    with pytest.raises(ValidationError):
        sites.create_site(session, slug="test", title="Again")
    assert [s.slug for s in sites.list_sites(session)] == ["test"]
    assert session.scalar(select(func.count()).select_from(Site)) == 1


def test_update_site(session, site):
    sites.update_site(session, site, title="Cổng mới", time_zone="UTC", description="d")
    assert (site.title, site.time_zone, site.description) == ("Cổng mới", "UTC", "d")
    with pytest.raises(ValidationError) as exc:
        sites.update_site(session, site, time_zone="Nowhere/City")
    assert "time_zone" in exc.value.errors
    assert site.time_zone == "UTC"
