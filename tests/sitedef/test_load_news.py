"""Loading schema/news.yaml builds the news site of the seed, and loading it again changes
nothing."""
from __future__ import annotations

import json

from sqlalchemy import select

from listengine.models import Field
from listengine.services import content_types, items, lists, sites
from listengine.sitedef import load_definition, load_file
from listengine.sitedef.parse import parse_definition

SEED_ORDER = ["Title", "LeadImage", "ImageCaption", "Summary", "Body", "AlternateLink",
              "PublishDate", "Featured", "Byline", "Category", "ArticleType", "PageCount",
              "PhotoCount", "Amount", "RelatedNews", "Audio", "EditorialStatus", "History",
              "ReadCount", "LatestNews"]
SEED_TITLES = ["Title", "Hình ảnh", "Hình ảnh mô tả", "Tóm tắt", "Nội dung",
               "Link thay thế nội dung", "Ngày xuất bản", "Tin nổi bật", "Tác giả", "Phân loại",
               "Loại bài viết", "Số Trang", "Số Ảnh", "Số tiền", "Tin liên quan", "Audio",
               "Trạng thái", "Lịch sử", "Số lượt người đọc", "TinMoiNhat"]
CATEGORIES = ["Thời sự", "Kinh tế", "Văn hóa", "Thể thao", "Công nghệ"]


def _site_column(session, site, name) -> Field:
    return session.scalar(select(Field).where(Field.site_id == site.id, Field.list_id.is_(None),
                                              Field.internal_name == name))


def test_site_and_site_columns(session, news_file, system):
    load_file(session, news_file)
    site = sites.get_site(session, "news")
    assert (site.title, site.time_zone) == ("Cổng thông tin", "Asia/Ho_Chi_Minh")
    types = {name: _site_column(session, site, name).type_key for name in SEED_ORDER}
    assert types == {
        "Title": "Text", "LeadImage": "Image", "ImageCaption": "Text", "Summary": "Note",
        "Body": "Note", "AlternateLink": "URL", "PublishDate": "DateTime", "Featured": "Boolean",
        "Byline": "Text", "Category": "Lookup", "ArticleType": "Choice", "PageCount": "Integer",
        "PhotoCount": "Integer", "Amount": "Currency", "RelatedNews": "LookupMulti",
        "Audio": "File", "EditorialStatus": "Choice", "History": "Note", "ReadCount": "Counter",
        "LatestNews": "Boolean"}
    body, summary = _site_column(session, site, "Body"), _site_column(session, site, "Summary")
    assert body.settings["rich_text"] is True and summary.settings["rich_text"] is False
    assert _site_column(session, site, "PublishDate").indexed
    assert _site_column(session, site, "Amount").settings["currency"] == "VND"
    assert _site_column(session, site, "PageCount").settings["min"] is not None
    audio = _site_column(session, site, "Audio")
    assert "audio/mpeg" in audio.settings["allowed_types"] and audio.settings["allow_url"]
    category = _site_column(session, site, "Category")
    assert category.indexed
    assert category.settings["target_list"] == lists.get_list(session, site, "phan-loai",
                                                              actor=system).id
    assert _site_column(session, site, "RelatedNews").settings["target_list"] == "self"


def test_content_type_has_every_seed_column_in_order(session, news_file):
    load_file(session, news_file)
    site = sites.get_site(session, "news")
    ct = content_types.get_content_type(session, site, "Tin Tức Mở Rộng")
    assert ct.parent.name == "Item" and ct.ct_id.startswith("0x0100")
    columns = content_types.effective_columns(session, ct)
    assert [c.internal_name for c in columns] == SEED_ORDER
    assert [c.field.title for c in columns] == SEED_TITLES


def test_lists_categories_and_choices(session, news_file, system):
    load_file(session, news_file)
    site = sites.get_site(session, "news")
    categories = lists.get_list(session, site, "phan-loai", actor=system)
    page = items.page(session, categories, page_size=10, actor=system)
    assert sorted((i.item_no, items.read_values(session, i)["Title"]) for i in page.items) == \
        list(enumerate(CATEGORIES, start=1))

    news = lists.get_list(session, site, "tin-tuc", actor=system)
    assert news.title == "Tin tức"
    assert [ct.name for ct in content_types.list_content_types(session, news)] == \
        ["Tin Tức Mở Rộng"]
    assert news.view_fields == ["Title", "PublishDate", "Category", "Byline", "Summary"]
    assert news.page_size == 20
    copy = {f.internal_name: f for f in news.fields}
    assert copy["Title"].title == "Tiêu đề"
    assert copy["ArticleType"].settings["choices"] == ["Tin tức", "Sự kiện", "Thông báo",
                                                        "Phóng sự"]
    assert copy["EditorialStatus"].title == "Trạng thái"
    assert copy["EditorialStatus"].settings["choices"] == ["Nháp", "Chờ duyệt", "Đã duyệt",
                                                            "Lưu trữ"]
    assert copy["Category"].settings["target_list"] == categories.id
    # the site's own Title keeps its name; only the lists' copies are renamed
    assert _site_column(session, site, "Title").title == "Title"


