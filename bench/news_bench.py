#!/usr/bin/env python
"""The news benchmark (../shared/bench/SCENARIOS.md) against listengine, as far as it goes today.

    .venv/bin/python bench/news_bench.py [--n 10000] [--requests 1000] [--skip-http]

Content comes from the Wagtail peer's ``datagen`` module and the HTTP client is the peer's
``loadclient``, both imported from ``../shared/peers/wagtail`` (never copied), so both sides
load the same items and are measured by the same client. Phases, each timed:

  create  one unit of work per item through ``items.create_item`` (what the web UI's "New"
          form calls), then the same items in one unit of work on a second database (bulk)
  edit    items with seq % 10 == 0, 2 rounds, one unit of work per ``items.update_item``
  http    gunicorn (2 sync workers): item page T (ReadCount +1 per request), list page 1
          and a deep list page

Prints a table and writes bench/var/results.json. Nothing here asserts on timings.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
PEER_DIR = (REPO / ".." / "shared" / "peers" / "wagtail").resolve()
VAR = REPO / "bench" / "var"
NEWS_YAML = REPO / "schema" / "news.yaml"
IMAGES = REPO / "schema" / "demo-images"
SITE, LIST, CATEGORY_LIST = "news", "tin-tuc", "phan-loai"
HOST, CONCURRENCY, WARMUP = "127.0.0.1", 8, 50

if not (PEER_DIR / "datagen.py").is_file() or not (PEER_DIR / "loadclient.py").is_file():
    sys.exit(f"news_bench: the Wagtail peer is not at {PEER_DIR} (datagen.py and loadclient.py "
             "are imported from there so both sides use the same data and client)")
sys.path.insert(0, str(PEER_DIR))
import datagen  # noqa: E402
import loadclient  # noqa: E402

from listengine.db import Database  # noqa: E402
from listengine.fields import Upload  # noqa: E402
from listengine.migrate import upgrade  # noqa: E402
from listengine.services import items, levels, lists, sharing, sites, users  # noqa: E402
from listengine.sitedef import load_file  # noqa: E402
from listengine.storage import LocalBlobStore  # noqa: E402

ARTICLE_TYPES = dict(datagen.ARTICLE_TYPES)  # code -> the Vietnamese label news.yaml stores
STATUSES = dict(datagen.STATUSES)


def log(message: str) -> None:
    print(message, flush=True)


# ------------------------------------------------------------------ database and data

def fresh_database(name: str) -> tuple[Database, LocalBlobStore, Path]:
    """An empty SQLite file in bench/var, migrated, with news.yaml loaded (not timed)."""
    path = VAR / f"{name}.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database.from_url(f"sqlite:///{path}")
    upgrade(db.engine)
    blobs = LocalBlobStore(VAR / "files")
    with db.unit_of_work() as session:
        system = users.system_actor(session)
        load_file(session, NEWS_YAML, actor=system, files=blobs)
        site = sites.get_site(session, SITE)  # a public portal: anonymous visitors read it
        sharing.set_anonymous_access(session, site, levels.get_level(session, site, "Read"),
                                     actor=system)
    check_categories(db)
    return db, blobs, path


def check_categories(db: Database) -> None:
    """datagen's category k must be item_no k of "Phân loại" (news.yaml seeds them in order)."""
    with db.session() as session:
        system = users.system_actor(session)
        lst = lists.get_list(session, sites.get_site(session, SITE), CATEGORY_LIST, actor=system)
        titles = [items.read_values(session, items.get_item(session, lst, k,
                                                            actor=system))["Title"]
                  for k in range(1, len(datagen.CATEGORIES) + 1)]
    if titles != [name for name, _slug in datagen.CATEGORIES]:
        raise SystemExit(f"news_bench: category order differs from datagen's: {titles}")


