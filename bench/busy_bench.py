#!/usr/bin/env python
"""Pages during a bulk load (issue 7): reads never wait on writers, saves get in between.

    .venv/bin/python bench/busy_bench.py [--items 30000] [--requests 200] [--interval 0.1]

A fresh SQLite file in bench/var/busy/ gets a small site: list "tin" (3 items, a Views
counter that counts views) and an empty list "kho" (Title, Rank, Views), anonymous Read and
an editor. Then ``listengine load-schema`` runs in a second process with the same definition
plus --items seed items for "kho" (30,000: one long load, committed in batches). As soon as
its first batch is in, this process requests the item page of tin/1 --requests times through
the real app (Flask test client, the app's own engine on the same file), one every
--interval seconds, while a thread signs in as the editor and saves tin/2 --saves times.
It prints every figure and never asserts; every loop is bounded.

Afterwards the load must have finished, the view buffer must have drained, and the read count
must be exactly its start + the pages that answered 200.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
VAR = REPO / "bench" / "var" / "busy"
LISTENGINE = REPO / ".venv" / "bin" / "listengine"

from listengine.db import Database  # noqa: E402
from listengine.migrate import upgrade  # noqa: E402
from listengine.services import (  # noqa: E402
    groups,
    items,
    levels,
    lists,
    sharing,
    sites,
    users,
    viewcounts,
)
from listengine.sitedef import load_file  # noqa: E402
from webui import create_app  # noqa: E402

PAGE = "/sites/busy/lists/tin/items/1"
EDIT = "/sites/busy/lists/tin/items/2/edit"
EDITOR, PASSWORD = "editor", "mật-khẩu-đo-thử"
COUNTER = {"internal_name": "Views", "title": "Lượt xem", "type": "Counter",
           "settings": {"count_views": True}}
#: Bounds, so the bench always ends: the load, the wait for its first batch, the drain.
LOAD_LIMIT_S, FIRST_BATCH_LIMIT_S, DRAIN_LIMIT_S = 900, 120, 60


def log(message: str) -> None:
    print(message, flush=True)


def definition(n: int) -> dict:
    """The site; "kho" gets ``n`` seed items (0: the schema and tin's items only)."""
    return {
        "site": {"slug": "busy", "title": "Đo tải"},
        "lists": [
            {"title": "Tin", "url_name": "tin", "columns": [COUNTER],
             "items": [{"Title": f"Tin {i}", "Views": 7 if i == 1 else 0} for i in (1, 2, 3)]},
            {"title": "Kho", "url_name": "kho",
             "columns": [COUNTER, {"internal_name": "Rank", "title": "Hạng", "type": "Integer"}],
             "items": [{"Title": f"Bài số {i}", "Rank": i} for i in range(1, n + 1)]},
        ]}


def write(path: Path, doc: dict) -> Path:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def provision(url: str) -> Database:
    db = Database.from_url(url)
    upgrade(db.engine)
    with db.unit_of_work() as session:
        load_file(session, write(VAR / "busy-setup.yaml", definition(0)))
        system = users.system_actor(session)
        site = sites.get_site(session, "busy")
        sharing.set_anonymous_access(session, site, levels.get_level(session, site, "Read"),
                                     actor=system)
        editor = users.create_user(session, actor=system, login=EDITOR, display_name="Biên tập",
                                   password=PASSWORD)
        groups.add_member(session, groups.default_group(session, site, "Members"), editor,
                          actor=system)
    return db


def counts(db: Database) -> tuple[int, int]:
    """tin/1's stored read count and how many items "kho" has."""
    with db.session() as session:
        system = users.system_actor(session)
        site = sites.get_site(session, "busy")
        tin = lists.get_list(session, site, "tin", actor=system)
        kho = lists.get_list(session, site, "kho", actor=system)
        views = items.read_values(session, items.get_item(session, tin, 1, actor=system))["Views"]
        return views, items.page(session, kho, actor=system, page_size=1).total


def wait_for(done, limit_s: float, step_s: float = 0.05) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(step_s)
    return done()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def editor_saves(app, n: int, every_s: float, out: list[tuple[float, float, int]]) -> None:
    """Sign in (a write too: it records the attempt), then ``n`` saves of tin/2, ``every_s``
    apart; each as (start, seconds, status), the sign-in first."""
    client = app.test_client()
    t0 = time.perf_counter()
    status = client.post("/login", data={"login": EDITOR, "password": PASSWORD}).status_code
    out.append((t0, time.perf_counter() - t0, status))
    for i in range(n):
        time.sleep(every_s)
        form = client.get(EDIT)
        version = re.search(r'name="row_version"[^>]*value="(\d+)"', form.text)
        data = {"Title": f"Tin 2 - sửa lần {i + 1}",
                "row_version": version.group(1) if version else ""}
        t0 = time.perf_counter()
        status = client.post(EDIT, data=data).status_code
        out.append((t0, time.perf_counter() - t0, status))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=30_000, help="seed items the load adds")
    ap.add_argument("--requests", type=int, default=200, help="item page requests")
    ap.add_argument("--interval", type=float, default=0.1, help="seconds between requests")
    ap.add_argument("--saves", type=int, default=5, help="editor saves during the load")
    args = ap.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    database_file = VAR / "busy.db"
    for stale in VAR.glob("busy.db*"):
        stale.unlink()
    url = f"sqlite:///{database_file}"
    db = provision(url)
    app = create_app({"LISTENGINE_DATABASE": db, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "LISTENGINE_FILES_DIR": str(VAR / "files")})
    start_views, _ = counts(db)
    big = write(VAR / "busy.yaml", definition(args.items))
    log(f"busy_bench: {args.items:,} seed items into {database_file}; page {PAGE} "
        f"x {args.requests} every {args.interval} s; {args.saves} editor saves")

    saves: list[tuple[float, float, int]] = []
    spacing = args.requests * args.interval / (args.saves + 1)  # spread over the requests
    saver = threading.Thread(target=editor_saves, daemon=True,
                             args=(app, args.saves, spacing, saves))
    t_load = time.perf_counter()
    loader = subprocess.Popen([str(LISTENGINE), "load-schema", str(big)],
                              env={**os.environ, "LISTENGINE_DATABASE_URL": url},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        if not wait_for(lambda: counts(db)[1] > 0 or loader.poll() is not None,
                        FIRST_BATCH_LIMIT_S):
            sys.exit("busy_bench: the load committed nothing within "
                     f"{FIRST_BATCH_LIMIT_S} s")
        log(f"  first batch committed after {time.perf_counter() - t_load:.1f} s; requesting")
        saver.start()
        client = app.test_client()
        latencies, statuses = [], []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            statuses.append(client.get(PAGE).status_code)
            latencies.append(time.perf_counter() - t0)
            time.sleep(args.interval)
        load_running_after = loader.poll() is None
        saver.join(timeout=LOAD_LIMIT_S)
        output, _ = loader.communicate(timeout=LOAD_LIMIT_S)
    finally:
        if loader.poll() is None:
            loader.kill()
    load_s = time.perf_counter() - t_load
    drained = wait_for(lambda: not viewcounts.counts_for(db).pending(), DRAIN_LIMIT_S, 0.1)
    end_views, loaded = counts(db)

    ms = [t * 1000 for t in latencies]
    ok = statuses.count(200)
    log(f"  load: exit {loader.returncode}, {loaded:,} items in {load_s:.1f} s "
        f"({loaded / load_s:.0f} items/s); still running after the last request: "
        f"{'yes' if load_running_after else 'NO'}")
    log("  " + " | ".join(line for line in output.splitlines() if line.startswith("item")))
    log(f"  item page: p50 {statistics.median(ms):.1f} ms, p95 {pct(ms, 0.95):.1f} ms, "
        f"max {max(ms):.1f} ms")
    log(f"  answered 200: {ok} / {len(statuses)}; within 1 s: "
        f"{sum(1 for t in latencies if t <= 1.0)} / {len(latencies)}; other statuses: "
        f"{sorted(set(statuses) - {200}) or 'none'}")
    log(f"  read count: start {start_views}, after {end_views}, expected {start_views + ok}: "
        f"{'EXACT' if end_views == start_views + ok else 'NOT EXACT'} "
        f"(buffer drained: {'yes' if drained else 'NO'})")
    for i, (at, wait, status) in enumerate(saves):
        log(f"  {f'editor save {i}' if i else 'editor sign-in'}, {at - t_load:.1f} s into the "
            f"load: {wait * 1000:.0f} ms, status {status}")
    if len(saves) < args.saves + 1:
        log(f"  editor saves done: {max(0, len(saves) - 1)} of {args.saves}")


if __name__ == "__main__":
    main()
