"""A small world for field type tests: one site, one user, lists with columns and items.

Rows are made directly through the ORM so these tests depend on nothing but the models and
the field types; items store exactly what ``to_json`` gives.
"""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, select

from listengine.fields import DisplayContext, ParseContext, registry
from listengine.models import ContentType, Field, Item, List, SecurityScope, Site, User

TIME_ZONE = "Asia/Ho_Chi_Minh"


class World:
    def __init__(self, session, blobs):
        self.session = session
        self.blobs = blobs
        scope = SecurityScope(anonymous_mask=0)
        session.add(scope)
        session.flush()
        self.site = Site(slug="fields", title="Field tests", time_zone=TIME_ZONE,
                         scope_id=scope.id)
        self.user = User(login="field-tester", display_name="Người Thử")
        session.add_all([self.site, self.user])
        session.flush()
        self.content_type_of: dict[int, int] = {}
        self.list = self.make_list("Tin tức")
        self.display = DisplayContext(time_zone=TIME_ZONE)

    def make_list(self, title: str) -> List:
        lst = List(site_id=self.site.id, title=title, url_name=f"l{len(self.content_type_of)}")
        self.session.add(lst)
        self.session.flush()
        ct = ContentType(site_id=self.site.id, list_id=lst.id, ct_id=f"0x0100{lst.id:032x}",
                         name="Item")
        self.session.add(ct)
        self.session.flush()
        self.content_type_of[lst.id] = ct.id
        return lst

    def column(self, type_key: str, settings: dict[str, Any] | None = None, *,
               lst: List | None = None, name: str | None = None) -> Field:
        lst = lst or self.list
        field = Field(site_id=self.site.id, list_id=lst.id, internal_name=name or type_key,
                      title=name or type_key, type_key=type_key,
                      settings=registry.get(type_key).validate_settings(settings))
        self.session.add(field)
        self.session.flush()
        return field

    def ctx(self, lst: List | None = None) -> ParseContext:
        return ParseContext(self.session, self.site, lst or self.list, None, self.blobs)

    def parse(self, field: Field, raw: Any) -> Any:
        return registry.get(field.type_key).parse(field, raw, self.ctx(self._list_of(field)))

    def item(self, values: dict[Field, Any] | None = None, *, lst: List | None = None) -> Item:
        """An item whose values are parsed from raw input and stored as ``to_json`` gives."""
        lst = lst or self.list
        lst.last_item_no += 1
        stored = {}
        for field, raw in (values or {}).items():
            kind = registry.get(field.type_key)
            value = kind.parse(field, raw, self.ctx(lst))
            if value is not None:
                stored[field.storage_key] = kind.to_json(field, value)
        item = Item(list_id=lst.id, item_no=lst.last_item_no,
                    content_type_id=self.content_type_of[lst.id], values=stored,
                    author_id=self.user.id, editor_id=self.user.id)
        self.session.add(item)
        self.session.flush()
        return item

    def read_back(self, item: Item, field: Field) -> Any:
        """The value as loaded from the database after the session forgot the row."""
        self.session.expire(item)
        stored = self.session.get(Item, item.id).values.get(field.storage_key)
        return registry.get(field.type_key).from_json(field, stored)

    def item_nos(self, *where, order_by=None, lst: List | None = None) -> list[int]:
        query = select(Item.item_no).where(Item.list_id == (lst or self.list).id, *where)
        order = [] if order_by is None else [order_by]
        return list(self.session.scalars(query.order_by(*order, Item.item_no)))

    def _list_of(self, field: Field) -> List:
        return self.session.get(List, field.list_id)


@pytest.fixture
def world(session, blobs) -> World:
    return World(session, blobs)


@pytest.fixture
def queries(session) -> list[str]:
    """The SQL statements run from the moment the fixture is used (one-query checks)."""
    statements: list[str] = []
    bind = session.connection()

    def record(conn, cursor, statement, *rest):
        statements.append(statement)

    event.listen(bind, "before_cursor_execute", record)
    yield statements
    event.remove(bind, "before_cursor_execute", record)