def the_list(session):
    """What the web UI looks up in each unit of work: the acting user, the site, the list."""
    actor = users.system_actor(session)
    site = sites.get_site(session, SITE)
    return lists.get_list(session, site, LIST, actor=actor), actor


class LeadImages:
    """One image per category: the PNG of schema/demo-images uploaded by the category's
    first item, then its stored value ``{"file_id": ...}`` re-submitted (as an edit form does)."""

    def __init__(self) -> None:
        self.stored: dict[int, dict[str, Any]] = {}

    def value(self, category: int) -> Any:
        if category in self.stored:
            return {"file_id": self.stored[category]["file_id"]}
        slug = datagen.CATEGORIES[category - 1][1]
        return Upload(f"{slug}.png", "image/png", (IMAGES / f"{slug}.png").read_bytes())

    def remember(self, category: int, item, session) -> None:
        if category not in self.stored:
            self.stored[category] = items.read_values(session, item)["LeadImage"]


def values_for(d: dict[str, Any], image: Any) -> dict[str, Any]:
    """A datagen item as "Tin tức" input, keyed by internal name.

    Amount: datagen has cents, a VND column takes whole amounts -> rounded half up.
    Category and RelatedNews are item_nos: categories 1..5 as seeded, news items = seq.
    """
    return {
        "Title": d["title"], "Summary": d["summary"], "Body": d["body"],
        "PublishDate": d["publish_date"], "Byline": d["author"], "Category": d["category"],
        "ArticleType": ARTICLE_TYPES[d["article_type"]],
        "EditorialStatus": STATUSES[d["status"]],
        "PageCount": d["page_count"], "PhotoCount": d["photo_count"],
        "Amount": d["amount"].quantize(Decimal(1), rounding=ROUND_HALF_UP),
        "RelatedNews": d["related"], "Audio": d["audio"] or None,
        "AlternateLink": d["alternate_link"], "LeadImage": image,
        "ImageCaption": d["image_caption"], "History": d["history"],
        "Featured": d["featured"], "LatestNews": d["latest_news"],
    }


def create_one(session, lst, actor, blobs, images: LeadImages, seq: int) -> None:
    d = datagen.item(seq)
    item = items.create_item(session, lst, values_for(d, images.value(d["category"])),
                             actor=actor, files=blobs)
    if item.item_no != seq:
        raise SystemExit(f"news_bench: item {seq} got item_no {item.item_no}; RelatedNews "
                         "assumes they are equal")
    images.remember(d["category"], item, session)


def timed(label: str, count: int, unit: str, work: Callable[[], None]) -> dict[str, Any]:
    t0 = time.perf_counter()
    work()
    seconds = time.perf_counter() - t0
    log(f"{label}: {count} {unit} in {seconds:.1f} s = {count / seconds:.1f} {unit}/s")
    return {"count": count, "seconds": round(seconds, 2), "per_s": round(count / seconds, 2)}


# --------------------------------------------------------------------------- phases

def phase_create(db: Database, blobs: LocalBlobStore, n: int) -> dict[str, Any]:
    """One unit of work per item, looking up site, list and user each time as a web request
    does: the per-item transaction cost the scenario asks for."""
    images = LeadImages()

    def run() -> None:
        for seq in range(1, n + 1):
            with db.unit_of_work() as session:
                lst, actor = the_list(session)
                create_one(session, lst, actor, blobs, images, seq)
            if seq % 1000 == 0:
                log(f"  created {seq}/{n}")
    return timed("create (1 unit of work per item)", n, "items", run)


def phase_bulk(n: int) -> dict[str, Any]:
    """The same items in one unit of work on a second fresh database: the import path,
    without per-transaction costs (commit, WAL sync, lookups per item)."""
    db, blobs, path = fresh_database("bulk")
    images = LeadImages()

    def run() -> None:
        with db.unit_of_work() as session:
            lst, actor = the_list(session)
            for seq in range(1, n + 1):
                create_one(session, lst, actor, blobs, images, seq)
    result = timed("bulk create (1 unit of work)", n, "items", run)
    db.engine.dispose()
    path.unlink()  # only its rate matters; keep bench/var small
    return result


