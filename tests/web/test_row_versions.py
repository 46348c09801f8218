"""A save always names the version it edits: a missing or malformed row version is refused
(400) and changes nothing, on the form and in the engine; concurrent editors never silently
overwrite each other."""
from __future__ import annotations

import threading

import pytest

from listengine.db import Database
from listengine.errors import ValidationError
from listengine.services import groups, items, lists, sites, users
from webui import create_app

from .conftest import signed_in

URL = "/sites/test/lists/phan-loai/items/1/edit"


def _title(session, categories) -> tuple[int, str]:
    session.expire_all()
    item = items.get_item(session, categories, 1, actor=users.system_actor(session))
    return item.row_version, items.read_values(session, item)["Title"]


@pytest.mark.parametrize("row_version", [None, "", "abc", "0", "-1", "1.0", "1e3", " ",
                                         "99999999999999999999", "١"])
def test_a_save_without_a_valid_row_version_is_refused(client, session, categories,
                                                       row_version):
    data = {"Title": "Ghi đè"}
    if row_version is not None:
        data["row_version"] = row_version
    response = client.post(URL, data=data)
    assert response.status_code == 400
    assert "Không rõ phiên bản của mục đang sửa" in response.text
    assert _title(session, categories) == (1, "Thời sự")


def test_the_right_row_version_saves_and_a_stale_one_conflicts(client, session, categories):
    assert client.post(URL, data={"Title": "Mới", "row_version": "1"}).status_code == 302
    assert client.post(URL, data={"Title": "Cũ", "row_version": "1"}).status_code == 409
    assert _title(session, categories) == (2, "Mới")


@pytest.mark.parametrize("expected", [None, "1", True, 0, -1, 2**31, 2**63, 1.0])
def test_the_engine_refuses_a_save_that_names_no_version(session, categories, editor,
                                                         expected):
    item = items.get_item(session, categories, 1, actor=editor)
    with pytest.raises(ValidationError) as exc:
        items.update_item(session, item, {"Title": "x"}, actor=editor,
                          expected_row_version=expected)
    assert set(exc.value.errors) == {"row_version"}
    assert _title(session, categories) == (1, "Thời sự")


def _world(url: str):
    """A committed site with one list item and an editor (threads need real commits)."""
    database = Database.from_url(url)
    with database.unit_of_work() as session:
        system = users.system_actor(session)
        site = sites.create_site(session, actor=system, slug="test", title="Thử")
        lst = lists.create_list(session, site, title="Phân loại", url_name="phan-loai",
                                actor=system)
        items.create_item(session, lst, {"Title": "Gốc"}, actor=system)
        editor = users.create_user(session, actor=system, login="editor", display_name="E")
        groups.add_member(session, groups.default_group(session, site, "Members"), editor,
                          actor=system)
    return database, editor


def _saves(app, editor, work) -> list[int]:
    """8 threads x 25 saves, each ``work(client, thread, n) -> status``; all statuses."""
    statuses: list[int] = []
    lock = threading.Lock()

    def run(thread: int) -> None:
        client = signed_in(app, editor)
        for n in range(25):
            status = work(client, thread, n)
            with lock:
                statuses.append(status)
    threads = [threading.Thread(target=run, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _item(database):
    with database.unit_of_work() as session:
        lst = lists.get_list(session, sites.get_site(session, "test"), "phan-loai",
                             actor=users.system_actor(session))
        item = items.get_item(session, lst, 1, actor=users.system_actor(session))
        return item.row_version, items.read_values(session, item)["Title"]


def test_concurrent_saves_without_a_row_version_overwrite_nothing(committed_url, tmp_path):
    database, editor = _world(committed_url)
    app = create_app({"TESTING": True, "LISTENGINE_DATABASE": database, "SECRET_KEY": "t",
                      "WTF_CSRF_ENABLED": False, "LISTENGINE_FILES_DIR": str(tmp_path)})
    statuses = _saves(app, editor, lambda client, t, n: client.post(
        URL, data={"Title": f"Luồng {t} lần {n}"}).status_code)
    assert statuses == [400] * 200  # every save answered, every one refused
    assert _item(database) == (1, "Gốc")
    database.engine.dispose()


def test_concurrent_saves_each_build_on_the_version_they_read(committed_url, tmp_path):
    """Every accepted save started from the version it replaced: the accepted saves are
    exactly the version bumps, and each refused one is a 409, never a silent overwrite."""
    database, editor = _world(committed_url)
    app = create_app({"TESTING": True, "LISTENGINE_DATABASE": database, "SECRET_KEY": "t",
                      "WTF_CSRF_ENABLED": False, "LISTENGINE_FILES_DIR": str(tmp_path)})

    def save(client, thread, n) -> int:
        seen, _ = _item(database)
        return client.post(URL, data={"Title": f"Luồng {thread} lần {n}",
                                      "row_version": str(seen)}).status_code
    statuses = _saves(app, editor, save)
    assert len(statuses) == 200 and set(statuses) <= {302, 409}
    row_version, _ = _item(database)
    assert statuses.count(302) == row_version - 1 > 0
    database.engine.dispose()
