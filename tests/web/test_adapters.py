"""The adapter registry and the generated form classes."""
from __future__ import annotations

from markupsafe import Markup

from listengine.fields import DisplayContext, Ref, registry
from listengine.services import columns, content_types, items, lists
from webui.fieldwidgets import ColumnSpec, RenderContext, adapters
from webui.forms import build_form_class, form_key, specs_of


def test_every_engine_field_type_has_a_web_adapter():
    missing = [t.key for t in registry if t.key not in adapters]
    assert not missing, f"field types without a webui adapter: {missing}"


def test_read_only_types_are_not_on_forms():
    for field_type in registry:
        assert adapters.get(field_type.key).on_form is not field_type.read_only, field_type.key


def test_form_classes_are_cached_per_schema(session, site, categories, editor):
    ct = content_types.list_content_types(session, categories)[0]
    specs = specs_of(content_types.effective_columns(session, ct))
    assert build_form_class(ct.id, specs) is build_form_class(ct.id, specs)
    title = columns.get_list_column(session, categories, "Title")
    columns.update_column(session, title, title="Tên", actor=editor)
    changed = specs_of(content_types.effective_columns(session, ct))
    assert changed != specs
    assert build_form_class(ct.id, changed) is not build_form_class(ct.id, specs)
    assert build_form_class(ct.id, changed).Title.kwargs["label"] == "Tên"


def test_names_wtforms_cannot_use_get_a_prefix():
    assert form_key("Title") == "Title"
    assert form_key("_Hidden") == "col__Hidden"
    assert form_key("data") == "col_data" and form_key("row_version") == "col_row_version"


def test_a_column_named_like_a_form_attribute_still_works(client, session, site, editor):
    lst = lists.create_list(session, site, title="Lạ", url_name="la", actor=editor)
    columns.create_list_column(session, lst, internal_name="data", title="Dữ liệu",
                               type_key="Integer", actor=editor)
    form = client.get("/sites/test/lists/la/items/new").text
    assert 'name="col_data"' in form
    bad = client.post("/sites/test/lists/la/items/new", data={"Title": "x", "col_data": "a"})
    assert bad.status_code == 400 and 'value="a"' in bad.text
    assert client.post("/sites/test/lists/la/items/new",
                       data={"Title": "x", "col_data": "7"}).status_code == 302
    session.expire_all()
    assert items.read_values(session, items.get_item(session, lst, 1, actor=editor))["data"] == 7


class _Column:
    """Just what rendering reads from a column."""

    def __init__(self, type_key, settings=None, internal_name="X", title="X"):
        self.type_key, self.settings = type_key, settings or {}
        self.internal_name, self.title, self.storage_key = internal_name, title, "f1"
        self.description, self.list_id = "", 1


def _render(type_key, value, settings=None, resolved=None):
    ctx = RenderContext(engine=DisplayContext("Asia/Ho_Chi_Minh", resolved or {}), list_id=1,
                        item_url=lambda list_id, no: f"/l{list_id}/{no}",
                        file_url=lambda name: f"/files/{name}")
    return adapters.get(type_key).render(_Column(type_key, settings), value, ctx)


def test_rendering_escapes_plain_values_and_trusts_only_sanitized_rich_text():
    assert _render("Text", "<b>") == Markup("&lt;b&gt;")
    assert "<br>" not in _render("Note", "a<br>b") and "a&lt;br&gt;b" in _render("Note", "a<br>b")
    assert "<p>ok</p>" in _render("Note", "<p>ok</p>", {"rich_text": True})
    link = _render("URL", {"url": "https://x.vn/?a=1&b=<2>", "description": '"q"'})
    assert 'href="https://x.vn/?a=1&amp;b=&lt;2&gt;"' in link and "&#34;q&#34;" in link
    assert 'rel="noopener noreferrer"' in link
    assert _render("URL", None) == "" and _render("Image", None) == ""


def test_rendering_files_and_lookups():
    image = _render("Image", {"file_id": 3, "name": "a.png", "content_type": "image/png"})
    assert 'src="/files/X"' in image and 'alt="a.png"' in image
    assert 'src="https://x.vn/a.jpg"' in _render("Image", {"url": "https://x.vn/a.jpg"})
    assert "<audio" not in _render("File", {"url": "https://x.vn/a.pdf"})
    seen = {Ref("item", 2, "7:Title"): "Hai", Ref("item", 5, "7:Title"): "Năm",
            Ref("item", 4, "1:Title"): "Bốn"}
    lookups = _render("LookupMulti", [2, 5], {"target_list": 7, "show_field": "Title"}, seen)
    assert 'href="/l7/2"' in lookups and 'href="/l7/5"' in lookups and "Năm" in lookups
    assert 'href="/l1/4"' in _render("Lookup", 4, {"target_list": "self", "show_field": "Title"},
                                     seen)
    # A target that did not resolve (the reader may not see it) is not shown at all.
    assert _render("LookupMulti", [2, 3], {"target_list": 7, "show_field": "Title"},
                   seen).count("<a ") == 1


def test_fill_in_values_show_in_the_fill_in_input(app):
    spec = ColumnSpec.of(_Column("Choice", {"choices": ["A", "B"], "fill_in": True}),
                         required=False)
    with app.test_request_context():
        form = build_form_class(0, (spec,))(data={"X": "Khác"})
        assert form.X.fill_in == "Khác"
        assert 'name="X-fill_in"' in form.X() and 'value="Khác"' in form.X()


def test_rich_text_stored_before_the_switch_to_rich_is_still_sanitized():
    html = _render("Note", '<p onclick="x()">a</p><script>b()</script>', {"rich_text": True})
    assert "<p>a</p>" in html and "script" not in html and "onclick" not in html
