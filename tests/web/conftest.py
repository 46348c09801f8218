"""Web fixtures: the app bound to the test's rolled-back connection, and some lists.

Data is created through the services with the ``session`` fixture; the app's own sessions
share the test's connection, so they see it, and what the app writes is rolled back with the
test like everything else.
"""
from __future__ import annotations

import base64

import pytest

from listengine.services import columns, content_types, items, lists, users
from webui import create_app
from webui.auth import SignedIn


@pytest.fixture
def app(db, tmp_path):
    return create_app({"TESTING": True, "LISTENGINE_DATABASE": db, "WTF_CSRF_ENABLED": False,
                       "SECRET_KEY": "test", "LISTENGINE_FILES_DIR": str(tmp_path / "files")})


def signed_in(app, user):
    """A test client whose session is signed in as ``user`` (as Flask-Login stores it: id and
    session stamp)."""
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = SignedIn(user).get_id()
        flask_session["_fresh"] = True
    return client


@pytest.fixture
def client(app, user, editor):
    """Signed in as ``user``, a member of the site's Members group (Edit)."""
    return signed_in(app, user)


@pytest.fixture
def anonymous_client(app):
    return app.test_client()


@pytest.fixture
def owner(session, system, member):
    """A member of the site's Owners group (Full Control), not a site collection admin."""
    person = users.create_user(session, actor=system, login="chu", display_name="Chủ Trang")
    member(person, "Owners")
    return person


@pytest.fixture
def owner_client(app, owner):
    return signed_in(app, owner)


@pytest.fixture
def png() -> bytes:
    """A valid 1x1 PNG."""
    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
                            "DwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture
def categories(session, site, user, editor):
    """A "Phân loại" list with two items (Thời sự = 1, Kinh tế = 2)."""
    lst = lists.create_list(session, site, title="Phân loại", url_name="phan-loai",
                            description="Chuyên mục tin", actor=editor)
    for name in ("Thời sự", "Kinh tế"):
        items.create_item(session, lst, {"Title": name}, actor=editor)
    return lst


#: One list column of every field type, as ``create_list_column`` keyword arguments.
EVERY_TYPE = [
    dict(internal_name="Caption", title="Hình ảnh mô tả", type_key="Text",
         description="Một dòng chữ"),
    dict(internal_name="Summary", title="Tóm tắt", type_key="Note"),
    dict(internal_name="Body", title="Nội dung", type_key="Note", settings={"rich_text": True}),
    dict(internal_name="Score", title="Điểm", type_key="Number"),
    dict(internal_name="Pages", title="Số Trang", type_key="Integer", settings={"min": 0}),
    dict(internal_name="Amount", title="Số tiền", type_key="Currency"),
    dict(internal_name="Published", title="Ngày xuất bản", type_key="DateTime"),
    dict(internal_name="Day", title="Ngày", type_key="DateTime", settings={"date_only": True}),
    dict(internal_name="Featured", title="Tin nổi bật", type_key="Boolean"),
    dict(internal_name="Kind", title="Loại bài viết", type_key="Choice",
         settings={"choices": ["Tin", "Bài", "Ảnh"]}),
    dict(internal_name="Status", title="Trạng thái", type_key="Choice",
         settings={"choices": ["Nháp", "Đã duyệt"], "format": "radio", "fill_in": True}),
    dict(internal_name="Tags", title="Thẻ", type_key="MultiChoice",
         settings={"choices": ["Một", "Hai", "Ba"]}),
    dict(internal_name="Owner", title="Người phụ trách", type_key="User"),
    dict(internal_name="Readers", title="Người đọc", type_key="UserMulti"),
    dict(internal_name="AltLink", title="Link thay thế nội dung", type_key="URL"),
    dict(internal_name="Picture", title="Hình ảnh", type_key="Image"),
    dict(internal_name="Audio", title="Audio", type_key="File",
         settings={"allowed_types": ["audio/mpeg", "audio/ogg", "audio/wav"]}),
    dict(internal_name="ReadCount", title="Số lượt người đọc", type_key="Counter"),
]


@pytest.fixture
def everything(session, site, categories, editor):
    """A list whose content type has a column of every field type (lookups included)."""
    lst = lists.create_list(session, site, title="Mọi kiểu", url_name="moi-kieu", actor=editor)
    for spec in EVERY_TYPE:
        columns.create_list_column(session, lst, **spec, actor=editor)
    columns.create_list_column(session, lst, internal_name="Category", title="Phân loại",
                               type_key="Lookup", settings={"target_list": categories.id},
                               actor=editor)
    columns.create_list_column(session, lst, internal_name="Related", title="Tin liên quan",
                               type_key="LookupMulti", settings={"target_list": "self"},
                               actor=editor)
    return lst


@pytest.fixture
def two_types(session, site, editor):
    """A list with two content types: Item and "Thông báo" (Item + an Expires date)."""
    notice = content_types.create_content_type(session, site, name="Thông báo", parent="Item",
                                              actor=editor)
    content_types.add_field_link(session, notice, columns.create_site_column(
        session, site, internal_name="Expires", title="Hết hạn", type_key="DateTime",
        settings={"date_only": True}, actor=editor), actor=editor)
    item_ct = content_types.get_content_type(session, site, "Item")
    return lists.create_list(session, site, title="Bảng tin", url_name="bang-tin",
                             content_types=[item_ct, notice], actor=editor)