def phase_edit(db: Database, n: int) -> dict[str, Any]:
    """datagen's edits (summary, body, status, history), one unit of work per update_item.
    listengine keeps no version snapshots yet, so an edit writes one row, not a revision."""
    edited = datagen.edited_seqs(n)

    def run() -> None:
        for round_no in range(1, datagen.EDIT_ROUNDS + 1):
            for seq in edited:
                with db.unit_of_work() as session:
                    lst, actor = the_list(session)
                    item = items.get_item(session, lst, seq, actor=actor)
                    e = datagen.edit(seq, round_no, items.read_values(session, item)["History"])
                    items.update_item(session, item, {
                        "Summary": e["summary"], "Body": e["body"],
                        "EditorialStatus": STATUSES[e["status"]], "History": e["history"],
                    }, actor=actor, expected_row_version=item.row_version)
    return timed("edit (1 unit of work per edit, no version snapshot)",
                 len(edited) * datagen.EDIT_ROUNDS, "edits", run)


# ----------------------------------------------------------------------------- http

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(db_path: Path) -> Iterator[int]:
    """gunicorn on a free loopback port in its own process group, always stopped."""
    port = free_port()
    env = dict(os.environ, LISTENGINE_DATABASE_URL=f"sqlite:///{db_path}",
               LISTENGINE_FILES_DIR=str(VAR / "files"),
               LISTENGINE_SECRET_KEY=os.urandom(16).hex())  # nothing written to instance/
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "webui:create_app()",
         "--workers", "2", "--worker-class", "sync", "--bind", f"{HOST}:{port}",
         "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning",
         "--error-logfile", str(VAR / "gunicorn.log")],
        cwd=REPO, env=env, start_new_session=True)
    try:
        wait_ready(port, proc)
        yield port
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_ready(port: int, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"news_bench: gunicorn exited ({proc.returncode}); see "
                             f"{VAR / 'gunicorn.log'}")
        try:
            if loadclient.fetch(HOST, port, f"/sites/{SITE}/lists/{LIST}/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("news_bench: gunicorn not ready in time")


def scenario(port: int, key: str, label: str, path: str, markers: list[str],
             requests: int) -> dict[str, Any]:
    """One checked request, the warm-up and the measured burst (the peer's settings)."""
    status, _, body = loadclient.fetch(HOST, port, path)
    text = body.decode()
    missing = [m for m in markers if m not in text]
    if status != 200 or missing:
        raise SystemExit(f"news_bench: {key} {path}: HTTP {status}, missing {missing}")
    warm = loadclient.run(HOST, port, path, WARMUP, CONCURRENCY)
    result = loadclient.run(HOST, port, path, requests, CONCURRENCY)
    result.update(scenario=key, label=label, ok_requests=1 + sum(
        r["completed"] - r["errors"] for r in (warm, result)))
    log(f"  {key}: {result['req_per_s']:.1f} req/s  p50 {result['p50_ms']:.1f}  "
        f"p95 {result['p95_ms']:.1f}  p99 {result['p99_ms']:.1f} ms  errors {result['errors']}")
    return result


def item_state(db: Database, seq: int) -> dict[str, Any]:
    with db.session() as session:
        system = users.system_actor(session)
        lst = lists.get_list(session, sites.get_site(session, SITE), LIST, actor=system)
        item = items.get_item(session, lst, seq, actor=system)
        return {"read_count": items.read_values(session, item)["ReadCount"],
                "row_version": item.row_version, "version": item.version_label}


def phase_http(db: Database, db_path: Path, n: int, requests: int) -> dict[str, Any]:
    """Item page T (scenario c) and the list pages nearest to a/b (there is no category
    filter or PublishDate sort yet: the generic list view shows newest item_no first)."""
    target = datagen.target_seq(n)
    pages = math.ceil(n / datagen.PAGE_SIZE)
    deep = max(1, pages // 2)
    base = f"/sites/{SITE}/lists/{LIST}/"
    before = item_state(db, target)
    with gunicorn(db_path) as port:
        log(f"gunicorn (2 sync workers) on {HOST}:{port}")
        results = {
            "c": scenario(port, "c", f"item {target} (ReadCount +1)", f"{base}items/{target}",
                          [datagen.item(target)["title"], "Số lượt người đọc"], requests),
            "list_p1": scenario(port, "list_p1", "list page 1 (unfiltered)", base,
                                [f"Trang 1 / {pages}", f"Tổng số: {n} mục"], requests),
            "list_deep": scenario(port, "list_deep", f"list page {deep} (unfiltered)",
                                  f"{base}?page={deep}", [f"Trang {deep} / {pages}"], requests),
        }
    after = item_state(db, target)
    checks = {
        "target_seq": target, "before": before, "after": after,
        "read_count_delta": after["read_count"] - before["read_count"],
        "item_requests_ok": results["c"]["ok_requests"],
    }
    checks["read_count_exact"] = checks["read_count_delta"] == checks["item_requests_ok"]
    checks["no_new_version"] = (before["row_version"], before["version"]) == (
        after["row_version"], after["version"])
    log(f"  checks: {json.dumps(checks)}")
    return {"scenarios": results, "checks": checks}


# ----------------------------------------------------------------------------- main

def report(out: dict[str, Any]) -> None:
    log("")
    log(f"listengine news bench, N={out['n']} (datagen from {PEER_DIR})")
    for key, label in (("create", "create, 1 unit of work/item"), ("bulk", "bulk import, 1 unit"),
                       ("edit", "edit, 1 unit of work/edit")):
        r = out["phases"][key]
        log(f"  {label:30} {r['per_s']:8.1f} /s   ({r['count']} in {r['seconds']} s)")
    log("  edits write no version snapshot yet (versioning is a later issue): cheaper than the "
        "peer's edit + revision + publish")
    if "http" in out:
        log(f"  {'http':30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for r in out["http"]["scenarios"].values():
            log(f"  {r['label']:30} {r['req_per_s']:8.1f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} "
                f"{r['p99_ms']:8.1f} {r['errors']:6d}")
        log("  list pages are NOT scenarios a/b: no category filter or PublishDate sort in the "
            "generic list view yet (views/filters are a later issue); nearest thing only")


def versions() -> dict[str, str]:
    from importlib.metadata import version
    return {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            **{name: version(name) for name in ("SQLAlchemy", "Flask", "gunicorn", "nh3")}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10000, help="news items (>= 20)")
    ap.add_argument("--requests", type=int, default=1000, help="measured requests per page")
    ap.add_argument("--skip-http", action="store_true", help="only the create/edit phases")
    args = ap.parse_args()
    if args.n < 2 * datagen.EDIT_EVERY:
        ap.error("--n must be at least 20 (the target item is an edited one)")
    VAR.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {
        "n": args.n, "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "versions": versions(), "phases": {},
        "notes": ["Amount rounded half up to whole VND",
                  "LeadImage: category PNG uploaded once, then its stored {file_id} re-submitted",
                  "edits: no version snapshots yet"],
    }
    db, blobs, db_path = fresh_database("news")
    out["phases"]["create"] = phase_create(db, blobs, args.n)
    out["phases"]["edit"] = phase_edit(db, args.n)
    out["phases"]["bulk"] = phase_bulk(args.n)
    with db.engine.connect() as connection:  # fold the WAL back before serving
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    out["db_bytes"] = db_path.stat().st_size
    if not args.skip_http:
        out["http"] = phase_http(db, db_path, args.n, args.requests)
    report(out)
    (VAR / "results.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {VAR / 'results.json'}")


if __name__ == "__main__":
    main()
