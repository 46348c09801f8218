#!/usr/bin/env python
"""What security trimming costs a list view: a reader's pages against untrimmed ones.

    .venv/bin/python bench/permissions_bench.py [--items 1000000] [--unique 10000]
        [--database sqlite|postgresql|both] [--postgres-url URL] [--repeat 50] [--keep PATH]

One list of ``--items`` items, of which ``--unique`` (spread evenly over the IDs, the newest
item among them) have permissions of their own: every other one a copy of the list's (the
reader's Visitors group keeps Read), the rest only an owner with Full Control (unreadable to
the reader). Schema, site, list, columns and people are made through the services; item rows,
scopes and role assignments are bulk-loaded with SQLAlchemy Core (COPY on PostgreSQL) because
``create_item`` one at a time would take hours and loading is setup, not what is measured.
One item of each kind is made through ``sharing`` instead, and the bulk rows are checked to
have the same shape and the same answer from ``access.can``.

Measured, each repeat in a fresh session: what the web list page asks of the engine (load the
signed-in user, build the actor, find site and list, ``items.page``, ``items.values_of``), as
the reader (trimmed) and as a site collection administrator (no trimming), for page 1, page 2
and a deep page. The engine's own count and page statements are timed apart by a cursor event,
so no query is rewritten here. The ratio trimmed/untrimmed of page 1's median is the issue's
figure (target: at most 2x). The EXPLAIN of the statements the engine ran closes each run.

PostgreSQL: the database at ``--postgres-url`` (or LISTENGINE_BENCH_POSTGRES_URL) is WIPED
(schema ``public`` dropped and recreated): give the benchmark a database of its own.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Engine, event, insert, select, text, update
from sqlalchemy.orm import Session

from listengine.db import Database, make_engine
from listengine.migrate import upgrade
from listengine.models import Item, List, RoleAssignment, SecurityScope, utcnow
from listengine.permissions import Permission
from listengine.services import access, columns, content_types, groups, items, levels
from listengine.services import lists, sharing, sites, users
from listengine.services.content_types import EffectiveColumn

SITE, LIST = "bench", "tin-tuc"
WARMUP, TARGET_RATIO, DEEP_PAGE, BATCH = 5, 2.0, 1000, 20_000
ITEM_COLUMNS = ("list_id", "item_no", "content_type_id", "scope_id", "values", "row_version",
                "ui_version", "moderation_status", "created", "author_id", "modified",
                "editor_id")


def log(message: str = "") -> None:
    print(message, flush=True)


def timed(label: str, work, *args) -> Any:
    t0 = time.perf_counter()
    result = work(*args)
    log(f"  {label}: {time.perf_counter() - t0:.1f} s")
    return result


# ------------------------------------------------------------------------------ setup

@dataclass
class Fixture:
    """Ids of what the load made, so each measured session can look them up again."""

    list_id: int
    content_type_id: int
    title_key: str
    rank_key: str
    system_id: int
    reader_id: int
    admin_id: int
    owner_id: int
    full_control_id: int


def provision(db: Database) -> Fixture:
    """Site, list (Title + an Integer, both in the view), and the people, via the services."""
    with db.unit_of_work() as session:
        system = users.system_actor(session)
        site = sites.create_site(session, actor=system, slug=SITE, title="Đo phân quyền")
        lst = lists.create_list(session, site, actor=system, title="Tin tức", url_name=LIST)
        columns.create_list_column(session, lst, actor=system, internal_name="Rank",
                                   title="Thứ tự", type_key="Integer")
        lists.update_list(session, lst, actor=system, view_fields=["Title", "Rank"])
        people = {login: users.create_user(session, actor=system, login=login,
                                           display_name=name, is_site_admin=login == "admin")
                  for login, name in (("reader", "Người Đọc"), ("admin", "Quản Trị"),
                                      ("owner", "Chủ Sở Hữu"))}
        groups.add_member(session, groups.default_group(session, site, "Visitors"),
                          people["reader"], actor=system)
        groups.add_member(session, groups.default_group(session, site, "Owners"),
                          people["owner"], actor=system)
        return Fixture(
            list_id=lst.id,
            content_type_id=content_types.list_content_types(session, lst)[0].id,
            title_key=columns.get_list_column(session, lst, "Title").storage_key,
            rank_key=columns.get_list_column(session, lst, "Rank").storage_key,
            system_id=system.user_id, reader_id=people["reader"].id,
            admin_id=people["admin"].id, owner_id=people["owner"].id,
            full_control_id=levels.get_level(session, site, "Full Control").id)


def unique_item_nos(n: int, unique: int) -> list[int]:
    """Every (n // unique)-th ID, ending at n so that the newest page holds one."""
    step = n // unique
    return [n - k * step for k in reversed(range(unique))]


def is_readable(position: int) -> bool:
    """Alternate copies (readable) and owner-only scopes; the newest item is owner-only."""
    return position % 2 == 1


Shape = tuple[int, list[tuple[int | None, int | None, int]]]


def bulk_shapes(db: Database, fx: Fixture) -> dict[bool, Shape]:
    """(anonymous mask, assignments) of a new scope: ``break_inheritance(copy=True)`` copies
    the list's effective scope; copy=False plus one grant leaves the owner's Full Control."""
    with db.session() as session:
        parent = access.scope_of(session.get(List, fx.list_id))
        copied = session.execute(
            select(RoleAssignment.user_id, RoleAssignment.group_id,
                   RoleAssignment.role_definition_id).where(RoleAssignment.scope_id == parent))
        anonymous = session.get(SecurityScope, parent).anonymous_mask
        return {True: (anonymous, sorted(tuple(r) for r in copied)),
                False: (0, [(fx.owner_id, None, fx.full_control_id)])}


def load_scopes(db: Database, shapes: dict[bool, Shape],
                readable: dict[int, bool]) -> dict[int, int]:
    """One scope with its assignments per item number; ``readable`` maps each to its kind."""
    scopes, assignments = SecurityScope.__table__, RoleAssignment.__table__
    kinds = list(readable.values())
    with db.engine.begin() as conn:
        ids = conn.execute(
            insert(scopes).returning(scopes.c.id, sort_by_parameter_order=True),
            [{"anonymous_mask": shapes[kind][0]} for kind in kinds]).scalars().all()
        rows = [{"scope_id": scope_id, "user_id": u, "group_id": g, "role_definition_id": r}
                for scope_id, kind in zip(ids, kinds) for u, g, r in shapes[kind][1]]
        conn.execute(insert(assignments), rows)
    return dict(zip(readable, ids))


def item_rows(fx: Fixture, n: int, scope_by_no: dict[int, int]) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for no in range(1, n + 1):
        yield {"list_id": fx.list_id, "item_no": no, "content_type_id": fx.content_type_id,
               "scope_id": scope_by_no.get(no),
               "values": {fx.title_key: f"Tin số {no}", fx.rank_key: no},
               "row_version": 1, "ui_version": 512, "moderation_status": 0,
               "created": now, "author_id": fx.system_id, "modified": now,
               "editor_id": fx.system_id}


def batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_items(db: Database, fx: Fixture, n: int, scope_by_no: dict[int, int]) -> None:
    """Item rows: COPY on PostgreSQL, Core executemany batches on SQLite; then the list's
    ``last_item_no``, as ``create_item`` would have left it."""
    rows = item_rows(fx, n, scope_by_no)
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            names = ", ".join(f'"{c}"' for c in ITEM_COLUMNS)
            cursor = conn.connection.driver_connection.cursor()
            with cursor.copy(f"COPY item ({names}) FROM STDIN") as copy:
                for row in rows:
                    row["values"] = json.dumps(row["values"], ensure_ascii=False)
                    copy.write_row([row[c] for c in ITEM_COLUMNS])
    else:
        for batch in batches(rows, BATCH):
            with db.engine.begin() as conn:
                conn.execute(insert(Item.__table__), batch)
    with db.engine.begin() as conn:
        conn.execute(update(List.__table__).where(List.__table__.c.id == fx.list_id)
                     .values(last_item_no=n))


def through_services(db: Database, fx: Fixture, readable_no: int, owner_only_no: int) -> None:
    """The two real calls the bulk rows imitate: a copying break, and a non-copying break
    followed by a grant of Full Control to the owner."""
    with db.unit_of_work() as session:
        system = users.system_actor(session)
        lst = session.get(List, fx.list_id)
        sharing.break_inheritance(session, items.get_item(session, lst, readable_no,
                                                          actor=system), actor=system)
        owner_only = items.get_item(session, lst, owner_only_no, actor=system)
        sharing.break_inheritance(session, owner_only, actor=system, copy=False)
        full = levels.get_level(session, lst.site, "Full Control")
        sharing.grant(session, owner_only, users.get_user(session, "owner"), full, actor=system)


def check_bulk(db: Database, fx: Fixture, nos: list[int]) -> None:
    """The bulk-made scopes of nos[2], nos[3] must equal the service-made ones of nos[0],
    nos[1] (same kinds) in assignments, anonymous mask and the reader's access."""
    with db.session() as session:
        lst = session.get(List, fx.list_id)
        system = users.system_actor(session)
        reader = access.actor_for(session, users.get_user_by_id(session, fx.reader_id))

        def shape(no: int) -> tuple[Shape, bool]:
            item = items.get_item(session, lst, no, actor=system)
            rows = session.execute(
                select(RoleAssignment.user_id, RoleAssignment.group_id,
                       RoleAssignment.role_definition_id)
                .where(RoleAssignment.scope_id == item.scope_id))
            return ((sharing.anonymous_mask(session, item), sorted(tuple(r) for r in rows)),
                    access.can(session, reader, item, Permission.ViewListItems))
        for real, bulk, readable in ((nos[0], nos[2], True), (nos[1], nos[3], False)):
            by_service, by_bulk = shape(real), shape(bulk)
            if by_service != by_bulk or by_service[1] is not readable:
                raise SystemExit(f"permissions_bench: bulk scope of item {bulk} {by_bulk} "
                                 f"differs from the service's on item {real} {by_service}")
    log(f"  bulk scopes match the services' (items {nos[0]}/{nos[2]} readable, "
        f"{nos[1]}/{nos[3]} owner-only)")


def analyze(db: Database) -> None:
    """Fresh statistics; on PostgreSQL VACUUM too, so that the visibility map is set and
    autovacuum does not start on the million new rows in the middle of the measurements."""
    if db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        with db.engine.connect() as conn:  # its own transaction: fold the WAL back
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def load(db: Database, n: int, unique: int) -> Fixture:
    log(f"loading {n} items, {unique} with unique permissions ({db.dialect})")
    t0 = time.perf_counter()
    timed("schema (upgrade)", upgrade, db.engine)
    fx = timed("site, list, people (services)", provision, db)
    nos = unique_item_nos(n, unique)
    shapes = bulk_shapes(db, fx)
    readable = {no: is_readable(i) for i, no in enumerate(nos, 1)}
    bulk = {no: readable[no] for no in nos[2:]}  # nos[0], nos[1]: through the services
    scope_by_no = timed(f"{len(bulk)} scopes + assignments (Core)", load_scopes, db, shapes, bulk)
    how = "COPY" if db.dialect == "postgresql" else f"Core executemany, {BATCH}/batch"
    timed(f"{n} item rows ({how})", load_items, db, fx, n, scope_by_no)
    timed("2 scopes through sharing.break_inheritance/grant", through_services, db, fx,
          nos[0], nos[1])
    check_bulk(db, fx, nos)
    timed("VACUUM ANALYZE" if db.dialect == "postgresql" else "ANALYZE", analyze, db)
    log(f"  load total: {time.perf_counter() - t0:.1f} s")
    return fx


# ------------------------------------------------------------------------ measuring

@dataclass
class Statement:
    kind: str
    seconds: float
    sql: str
    parameters: Any


@dataclass
class StatementClock:
    """Times every statement the engine sends (cursor events), so that a request splits into
    its count, its page rows and the rest without re-writing the engine's queries here."""

    engine: Engine
    recorded: list[Statement] = field(default_factory=list)

    def __post_init__(self) -> None:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)

    def _before(self, conn, _cursor, _statement, _parameters, _context, _many) -> None:
        conn.info["bench_t0"] = time.perf_counter()

    def _after(self, conn, _cursor, statement, parameters, _context, _many) -> None:
        seconds = time.perf_counter() - conn.info.pop("bench_t0")
        self.recorded.append(Statement(self.kind_of(statement), seconds, statement, parameters))

    @staticmethod
    def kind_of(sql: str) -> str:
        flat = " ".join(sql.split())
        if "count(*)" in flat and "FROM item" in flat:
            return "count"
        if "FROM item" in flat and "ORDER BY item.item_no DESC" in flat:
            return "rows"
        return "other"


