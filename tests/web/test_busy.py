"""Pages while another transaction holds the write lock (a bulk load): the item page answers
at once and its view is counted later, exactly; a save that cannot get the lock in time is a
503 "busy" page with Retry-After, never a 500, and writes nothing.

The app runs on a committed database of the test's own (``committed_url``), so that a second
connection can really hold the lock.
"""
from __future__ import annotations

import time

import pytest

import listengine.db
from listengine.db import Database
from listengine.services import columns, groups, items, levels, lists, sharing, sites, users
from webui import create_app

from ..engine.test_viewcounts import QUICK_S, wait_until, write_lock_held
from .conftest import signed_in

PAGE = "/sites/tin/lists/tin/items/1"


@pytest.fixture
def world(committed_url, tmp_path):
    """A public list with a view-counting counter and one item, an editor, and the app."""
    database = Database.from_url(committed_url)
    with database.unit_of_work() as session:
        system = users.system_actor(session)
        site = sites.create_site(session, actor=system, slug="tin", title="Tin")
        sharing.set_anonymous_access(session, site, levels.get_level(session, site, "Read"),
                                     actor=system)
        lst = lists.create_list(session, site, title="Tin", url_name="tin", actor=system)
        columns.create_list_column(session, lst, internal_name="Views", title="Lượt xem",
                                   type_key="Counter", settings={"count_views": True},
                                   actor=system)
        items.create_item(session, lst, {"Title": "Một"}, actor=system)
        editor = users.create_user(session, actor=system, login="editor", display_name="E")
        groups.add_member(session, groups.default_group(session, site, "Members"), editor,
                          actor=system)
    database.engine.dispose()

    def app():
        return create_app({"TESTING": True, "LISTENGINE_DATABASE_URL": committed_url,
                           "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                           "LISTENGINE_FILES_DIR": str(tmp_path / "files")})
    return committed_url, app, editor


def _stored(url: str) -> tuple[int, str, int]:
    """Views, Title and row version of the item, as committed."""
    database = Database.from_url(url)
    try:
        with database.session() as session:
            system = users.system_actor(session)
            lst = lists.get_list(session, sites.get_site(session, "tin"), "tin", actor=system)
            item = items.get_item(session, lst, 1, actor=system)
            values = items.read_values(session, item)
            return values["Views"], values["Title"], item.row_version
    finally:
        database.engine.dispose()


def test_the_item_page_answers_while_the_write_lock_is_held(world):
    url, make_app, _ = world
    client = make_app().test_client()
    with write_lock_held(url):
        for shown in (1, 2, 3):
            started = time.monotonic()
            response = client.get(PAGE)
            assert time.monotonic() - started < QUICK_S
            assert response.status_code == 200
            assert f"<td>{shown}</td>" in response.text  # stored + this process's pending
        assert _stored(url)[0] == 0
    assert wait_until(lambda: _stored(url)[0] == 3)
    assert "<td>4</td>" in client.get(PAGE).text
    assert wait_until(lambda: _stored(url)[0] == 4)
    assert _stored(url) == (4, "Một", 1)  # no new version for a view


def test_a_save_that_cannot_get_the_lock_is_a_503_and_writes_nothing(world, monkeypatch):
    url, make_app, editor = world
    monkeypatch.setattr(listengine.db, "LOCK_TIMEOUT_MS", 200)  # the app's engine waits 0.2 s
    client = signed_in(make_app(), editor)
    with write_lock_held(url):
        response = client.post(f"{PAGE}/edit", data={"Title": "Hai", "row_version": "1"})
        assert response.status_code == 503
        assert response.headers["Retry-After"].isdigit()
        assert "Hệ thống đang bận, vui lòng thử lại" in response.text
    assert _stored(url) == (0, "Một", 1)
    assert client.post(f"{PAGE}/edit", data={"Title": "Hai", "row_version": "1"}
                       ).status_code == 302
    assert _stored(url)[1:] == ("Hai", 2)
