"""Bad site definitions are refused with the path of the offending key, and nothing is
written."""
from __future__ import annotations

import pytest

from listengine.errors import SchemaError
from listengine.sitedef import load_definition, load_file, read_definition
from listengine.sitedef.parse import parse_definition


def _column(doc, name):
    return next(c for c in doc["columns"] if c["internal_name"] == name)


def unknown_type(doc):
    doc["columns"][3]["type"] = "Numbr"


def unknown_key(doc):
    doc["lists"][1]["colums"] = []


def missing_required_key(doc):
    del doc["columns"][2]["title"]


def bad_setting(doc):
    _column(doc, "ImageCaption")["settings"] = {"max_length": 300}


def unknown_setting(doc):
    _column(doc, "PageCount")["settings"]["maximum"] = 3


def unknown_parent(doc):
    doc["content_types"][0]["parent"] = "Bài viết"


def lookup_to_unknown_list(doc):
    _column(doc, "Category")["settings"]["target_list"] = "chuyen-muc"


def duplicate_internal_name(doc):
    doc["columns"].append({"internal_name": "Summary", "title": "Tóm tắt 2", "type": "Note"})


def redefined_builtin(doc):
    doc["columns"].insert(0, {"internal_name": "Title", "title": "Tiêu đề", "type": "Text"})


def list_column_clashes_with_content_type(doc):
    doc["lists"][1]["columns"] = [{"internal_name": "Byline", "title": "Bút danh", "type": "Text"}]


def unknown_column_in_content_type(doc):
    doc["content_types"][0]["columns"][4] = "AltLink"


def unknown_content_type_on_list(doc):
    doc["lists"][1]["content_types"] = ["Tin Tức"]


def unknown_view_field(doc):
    doc["lists"][1]["view_fields"].append("Views")


def bad_override_setting(doc):
    doc["lists"][1]["column_settings"]["ArticleType"] = {"settings": {"choices": []}}


def unknown_item_column(doc):
    doc["lists"][0]["items"][2] = {"Tieude": "Văn hóa"}


def bad_internal_name(doc):
    doc["columns"][0]["internal_name"] = "Hình_ảnh"


def wrong_value_type(doc):
    doc["columns"][0]["required"] = "yes"


def bad_time_zone(doc):
    doc["site"]["time_zone"] = "Asia/Saigon City"


def unique_site_column(doc):
    _column(doc, "Byline")["unique"] = True


def bad_default(doc):
    _column(doc, "PageCount")["default"] = "nhiều"


def bad_seed_value(doc):
    doc["lists"][0]["items"][1] = {"Title": "Kinh tế\nvà tài chính"}


def circular_lookups(doc):
    doc["lists"][0]["columns"] = [{"internal_name": "Featured", "title": "Bài tiêu biểu",
                                   "type": "Lookup", "settings": {"target_list": "tin-tuc"}}]


CASES = [
    (unknown_type, "columns[3].type", "unknown type 'Numbr' (known: "),
    (unknown_key, "lists[1].colums", "unknown key (known: title, url_name, "),
    (missing_required_key, "columns[2].title", "missing required key"),
    (bad_setting, "columns[1].settings.max_length", "must be between 1 and 255"),
    (unknown_setting, "columns[10].settings.maximum", "unknown setting for a Integer column"),
    (unknown_parent, "content_types[0].parent", "unknown content type 'Bài viết'"),
    (lookup_to_unknown_list, "columns[8].settings.target_list", "unknown list 'chuyen-muc'"),
    (duplicate_internal_name, "columns[19].internal_name", "duplicate internal name 'Summary'"),
    (redefined_builtin, "columns[0].internal_name", "'Title' is a built-in column"),
    (list_column_clashes_with_content_type, "lists[1].columns[0].internal_name",
     "duplicate internal name 'Byline'"),
    (unknown_column_in_content_type, "content_types[0].columns[4]",
     "unknown site column 'AltLink'"),
    (unknown_content_type_on_list, "lists[1].content_types[0]", "unknown content type 'Tin Tức'"),
    (unknown_view_field, "lists[1].view_fields[5]", "the list has no column 'Views'"),
    (bad_override_setting, "lists[1].column_settings.ArticleType.settings.choices",
     "give at least one choice"),
    (unknown_item_column, "lists[0].items[2].Tieude", "the list has no column 'Tieude'"),
    (bad_internal_name, "columns[0].internal_name", "ASCII"),
    (wrong_value_type, "columns[0].required", "must be true or false"),
    (bad_time_zone, "site.time_zone", "Unknown time zone"),
    # found by a service or a column type while applying, then rolled back
    (unique_site_column, "columns[7].unique", "Only list columns can enforce unique values"),
    (bad_default, "columns[10].default", "number"),
    (bad_seed_value, "lists[0].items[1].Title", "single line"),
    (circular_lookups, "columns[8]", "circular dependency: columns[8] -> lists[0] -> lists[1] "
                                     "-> content_types[0] -> columns[8]"),
]


@pytest.mark.parametrize("breaks, path, message", CASES, ids=[c[0].__name__ for c in CASES])
def test_refused_with_path_and_nothing_written(session, news_document, row_counts, breaks, path,
                                               message):
    before = row_counts()
    breaks(news_document)
    with pytest.raises(SchemaError) as caught:
        load_definition(session, parse_definition(news_document))
    assert caught.value.path == path
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}: ")
    assert row_counts() == before


def test_refused_against_an_existing_site(session, news_file, news_document, row_counts):
    """References are also checked against what the site already has."""
    load_file(session, news_file)
    before = row_counts()
    news_document["content_types"][0]["columns"].append("Rating")
    with pytest.raises(SchemaError) as caught:
        load_definition(session, parse_definition(news_document))
    assert caught.value.path == "content_types[0].columns[19]"
    assert row_counts() == before


def test_yaml_duplicate_key_is_refused(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("site: {slug: a, title: A}\nsite: {slug: b, title: B}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="duplicate key 'site'"):
        load_file(None, path)


def test_yaml_dates_stay_text(tmp_path):
    """A date is parsed by its column (in the site's time zone), not by YAML as naive UTC."""
    path = tmp_path / "d.yaml"
    path.write_text("site: {slug: a, title: A}\nlists:\n- {title: L, url_name: l, items: "
                    "[{Title: 2021-10-26 14:00:00}]}\n", encoding="utf-8")
    assert read_definition(path).lists[0].items[0].values["Title"] == "2021-10-26 14:00:00"
