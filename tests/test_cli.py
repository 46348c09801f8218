"""The ``listengine`` command, run as a user would, against a fresh SQLite file.

The commands' engine work is covered on both databases elsewhere; this checks the wiring:
each command works, repeats safely, and reports bad input as a clear error.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner
from flask import Flask

from listengine.db import Database
from listengine.permissions import Permission
from listengine.services import access, groups, items, lists, sites, users
from webui.cli import Server, cli


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LISTENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("LISTENGINE_FILES_DIR", str(tmp_path / "files"))
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)
    invoke.database = lambda: Database.from_url(f"sqlite:///{tmp_path / 'cli.db'}")
    return invoke


def test_init_is_repeatable(run):
    assert run("init").exit_code == 0
    result = run("init")
    assert result.exit_code == 0 and "Database ready" in result.output


def test_demo_prints_the_admin_login_and_repeats_safely(run):
    first = run("demo")
    assert first.exit_code == 0, first.output
    assert "Admin login: admin / password: " in first.output
    assert "editor / " in first.output and "approver / " in first.output \
        and "reader / " in first.output
    assert run("demo").output == first.output  # same passwords, nothing duplicated
    with run.database().session() as session:
        site = sites.get_site(session, "news")
        system = users.system_actor(session)
        news = lists.get_list(session, site, "tin-tuc", actor=system)
        assert items.page(session, news, actor=system).total >= 21
        assert users.check_password(users.get_user(session, "admin"),
                                    first.output.rsplit(" ", 1)[-1].strip())
        people = {g.name: [u.login for u in groups.members(session, g)]
                  for g in groups.list_groups(session, site)}
        assert people["Cổng thông tin Members"] == ["editor"]
        assert people["Cổng thông tin Approvers"] == ["approver"]
        assert people["Cổng thông tin Visitors"] == ["reader"]
        assert people["Cổng thông tin Owners"] == ["admin"]  # the site's creator
        assert access.can(session, access.anonymous(), site, Permission.ViewListItems)
        assert not access.can(session, access.anonymous(), site, Permission.AddListItems)


def test_create_user(run):
    result = run("create-user", "--login", "tam", "--name", "Vũ Thị Thanh Tâm",
                 input="mật-khẩu-dài\nmật-khẩu-dài\n")
    assert result.exit_code == 0, result.output
    with run.database().session() as session:
        assert users.check_password(users.get_user(session, "tam"), "mật-khẩu-dài")
    again = run("create-user", "--login", "tam", "--name", "X", "--password", "long-enough")
    assert again.exit_code == 1 and "login: The login 'tam' is taken." in again.output


def test_create_user_in_groups_of_a_site(run):
    assert run("demo").exit_code == 0
    result = run("create-user", "--login", "lan", "--name", "Lan", "--password", "đủ-dài-rồi",
                 "--site", "news", "--group", "Cổng thông tin Members")
    assert result.exit_code == 0 and "in Cổng thông tin Members" in result.output, result.output
    with run.database().session() as session:
        site = sites.get_site(session, "news")
        lan = access.actor_for(session, users.get_user(session, "lan"))
        assert access.can(session, lan, site, Permission.AddListItems)
    unknown = run("create-user", "--login", "hoa", "--name", "Hoa", "--password", "đủ-dài-rồi",
                  "--site", "news", "--group", "Không có")
    assert unknown.exit_code == 1 and "no group 'Không có'" in unknown.output
    with run.database().session() as session:  # refused as a whole: no user either
        assert [u.login for u in users.list_users(session)].count("hoa") == 0
    assert run("create-user", "--login", "x", "--name", "X", "--password", "đủ-dài-rồi",
               "--group", "G").exit_code == 2  # --group needs --site


def test_load_schema_reports_the_bad_key(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: {slug: s, title: S}\ncolumns:\n"
                   "  - {internal_name: A, title: A, type: Numbr}\n", encoding="utf-8")
    result = run("load-schema", str(bad))
    assert result.exit_code == 1
    assert "columns[0].type: unknown type 'Numbr'" in result.output
    good = tmp_path / "good.yaml"
    good.write_text("site: {slug: s, title: Trang}\nlists:\n"
                    "  - {title: Việc, url_name: viec}\n", encoding="utf-8")
    loaded = run("load-schema", str(good))
    assert loaded.exit_code == 0 and "list: 1 created" in loaded.output
    assert "list: 0 created, 0 updated, 1 unchanged" in run("load-schema", str(good)).output
    with run.database().session() as session:
        system = users.system_actor(session)
        assert lists.get_list(session, sites.get_site(session, "s"), "viec",
                              actor=system).title == "Việc"


@pytest.fixture
def served(monkeypatch):
    """The gunicorn applications ``run`` builds, instead of serving them."""
    built = []
    monkeypatch.setattr(Server, "run", lambda self: built.append(self))
    return built


def test_run_serves_with_gunicorn_threads_and_workers(run, served):
    assert run("init").exit_code == 0
    assert run("run").exit_code == 0
    assert run("run", "--host", "::1", "--port", "8080", "--workers", "3",
               "--threads", "6").exit_code == 0
    default, chosen = served
    assert (default.cfg.bind, default.cfg.workers, default.cfg.threads) == (
        ["127.0.0.1:5000"], 2, 4)
    assert (chosen.cfg.bind, chosen.cfg.workers, chosen.cfg.threads) == (["[::1]:8080"], 3, 6)
    assert default.cfg.worker_class_str == "gthread"
    assert getattr(default.cfg, "control_socket_disable", True)  # no socket in $HOME
    app = default.load()
    assert isinstance(app, Flask) and app.test_client().get("/login").status_code == 200
    assert run("run", "--port", "0").exit_code == 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_run_answers_over_http_with_a_versionless_server_header(run, tmp_path):
    """gunicorn for real, in a process of its own: a page, its security headers, and a
    ``Server`` header that names no version."""
    assert run("init").exit_code == 0
    port = free_port()
    env = {**os.environ, "LISTENGINE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
           "LISTENGINE_FILES_DIR": str(tmp_path / "files"), "LISTENGINE_SECRET_KEY": "t"}
    server = subprocess.Popen(
        [sys.executable, "-c", "from webui.cli import main; main()", "run", "--port",
         str(port), "--workers", "1", "--threads", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as response:
                    status, headers = response.status, response.headers
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        errors = server.communicate(timeout=30)[1].decode()
    assert status == 200
    assert headers.get_all("Server") == ["gunicorn"], errors
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_create_list_from_a_template(run):
    assert run("init").exit_code == 0
    with run.database().unit_of_work() as session:
        sites.create_site(session, actor=users.system_actor(session), slug="news", title="Tin")
    result = run("create-list", "--template", "Tasks", "--title", "Việc cần làm")
    assert result.exit_code == 0, result.output
    assert "Created list 'Việc cần làm' at viec-can-lam." in result.output
    with run.database().session() as session:
        system = users.system_actor(session)
        tasks = lists.get_list(session, sites.get_site(session, "news"), "viec-can-lam",
                               actor=system)
        (ct,) = tasks.content_types
        assert ct.parent.ct_id == "0x0108" and "PercentComplete" in tasks.view_fields
    unknown = run("create-list", "--site", "news", "--template", "Taskz", "--title", "X")
    assert unknown.exit_code == 1
    assert "template: Unknown list template 'Taskz'" in unknown.output
    with run.database().unit_of_work() as session:
        sites.create_site(session, actor=users.system_actor(session), slug="khac", title="Khác")
    assert "Give --site (sites: news, khac)" in run(
        "create-list", "--template", "Links", "--title", "Liên kết").output
