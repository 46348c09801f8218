"""A reader and an editor in a real browser: the demo news list, an article, New and Edit.

Readers are anonymous visitors of the public portal; the editor signs in first."""
from __future__ import annotations

from pathlib import Path

IMAGES = Path(__file__).resolve().parents[2] / "schema" / "demo-images"
SEED_TITLE = "Sở Ngoại vụ triển khai thực hiện Quyết định số 2631/QĐ-UBND"


def test_the_seed_article_from_the_list(page, live_server):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Tin tức", exact=True).click()
    assert "Trang 1 / 2" in page.inner_text("main")
    page.get_by_role("link", name=SEED_TITLE).click()
    main = page.inner_text("main")
    assert "Content Type: Tin Tức Mở Rộng" in main
    assert "26/10/2021 14:00" in main and "Vũ Thị Thanh Tâm" in main
    assert "Số lượt người đọc\t10" in main  # 9 reads in the seed, plus this one
    assert page.get_by_role("link", name="Sửa").count() == 0  # anonymous: read only


def test_an_anonymous_visitor_is_sent_to_sign_in_before_writing(page, live_server):
    page.goto(live_server + "/sites/news/lists/tin-tuc/items/new")
    assert page.url.startswith(live_server + "/login?next=")
    page.fill("#login", "reader")
    page.fill("#password", "wrong password")
    page.click("main button[type=submit]")
    assert "Sai tên đăng nhập" in page.inner_text("main")


def test_new_then_edit_an_article(editor_page, live_server):
    page = editor_page
    page.goto(live_server + "/sites/news/lists/tin-tuc/items/new")
    page.fill("#Title", "Bài viết từ trình duyệt")
    page.fill("#Body", "<p>Nội dung <b>đậm</b></p><script>alert(1)</script>")
    page.fill("#PublishDate", "2024-05-01T09:30")
    page.check("#Featured")
    page.select_option("#Category", label="Kinh tế")
    page.select_option("#ArticleType", label="Sự kiện")
    page.fill("#Amount", "1500000")
    page.set_input_files("input[type=file][name=LeadImage]", str(IMAGES / "kinh-te.png"))
    page.select_option("#RelatedNews", index=[0, 1])
    page.click("main button[type=submit]")
    main = page.inner_text("main")
    assert "Đã tạo mục mới." in main and "Version: 1.0" in main
    assert "01/05/2024 09:30" in main and "1.500.000 ₫" in main and "Kinh tế" in main
    assert page.locator("td b", has_text="đậm").count() == 1
    assert page.locator("script", has_text="alert").count() == 0
    image = page.locator("td img").first
    assert image.evaluate("img => img.complete && img.naturalWidth") == 640
    page.get_by_role("link", name="Sửa").click()
    assert page.input_value("#Title") == "Bài viết từ trình duyệt"
    page.fill("#Summary", "Tóm tắt đã sửa")
    page.click("main button[type=submit]")
    main = page.inner_text("main")
    assert "Tóm tắt đã sửa" in main and "Version: 2.0" in main
    assert page.locator("td img").first.evaluate("img => img.naturalWidth") == 640  # kept


def test_field_errors_keep_what_was_typed(editor_page, live_server):
    page = editor_page
    page.goto(live_server + "/sites/news/lists/tin-tuc/items/new")
    page.fill("#PageCount", "nhiều")
    page.click("main button[type=submit]")
    assert "You can't leave this blank." in page.inner_text("main")
    assert "Enter a number." in page.inner_text("main")
    assert page.input_value("#PageCount") == "nhiều"