def view_columns(lst: List) -> list[EffectiveColumn]:
    """The list view's columns, as the web list page picks them."""
    by_name = {f.internal_name: f for f in lst.fields}
    return [EffectiveColumn(by_name[name], required=False, hidden=False)
            for name in lst.view_fields if name in by_name]


def list_request(session: Session, user_id: int, page_no: int) -> items.ItemPage:
    """What the web list page asks the engine for, in the order it asks."""
    actor = access.actor_for(session, users.get_user_by_id(session, user_id))
    lst = lists.get_list(session, sites.get_site(session, SITE), LIST, actor=actor)
    page = items.page(session, lst, actor=actor, page=page_no)
    items.values_of(session, page.items, view_columns(lst))
    return page


@dataclass
class Sample:
    request: list[float] = field(default_factory=list)
    count: list[float] = field(default_factory=list)
    rows: list[float] = field(default_factory=list)


def one_request(db: Database, clock: StatementClock, user_id: int, page_no: int,
                sample: Sample | None) -> items.ItemPage:
    with db.session() as session:
        clock.recorded.clear()
        t0 = time.perf_counter()
        page = list_request(session, user_id, page_no)
        elapsed = time.perf_counter() - t0
    if sample is not None:
        sample.request.append(elapsed)
        for kind in ("count", "rows"):
            getattr(sample, kind).append(sum(s.seconds for s in clock.recorded if s.kind == kind))
    return page


