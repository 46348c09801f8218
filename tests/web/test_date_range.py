"""A date stored before the engine enforced SharePoint's range must not take pages down.

Issue 7, finding 1: an editor saved Ngày xuất bản ``9999-12-31T23:00+00:00``; from then on
the list page, the item page and its edit form answered 500 to every visitor, because
showing it in the site's +7 time zone overflows. The engine now refuses such a value; one
already stored (old data, written here straight into the item's JSON) is shown in UTC.
"""
from __future__ import annotations

import pytest
from sqlalchemy.orm.attributes import flag_modified

from listengine.models import Field
from listengine.services import items, lists

ITEM = "/sites/test/lists/moi-kieu/items/1"


@pytest.fixture
def old_item(session, everything, editor):
    """Item 1 of ``everything``, its Published moment past what +7 can show, as old data."""
    lists.update_list(session, everything, view_fields=["Published", "Day"], actor=editor)
    item = items.create_item(session, everything, {"Title": "Bài cũ", "Day": "26/10/2021"},
                             actor=editor)
    published = session.query(Field).filter_by(list_id=everything.id,
                                                internal_name="Published").one()
    item.values[published.storage_key] = "9999-12-31T23:00:00Z"
    flag_modified(item, "values")
    session.flush()
    return item


def test_list_item_and_edit_pages_show_an_out_of_range_date(client, old_item):
    for url, shown in (("/sites/test/lists/moi-kieu/", "31/12/9999 23:00 UTC"),
                       (ITEM, "31/12/9999 23:00 UTC"),
                       (f"{ITEM}/edit", 'value="9999-12-31T23:00"')):
        response = client.get(url)
        assert response.status_code == 200, url
        assert shown in response.text, url


def test_saving_it_again_is_refused_with_the_range(client, old_item):
    response = client.post(f"{ITEM}/edit", data={"Title": "Bài cũ", "Published": "9999-12-31T23:00",
                                                  "row_version": str(old_item.row_version)})
    assert response.status_code == 400
    assert "Enter a date between 01/01/1900 and 31/12/8900." in response.text


@pytest.mark.parametrize("typed", ["9999-12-31T23:00+00:00", "9999-12-31T23:59-14:00"])
def test_the_issues_values_are_refused_on_the_new_form(client, everything, typed):
    response = client.post("/sites/test/lists/moi-kieu/items/new",
                           data={"Title": "Bài mới", "Published": typed})
    assert response.status_code == 400
    assert "Enter a date between 01/01/1900 and 31/12/8900." in response.text
