"""Security headers on every response: HTML pages, the sign-in page, a file download (which
keeps its own stricter policy), static files, redirects and error pages (404, a 400 CSRF
refusal, 403). The templates hold no inline script or style that the policy would block."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from listengine.services import columns, lists, users
from webui import create_app
from webui.security import CONTENT_SECURITY_POLICY

from .conftest import signed_in

TEMPLATES = Path(__file__).parents[2] / "webui" / "templates"
BASELINE = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def assert_hardened(response, policy: str = CONTENT_SECURITY_POLICY) -> None:
    for name, value in BASELINE.items():
        assert response.headers.get(name) == value, name
    assert response.headers.getlist("Content-Security-Policy") == [policy]
    assert not re.search(r"\d", response.headers.get("Server", ""))  # no version, if any


def test_the_policy_allows_no_inline_script_and_no_framing():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_an_html_page(client, site, categories):
    response = client.get("/sites/test/lists/phan-loai/")
    assert response.status_code == 200 and "text/html" in response.content_type
    assert_hardened(response)


@pytest.mark.parametrize("url", ["/login", "/static/style.css"])
def test_the_sign_in_page_and_static_files(anonymous_client, url):
    response = anonymous_client.get(url)
    assert response.status_code == 200
    assert_hardened(response)


def test_a_refused_sign_in_and_a_redirect_to_the_sign_in_page(anonymous_client):
    refused = anonymous_client.post("/login", data={"login": "x", "password": "y"})
    assert refused.status_code == 401
    assert_hardened(refused)
    sent = anonymous_client.get("/users")
    assert sent.status_code == 302 and "/login" in sent.headers["Location"]
    assert_hardened(sent)


def test_a_file_download_keeps_its_sandbox(client, session, site, editor):
    lst = lists.create_list(session, site, title="Tài liệu", url_name="tai-lieu", actor=editor)
    columns.create_list_column(session, lst, internal_name="Doc", title="Tệp", type_key="File",
                               actor=editor)
    assert client.post("/sites/test/lists/tai-lieu/items/new", data={
        "Title": "Trang", "Doc": (io.BytesIO(b"<script>alert(1)</script>"), "x.html",
                                  "text/html")},
        content_type="multipart/form-data").status_code == 302
    served = client.get("/sites/test/lists/tai-lieu/items/1/files/Doc")
    assert served.status_code == 200
    assert_hardened(served, policy="sandbox; default-src 'none'")


def test_a_404_page(client, site):
    response = client.get("/sites/khong-co/")
    assert response.status_code == 404
    assert_hardened(response)


def test_a_403_page(app, session, system, site):
    stranger = users.create_user(session, actor=system, login="la", display_name="Người lạ")
    response = signed_in(app, stranger).get("/users")
    assert response.status_code == 403
    assert_hardened(response)


def test_a_400_csrf_refusal(db, tmp_path, user, editor):
    guarded = create_app({"TESTING": True, "LISTENGINE_DATABASE": db, "SECRET_KEY": "test",
                          "LISTENGINE_FILES_DIR": str(tmp_path / "files")})
    response = signed_in(guarded, user).post("/logout")
    assert response.status_code == 400
    assert_hardened(response)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"<style\b", re.IGNORECASE), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_templates_hold_nothing_the_policy_blocks(template):
    text = template.read_text(encoding="utf-8")
    for pattern, what in INLINE:
        assert not pattern.search(text), f"{template.name}: {what}"