def measure(db: Database, clock: StatementClock, fx: Fixture, n: int, unique: int,
            repeat: int) -> dict[int, dict[str, Sample]]:
    """Per page, warm-up then ``repeat`` rounds, reader and admin alternating so that drift
    on a busy machine hits both alike. The totals are checked against what was loaded."""
    who = {"trimmed": fx.reader_id, "untrimmed": fx.admin_id}
    expected = {"trimmed": n - unique // 2, "untrimmed": n}
    first = {k: one_request(db, clock, uid, 1, None) for k, uid in who.items()}
    for k, page in first.items():
        if page.total != expected[k] or not page.items:
            raise SystemExit(f"permissions_bench: {k} page 1 counts {page.total} items, "
                             f"expected {expected[k]}")
    pages = [1, 2, min(DEEP_PAGE, first["trimmed"].pages)]
    log(f"measuring pages {pages}, {repeat} rounds after {WARMUP} warm-up; reader sees "
        f"{first['trimmed'].total}, admin {first['untrimmed'].total}")
    results: dict[int, dict[str, Sample]] = {}
    for page_no in pages:
        results[page_no] = {k: Sample() for k in who}
        for round_no in range(WARMUP + repeat):
            for k, uid in who.items():
                one_request(db, clock, uid, page_no,
                            results[page_no][k] if round_no >= WARMUP else None)
    return results


def ms(values: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    p95 = statistics.quantiles(values, n=20, method="inclusive")[-1]
    return statistics.median(values) * 1000, p95 * 1000


def report(dialect: str, results: dict[int, dict[str, Sample]]) -> None:
    log()
    log(f"{dialect}: median / p95 in ms; ratio = trimmed median / untrimmed median")
    log(f"  {'page':>5} {'part':<14} {'trimmed':>17} {'untrimmed':>17} {'ratio':>7}")
    for page_no, by_who in results.items():
        for part, label in (("request", "whole request"), ("count", "count stmt"),
                            ("rows", "page rows stmt")):
            t = ms(getattr(by_who["trimmed"], part))
            u = ms(getattr(by_who["untrimmed"], part))
            ratio = f"{t[0] / u[0]:6.2f}x" if u[0] else "      -"
            log(f"  {page_no:>5} {label:<14} {t[0]:8.2f} {t[1]:8.2f} {u[0]:8.2f} {u[1]:8.2f} "
                f"{ratio}")
    ratio = (statistics.median(results[1]["trimmed"].request)
             / statistics.median(results[1]["untrimmed"].request))
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    log(f"  first page, whole request: {ratio:.2f}x (target <= {TARGET_RATIO:g}x): {verdict}")


def abridged(sql: str) -> str:
    """One line; the page statement's long list of loaded columns shortened to ``…``."""
    flat = " ".join(sql.split())
    return flat if flat.startswith("SELECT count") else "SELECT … " + flat[flat.index("FROM "):]


def explain(db: Database, clock: StatementClock, fx: Fixture) -> None:
    """The plans of the count and page statements exactly as the engine sent them (SQLite:
    EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN ANALYZE, i.e. run once more)."""
    for label, user_id in (("trimmed (reader)", fx.reader_id),
                           ("untrimmed (admin)", fx.admin_id)):
        one_request(db, clock, user_id, 1, None)
        wanted = [s for s in clock.recorded if s.kind in ("count", "rows")]
        for statement in wanted:
            log()
            log(f"{db.dialect} plan, page 1 {statement.kind} statement, {label}:")
            if label.startswith("trimmed"):
                log(f"  {abridged(statement.sql)}  -- {statement.parameters}")
            with db.engine.connect() as conn:
                if db.dialect == "postgresql":
                    plan = conn.exec_driver_sql("EXPLAIN ANALYZE " + statement.sql,
                                                statement.parameters).scalars().all()
                    log("\n".join(f"  {line}" for line in plan))
                else:
                    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement.sql,
                                                statement.parameters).all()
                    depth = {0: -1}
                    for node, parent, _unused, detail in rows:
                        depth[node] = depth.get(parent, -1) + 1
                        log(f"  {'  ' * depth[node]}{detail}")


# ----------------------------------------------------------------------------- main

def wipe_postgres(url: str) -> Engine:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


def sqlite_path(keep: str | None) -> tuple[Path, Path | None]:
    """The SQLite file, and the temporary directory to remove afterwards (none with --keep)."""
    if keep:
        path = Path(keep).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return path, None
    scratch = Path(tempfile.mkdtemp(prefix="permissions_bench-"))
    return scratch / "bench.db", scratch


def run(db: Database, args: argparse.Namespace) -> None:
    fx = load(db, args.items, args.unique)
    clock = StatementClock(db.engine)
    results = measure(db, clock, fx, args.items, args.unique, args.repeat)
    report(db.dialect, results)
    explain(db, clock, fx)
    log()


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=1_000_000, help="items in the list")
    ap.add_argument("--unique", type=int, default=10_000,
                    help="items with unique permissions (even, at least 4)")
    ap.add_argument("--database", choices=("sqlite", "postgresql", "both"),
                    help="default: both when a PostgreSQL URL is given, else sqlite")
    ap.add_argument("--postgres-url", default=os.environ.get("LISTENGINE_BENCH_POSTGRES_URL"),
                    help="a database of its own: it is WIPED (default: "
                         "$LISTENGINE_BENCH_POSTGRES_URL)")
    ap.add_argument("--repeat", type=int, default=50, help="measured rounds per page")
    ap.add_argument("--keep", metavar="PATH", help="write the SQLite database here and keep it")
    args = ap.parse_args()
    args.database = args.database or ("both" if args.postgres_url else "sqlite")
    if args.database != "sqlite" and not args.postgres_url:
        ap.error("--database postgresql/both needs --postgres-url or "
                 "LISTENGINE_BENCH_POSTGRES_URL")
    if args.unique < 4 or args.unique % 2 or args.unique > args.items:
        ap.error("--unique must be even, at least 4 and at most --items")
    if args.repeat < 2:
        ap.error("--repeat must be at least 2")
    return args


def main() -> None:
    args = parse_args()
    if args.database in ("sqlite", "both"):
        path, scratch = sqlite_path(args.keep)
        db = Database.from_url(f"sqlite:///{path}")
        try:
            run(db, args)
        finally:
            db.engine.dispose()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
    if args.database in ("postgresql", "both"):
        db = Database(wipe_postgres(args.postgres_url))
        try:
            run(db, args)
        finally:
            db.engine.dispose()


if __name__ == "__main__":
    main()
