"""Item forms save through ``webui.views.saving.save`` like every other form: the engine's
errors land on the field of their column even when the form names it differently, and a
stale save keeps what the user typed."""
from __future__ import annotations

from listengine.services import columns, items, lists


def test_an_engine_error_lands_on_a_column_whose_form_field_is_renamed(client, session, site,
                                                                       editor):
    """``data`` and ``_Note`` would clash with WTForms, so their form fields are ``col_data``
    and ``col__Note``; the engine names the error by internal name."""
    lst = lists.create_list(session, site, title="Ghi chép", url_name="ghi-chep", actor=editor)
    columns.create_list_column(session, lst, internal_name="data", title="Số liệu",
                               type_key="Integer", actor=editor)
    columns.create_list_column(session, lst, internal_name="_Note", title="Ghi chú",
                               type_key="Text", required=True, actor=editor)
    response = client.post("/sites/test/lists/ghi-chep/items/new",
                           data={"Title": "Một", "col_data": "nhiều", "col__Note": ""})
    assert response.status_code == 400
    text = response.text
    for key in ("col_data", "col__Note"):
        row = text[text.index(f'id="row-{key}"'):]
        row = row[:row.index("</div>\n</div>")]
        assert f'class="error" data-field="{key}"' in row, key
    assert 'value="nhiều"' in text
    assert "data:" not in text and "_Note:" not in text  # not shown apart as unplaced errors
    assert items.page(session, lst, actor=editor, page=1).items == []


def test_the_second_of_two_saves_of_one_version_keeps_its_input_and_says_why(client,
                                                                             categories):
    """Two people opened the edit form of version 1; the first save wins, the second is a
    409 that shows the second person's text again with a link to reload."""
    url = "/sites/test/lists/phan-loai/items/1/edit"
    assert 'name="row_version" type="hidden" value="1"' in client.get(url).text
    assert client.post(url, data={"row_version": "1", "Title": "Người thứ nhất"}
                       ).status_code == 302
    response = client.post(url, data={"row_version": "1", "Title": "Người thứ hai"})
    assert response.status_code == 409
    assert 'value="Người thứ hai"' in response.text
    assert f'href="{url}">tải lại</a>' in response.text
    assert "Người thứ nhất" in client.get("/sites/test/lists/phan-loai/items/1").text
