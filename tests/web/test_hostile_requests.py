"""No request, however hostile, is answered with a 500, and a refused one writes nothing.

Hypothesis posts arbitrary and hostile values to every POST route of the app (with every form
field name any form has, plus every column of a list with a column of each field type) and
puts them into every URL parameter and query parameter of every GET route, signed in as a
site collection administrator so that nothing is refused merely for lack of rights. Each
example runs in a SAVEPOINT that is rolled back, so examples start from the same database.
"""
from __future__ import annotations

import hashlib
import inspect
import re
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from wtforms.fields.core import UnboundField

import webui.auth
import webui.forms.confirm
import webui.forms.permissions
from listengine.models import Base
from listengine.services import groups, items, levels, users

from .conftest import signed_in

#: Values that broke something once, or are made to: huge and tiny numbers, out-of-range
#: dates and offsets, ids past 32 and 64 bits, control characters, markup, odd digits.
HOSTILE = [
    "1e999999999", "1e1000000", "-1e-999999999", "NaN", "Infinity", "1,5", "0x10",
    "99999999999999999999", "9223372036854775808", "2147483648", "0", "-1", "١٢", "²",
    "9999-12-31T23:59-14:00", "9999-12-31T23:00+00:00", "0001-01-01", "31/12/9999 23:59",
    "\x00", "a\x00b", "\x1b[31m", "\ud7ff", "x" * 70_000, "<script>alert(1)</script>",
    "javascript:alert(1)", "https://", "mailto:", "../../etc/passwd", "%00", "", " ",
    "Full Control", "Read", "group:Trang thử nghiệm Members", "user:khach", "user:", "yes",
    "1", "2", "Biên tập", "Tùy chỉnh", "khach", "Thời sự",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))


def _form_field_names() -> set[str]:
    """Every field name of every form class the web UI defines."""
    names = {"row_version", "csrf_token"}
    for module in (webui.auth, webui.forms.confirm, webui.forms.permissions):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, FlaskForm):
                names.update(n for n in dir(cls) if isinstance(getattr(cls, n), UnboundField))
    return names


@pytest.fixture
def world(session, site, system, everything, categories, editor, user):
    """A list with a column of every type and one item, a custom group and level, a user."""
    items.create_item(session, everything, {"Title": "Bài một", "Category": 1}, actor=editor)
    groups.create_group(session, site, actor=system, name="Biên tập")
    levels.create_level(session, site, actor=system, name="Tùy chỉnh",
                        permissions=["ViewListItems"])
    users.create_user(session, actor=system, login="khach", display_name="Khách",
                      password="mật khẩu dài")
    admin = users.create_user(session, actor=system, login="admin", display_name="Quản trị",
                              is_site_admin=True)
    session.flush()
    return admin


#: What a URL argument of each name is, in the world above.
ARGUMENTS = {"slug": "test", "url_name": "moi-kieu", "item_no": "1", "internal_name": "Picture",
             "login": "khach"}


def _path(rule, overrides: dict[str, str]) -> str:
    def argument(match: re.Match) -> str:
        name = match.group(2)
        if name in overrides:
            return quote(overrides[name], safe="")
        if name == "name":
            return quote("Tùy chỉnh" if "level" in rule.rule else "Biên tập", safe="")
        return quote(ARGUMENTS[name], safe="")
    return re.sub(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>", argument, rule.rule)


def _fingerprint(session) -> str:
    """A digest of every row of every table but the sign-in throttle, whose failure counts
    are the one thing a refused sign-in is meant to write."""
    session.expire_all()
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        if "throttle" in table.name:
            continue
        rows = session.execute(select(table)).all()
        digest.update(repr(sorted(map(repr, rows))).encode())
    return digest.hexdigest()


def _run(db, session, app, admin, request) -> None:
    """One request in a SAVEPOINT: never a 500, and nothing written when refused."""
    savepoint = db.bind.begin_nested()
    try:
        before = _fingerprint(session)
        response = request(signed_in(app, admin))
        assert response.status_code < 500, response.text[:500]
        if response.status_code >= 400:
            assert _fingerprint(session) == before, response.status_code
    finally:
        session.expire_all()
        savepoint.rollback()


HYPOTHESIS = settings(max_examples=150, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


@HYPOTHESIS
@given(data=st.data())
def test_hostile_posts_to_every_form(db, session, app, world, everything, data):
    rules = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods),
                   key=lambda r: r.rule)
    columns = [f.internal_name for f in everything.fields]
    names = sorted(_form_field_names() | set(columns) | {"col_" + c for c in columns})
    rule = data.draw(st.sampled_from(rules), label="rule")
    form = data.draw(st.dictionaries(st.sampled_from(names),
                                     st.one_of(values, st.lists(values, max_size=3)),
                                     max_size=8), label="form")
    path = _path(rule, {})
    _run(db, session, app, world, lambda client: client.post(path, data=form))


@HYPOTHESIS
@given(data=st.data())
def test_hostile_url_and_query_parameters(db, session, app, world, data):
    rules = sorted((r for r in app.url_map.iter_rules()
                    if "GET" in r.methods and r.endpoint != "static"), key=lambda r: r.rule)
    rule = data.draw(st.sampled_from(rules), label="rule")
    overrides = data.draw(st.dictionaries(st.sampled_from(sorted(rule.arguments)), values,
                                          max_size=2) if rule.arguments else st.just({}),
                          label="path")
    query = data.draw(st.dictionaries(st.sampled_from(
        ["page", "ct", "principal", "login", "next"]), values, max_size=3), label="query")
    path = _path(rule, overrides)
    _run(db, session, app, world, lambda client: client.get(path, query_string=query))


@HYPOTHESIS
@given(data=st.data())
def test_hostile_values_in_every_column_of_an_item_form(db, session, app, world, everything,
                                                        data):
    """New and Edit with a value for every column at once (and the right row version), so
    each field type's parse and the whole save path meet every hostile value."""
    columns = sorted(f.internal_name for f in everything.fields)
    form = data.draw(st.fixed_dictionaries(
        {name: st.one_of(values, st.lists(values, max_size=3)) for name in columns}),
        label="form")
    path = data.draw(st.sampled_from(["/sites/test/lists/moi-kieu/items/new",
                                      "/sites/test/lists/moi-kieu/items/1/edit"]), label="path")
    _run(db, session, app, world,
         lambda client: client.post(path, data={**form, "row_version": "1"}))
