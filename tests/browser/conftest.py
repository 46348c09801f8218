"""Browser tests: the real web UI in headless Chromium (Debian's), driven by Playwright.

The app is served from a thread on a free loopback port, over its own SQLite file with the
demo news site, because a browser needs a real server; the engine's database parity is
covered by the engine and web tests. Without Chromium or Playwright these tests are skipped
with a visible reason (``.ci/run`` installs Chromium).
"""
from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from listengine.db import Database
from listengine.demo import PEOPLE, load_demo, load_people
from listengine.migrate import upgrade
from listengine.services import users
from listengine.storage import LocalBlobStore
from webui import create_app

#: Every demo person's password on the live server.
PASSWORD = "browser-test-password"

#: Headless, and nothing that reaches for the (closed) network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The demo news site served on 127.0.0.1; yields its base URL."""
    root = tmp_path_factory.mktemp("live")
    database = Database.from_url(f"sqlite:///{root / 'live.db'}")
    upgrade(database.engine)
    files = LocalBlobStore(root / "files")
    with database.unit_of_work() as session:
        system = users.system_actor(session)
        load_demo(session, actor=system, files=files)
        load_people(session, actor=system, passwords={login: PASSWORD for login, *_ in PEOPLE})
    app = create_app({"LISTENGINE_DATABASE": database, "LISTENGINE_FILES_DIR": str(root / "files"),
                      "SECRET_KEY": "browser-tests"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    database.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser tests skipped: playwright is not installed")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("browser tests skipped: no chromium on PATH (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """An anonymous visitor's page."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def editor_page(page, live_server):
    """The demo editor (Members: Edit), signed in through the sign-in page."""
    page.goto(live_server + "/login")
    page.fill("#login", "editor")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    assert "Biên tập viên" in page.inner_text("header")
    return page