def test_second_load_changes_nothing(session, news_file, row_counts):
    first = load_file(session, news_file)
    assert first.count("created", "site column") == 19
    assert first.count("created", "item") == 5
    before = row_counts()
    second = load_file(session, news_file)
    assert not second.changed
    assert row_counts() == before
    assert second.count("unchanged") == len(second.entries)
    assert {kind: counts["unchanged"] for kind, counts in second.counts().items()} == {
        "site": 1, "site column": 19, "content type": 1, "list": 2, "list column": 2,
        "item": 5}
    assert not second.warnings


def test_a_changed_file_updates_only_what_changed(session, news_document, row_counts, system):
    load_definition(session, parse_definition(news_document))
    before = row_counts()
    news_document["columns"][1]["title"] = "Chú thích ảnh"        # ImageCaption
    news_document["lists"][1]["page_size"] = 25
    news_document["content_types"][0]["columns"].remove("LatestNews")
    news_document["content_types"][0]["columns"].insert(0, "LatestNews")
    news_document["content_types"][0]["description"] = "Bài viết có đủ các cột"
    news_document["site"]["title"] = "Cổng thông tin điện tử"
    report = load_definition(session, parse_definition(news_document))
    assert report.count("updated", "site") == 1
    assert sites.get_site(session, "news").title == "Cổng thông tin điện tử"
    assert content_types.get_content_type(session, sites.get_site(session, "news"),
                                         "Tin Tức Mở Rộng").description == "Bài viết có đủ các cột"
    assert report.count("updated", "site column") == 1
    assert report.count("updated", "content type") == 1
    assert report.count("updated", "list") == 1
    site = sites.get_site(session, "news")
    news = lists.get_list(session, site, "tin-tuc", actor=system)
    assert news.page_size == 25
    assert next(f for f in news.fields if f.internal_name == "ImageCaption").title == \
        "Chú thích ảnh"
    list_ct = content_types.list_content_types(session, news)[0]
    assert [c.internal_name for c in content_types.effective_columns(session, list_ct)][:2] == \
        ["Title", "LatestNews"]
    assert row_counts()["Item"] == before["Item"]
    assert not load_definition(session, parse_definition(news_document)).changed


def test_json_file_loads_the_same(session, news_file, news_document, tmp_path):
    path = tmp_path / "news.json"
    path.write_text(json.dumps(news_document, ensure_ascii=False), encoding="utf-8")
    report = load_file(session, path)
    assert report.count("created", "site column") == 19
    assert not load_file(session, news_file).changed


def test_list_columns_and_overrides(session, news_file, system):
    document = {
        "site": {"slug": "kho", "title": "Kho"},
        "lists": [
            {"title": "Đơn vị", "url_name": "don-vi", "items": [{"Title": "Phòng A"}]},
            {"title": "Tài sản", "url_name": "tai-san",
             "columns": [
                 {"internal_name": "Unit", "title": "Đơn vị", "type": "Lookup",
                  "settings": {"target_list": "don-vi"}},
                 {"internal_name": "Code", "title": "Mã", "type": "Text", "unique": True,
                  "settings": {"max_length": 20}},
             ],
             "column_settings": {"Code": {"required": True},
                                 "Title": {"title": "Tên tài sản"}},
             "items": [{"Title": "Máy in", "Unit": "Phòng A", "Code": "MI-01"}]},
        ],
    }
    report = load_definition(session, parse_definition(document))
    assert report.count("created", "list column") == 2
    site = sites.get_site(session, "kho")
    assets = lists.get_list(session, site, "tai-san", actor=system)
    fields = {f.internal_name: f for f in assets.fields}
    assert fields["Code"].required and fields["Code"].unique
    assert fields["Unit"].settings["target_list"] == lists.get_list(session, site, "don-vi",
                                                                    actor=system).id
    assert fields["Title"].title == "Tên tài sản"
    item = items.get_item(session, assets, 1, actor=system)
    assert items.read_values(session, item)["Unit"] == 1
    assert not load_definition(session, parse_definition(document)).changed
