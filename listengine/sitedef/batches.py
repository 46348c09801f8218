"""A definition's seed items, added a batch at a time.

One transaction for a whole large definition holds the write lock for as long as the load
runs - on SQLite the whole database's - so during a 30,000-item load every other writer
waited out its busy timeout and failed. :func:`listengine.sitedef.load_in_batches` (what
``listengine load-schema`` runs) therefore commits the schema with the first batch of items
and then every :data:`BATCH_SIZE` items, each batch a unit of work of its own, so that other
writers get the lock in between.

:class:`Seeding` is the plan: per list, the file's items and how many the list already has
(:func:`.seed.seeded_count`); :meth:`Seeding.seed` adds the next ones in the session given.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ..services import lists, sites
from ..services.access import Actor
from ..storage import BlobStore
from . import seed
from .model import ItemSpec
from .report import CREATED, Report

#: Items per transaction: a batch holds the write lock for about half a second on SQLite,
#: so a waiting writer's save is delayed by about that much.
BATCH_SIZE = 300
#: The pause after each batch's commit on SQLite: a writer waiting in SQLite's busy handler
#: sleeps between tries (up to 0.1 s), and without a pause the next batch would take the lock
#: back first every time - in bench/busy_bench.py an editor's sign-in then waited 19.6 s.
SQLITE_PAUSE_S = 0.1


@dataclass
class SeedTask:
    """One list's seed items, the first ``done`` of which it has."""

    url_name: str
    items: list[ItemSpec]
    done: int


class Seeding:
    """The seed items a load still has to add, list by list in dependency order."""

    def __init__(self, slug: str, tasks: list[SeedTask], report: Report, *,
                 files: BlobStore | None = None, base_dir: Path | None = None):
        self.slug, self.tasks, self.report = slug, tasks, report
        self.files, self.base_dir = files, base_dir

    @property
    def remaining(self) -> int:
        return sum(len(task.items) - task.done for task in self.tasks)

    def seed(self, session: Session, actor: Actor, limit: int | None = None) -> None:
        """Add the next ``limit`` items (all of them when None) in ``session``.

        Items of a list may look up items of lists seeded before it, and earlier items of
        their own list, whether those were added in this batch or committed in an earlier
        one."""
        site = sites.get_site(session, self.slug)
        left = self.remaining if limit is None else limit
        for task in self.tasks:
            todo = task.items[task.done:task.done + left]
            if not todo:
                continue
            lst = lists.get_list(session, site, task.url_name, actor=actor)
            for spec in todo:
                seed.create_item(session, lst, spec.values, actor=actor, files=self.files,
                                 path=spec.path, base_dir=self.base_dir)
                self.report.add(CREATED, "item", spec.path)
            task.done += len(todo)
            left -= len(todo)
