"""`listengine demo` data: the seed article exactly as the seed page shows it, 20+ more
articles, and no duplicates on a second run."""
from __future__ import annotations

import html
from collections import Counter

import pytest

from listengine.demo import load_demo
from listengine.errors import SchemaError
from listengine.fields import registry
from listengine.services import content_types, display, items, lists, sites, users
from listengine.sitedef import load_file
from listengine.sitedef.seed import load_items

SEED_TITLE = ("Sở Ngoại vụ triển khai thực hiện Quyết định số 2631/QĐ-UBND, ngày 14/10/2021 "
              "của UBND tỉnh về ban hành Kế hoạch cải cách hành chính giai đoạn 2021-2030 trên "
              "địa bàn tỉnh Tây Ninh.")


@pytest.fixture
def demo(session, user, blobs, system):
    load_demo(session, actor=system, files=blobs)
    site = sites.get_site(session, "news")
    news = lists.get_list(session, site, "tin-tuc", actor=system)
    columns = content_types.effective_columns(session,
                                             content_types.list_content_types(session, news)[0])
    page = items.page(session, news, page_size=500, actor=system)
    values = [items.read_values(session, item) for item in page.items]
    return site, news, columns, page.items, values


def _shown(session, site, columns, row):
    ctx = display.display_context(session, site, columns, [row], actor=users.system_actor(session))
    return {c.internal_name: registry.get(c.field.type_key).display(
        c.field, row[c.internal_name], ctx) for c in columns}


def test_seed_article_is_exact(session, demo):
    site, news, columns, _, values = demo
    seed = next(row for row in values if row["Title"] == SEED_TITLE)
    shown = _shown(session, site, columns, seed)
    assert shown["PublishDate"] == "26/10/2021 14:00"
    assert seed["PublishDate"].isoformat() == "2021-10-26T07:00:00+00:00"
    assert seed["Byline"] == "Vũ Thị Thanh Tâm"
    assert seed["ReadCount"] == 9
    assert shown["Category"] == "Thời sự"
    assert seed["Body"].startswith("<p>Ngày 14/10/2021, Ủy ban nhân dân tỉnh Tây Ninh ban hành "
                                   "Quyết định số 2631/QĐ-UBND")
    assert seed["Body"].count("<p>") == 6
    assert "Trọng tâm là\u00a0 cải cách thể chế" in html.unescape(seed["Body"])
    assert seed["Body"].rstrip().endswith("<p>Vũ Thị Thanh Tâm – Chuyên viên Văn phòng</p>")


def test_articles_are_varied(demo):
    site, news, columns, articles, values = demo
    assert len(articles) >= 21
    assert Counter(row["Category"] for row in values).keys() == {1, 2, 3, 4, 5}
    assert sum(1 for row in values if row["Featured"]) >= 3
    assert sum(1 for row in values if row["RelatedNews"]) >= 5
    assert {row["PublishDate"].year for row in values} == {2021, 2022, 2023, 2024}
    assert any(row["Audio"] for row in values) and any(row["LeadImage"] for row in values)
    assert {row["EditorialStatus"] for row in values} == {"Nháp", "Chờ duyệt", "Đã duyệt",
                                                          "Lưu trữ"}
    assert {row["ArticleType"] for row in values} == {"Tin tức", "Sự kiện", "Thông báo",
                                                      "Phóng sự"}
    by_no = {item.item_no: row for item, row in zip(articles, values)}
    for row in values:  # related news point at articles created before
        item_no = next(no for no, r in by_no.items() if r is row)
        assert all(no < item_no for no in row["RelatedNews"] or [])
    for row in values:
        assert 2 <= row["Body"].count("<p>") <= 6


def test_second_run_adds_nothing(session, user, blobs, demo, row_counts, system):
    before = row_counts()
    report = load_demo(session, actor=system, files=blobs)
    assert not report.changed
    assert row_counts() == before
    seed = next(i for i in demo[3] if items.read_values(session, i)["Title"] == SEED_TITLE)
    assert items.read_values(session, seed)["ReadCount"] == 9


def test_bad_data_file_adds_nothing(session, user, news_file, tmp_path, row_counts, system):
    load_file(session, news_file)
    path = tmp_path / "bad.yaml"
    path.write_text("site: news\nlist: tin-tuc\nitems:\n"
                    "- {Title: Một, Category: Thời sự}\n"
                    "- {Title: Hai, Category: Giải trí}\n", encoding="utf-8")
    before = row_counts()
    with pytest.raises(SchemaError) as caught:
        load_items(session, path, actor=system)
    assert caught.value.path == "items[1].Category"
    assert "no item of list 'Phân loại' has Title 'Giải trí'" in caught.value.message
    assert row_counts() == before


def test_demo_images_are_uploaded_once(session, demo, blobs, system):
    from listengine.services import files
    site, news, columns, articles, values = demo
    with_image = [item for item, row in zip(articles, values) if row["LeadImage"]]
    assert len(with_image) >= 15
    stored = {files.item_file(session, item, "LeadImage",
                              actor=system).sha256 for item in with_image}
    assert len(stored) == 5  # one image per category, stored once (content-addressed)
    assert all(blobs.get(sha)[:8] == b"\x89PNG\r\n\x1a\n" for sha in stored)


@pytest.mark.parametrize("value,problem", [
    ("{file: ../news.yaml}", "no file '../news.yaml'"),
    ("{file: missing.png}", "no file 'missing.png'"),
])
def test_file_values_stay_beside_the_data_file(session, user, news_file, tmp_path, blobs,
                                               row_counts, value, problem, system):
    load_file(session, news_file)
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "items.yaml"
    (tmp_path / "news.yaml").write_text("secret", encoding="utf-8")
    path.write_text(f"site: news\nlist: tin-tuc\nitems:\n- {{Title: Một, LeadImage: {value}}}\n",
                    encoding="utf-8")
    before = row_counts()
    with pytest.raises(SchemaError) as caught:
        load_items(session, path, actor=system, files=blobs)
    assert caught.value.path == "items[0].LeadImage.file"
    assert problem in caught.value.message
    assert row_counts() == before
