"""Site definitions: a site's columns, content types and lists declared in a YAML/JSON file.

Format (every key below is checked; an unknown or missing one is an error naming its path)::

    site:           {slug, title, time_zone: Asia/Ho_Chi_Minh, description}
    columns:        # site columns
      - {internal_name, title, type, required, unique, indexed, hidden, description,
         default, group, settings}      # type: a field type key; settings: that type's
    content_types:
      - {name, parent: <name or ct id, e.g. Item>, description, group,
         columns: [<internal name> | {name, required, hidden}, ...]}
    lists:
      - {title, url_name, description,
         content_types: [<site content type name>, ...],   # first is the default; Item if none
         columns: [<list column, same shape as a site column>, ...],
         column_settings: {<internal name>: {title, description, required, hidden, indexed,
                                             default, settings}},   # the list copy's overrides
         view_fields: [<internal name>, ...], page_size,
         items: [{<internal name>: <value>, ...}, ...]}    # added to a list that lacks them

A column whose settings name a list (``target_list`` of Lookup/LookupMulti) gives the list's
``url_name`` or ``"self"``; the loader creates objects in dependency order (a lookup column
after its target list), so a content type may use a lookup into a list the same file makes.
Seed item lookups name their target by its shown column (``Category: Thời sự``); a Counter
value is a starting count. A list gets the seed items it lacks: all of them when it is empty,
none once it has them; a list that holds the file's first items, in order (a load that
stopped part-way), gets the rest; a list with fewer items of people's own gets none (the
report warns).

Loading validates the whole file first - shape, type names, settings (through the field
types), references - and raises :class:`listengine.errors.SchemaError` with the offending
path (``lists[0].columns[3].type: unknown type 'Numbr' (known: ...)``) before anything is
written. It then compares and creates or updates through the services, inside a SAVEPOINT so
that an error a service raises while applying still leaves nothing behind: a second load of
the same file changes nothing, as its :class:`Report` shows. Nothing is deleted.

Two ways to run it: :func:`load_definition` / :func:`load_file` work in the caller's
transaction (``Database.unit_of_work``), which commits everything at once - for small files,
the demo and tests. :func:`load_in_batches` (``listengine load-schema``) owns its
transactions: the schema commits with the first :data:`~.batches.BATCH_SIZE` items, then
every batch of items commits on its own, so other writers are not locked out for the
length of a large load. Validation still comes first, and a file with no more items than
one batch is still all or nothing; if a later batch fails (a bad item value, a crash), the
batches before it stay, the error names the item, and loading the file again adds the rest.
"""
from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy.orm import Session

from ..db import Database
from ..errors import SchemaError
from ..services import users
from ..services.access import Actor
from ..storage import BlobStore
from .apply import Applier, existing_state
from .batches import BATCH_SIZE, SQLITE_PAUSE_S, Seeding
from .model import SiteDefinition
from .parse import parse_definition, read_document
from .report import Report
from .validate import validate

__all__ = ["Report", "SiteDefinition", "load_definition", "load_file", "load_in_batches",
           "read_definition"]


def read_definition(path: str | Path) -> SiteDefinition:
    """Parse a file (shape only; no database needed)."""
    return parse_definition(read_document(path))


def load_definition(session: Session, defn: SiteDefinition, *, actor: Actor | None = None,
                    files: BlobStore | None = None, base_dir: Path | None = None) -> Report:
    """Validate, then create or update what differs, acting as ``actor`` (default: the
    System Account). ``base_dir`` is where seed items' ``{file: ...}`` values are found."""
    actor = actor or users.system_actor(session)
    # A few rules only a service or a column type can judge (a site column may not be
    # unique, a default must parse, ...) fail while applying; the savepoint makes even those
    # leave nothing behind, whatever the caller then does with its transaction.
    with session.begin_nested():
        seeding = _schema(session, defn, actor, files, base_dir)
        seeding.seed(session, actor)
    return seeding.report


def _schema(session: Session, defn: SiteDefinition, actor: Actor, files: BlobStore | None,
            base_dir: Path | None) -> Seeding:
    """Validate, apply everything but the seed items; what is left to seed."""
    order = validate(defn, existing_state(session, defn.site.slug, actor)[1])
    return Applier(session, defn, actor=actor, files=files, base_dir=base_dir).run(order)


def load_in_batches(db: Database, path: str | Path, *, files: BlobStore | None = None,
                    batch_size: int = BATCH_SIZE) -> Report:
    """Load a file as the System Account, committing every ``batch_size`` seed items."""
    defn = read_definition(path)
    with db.unit_of_work() as session:
        actor = users.system_actor(session)
        seeding = _schema(session, defn, actor, files, Path(path).parent)
        seeding.seed(session, actor, batch_size)
    while seeding.remaining:
        if db.dialect == "sqlite":
            time.sleep(SQLITE_PAUSE_S)
        try:
            with db.unit_of_work() as session:
                seeding.seed(session, users.system_actor(session), batch_size)
        except SchemaError as exc:
            raise SchemaError(exc.path, f"{exc.message} (the items before it are saved: "
                                        "correct it and load the file again to add the rest)"
                              ) from None
    return seeding.report


def load_file(session: Session, path: str | Path, *, actor: Actor | None = None,
              files: BlobStore | None = None) -> Report:
    return load_definition(session, read_definition(path), actor=actor, files=files,
                           base_dir=Path(path).parent)
