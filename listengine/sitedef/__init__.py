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
         items: [{<internal name>: <value>, ...}, ...]}    # seeded only into an empty list

A column whose settings name a list (``target_list`` of Lookup/LookupMulti) gives the list's
``url_name`` or ``"self"``; the loader creates objects in dependency order (a lookup column
after its target list), so a content type may use a lookup into a list the same file makes.
Seed item lookups name their target by its shown column (``Category: Thời sự``); a Counter
value is a starting count.

Loading validates the whole file first - shape, type names, settings (through the field
types), references - and raises :class:`listengine.errors.SchemaError` with the offending
path (``lists[0].columns[3].type: unknown type 'Numbr' (known: ...)``) before anything is
written. It then compares and creates or updates through the services, inside a SAVEPOINT so
that an error a service raises while applying still leaves nothing behind: a second load of
the same file changes nothing, as its :class:`Report` shows. Nothing is deleted. The caller
owns the transaction (``Database.unit_of_work``) and commits.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ..services import access
from ..services.access import Actor
from ..storage import BlobStore
from .apply import Applier, existing_state
from .model import SiteDefinition
from .parse import parse_definition, read_document
from .report import Report
from .validate import validate

__all__ = ["Report", "SiteDefinition", "load_definition", "load_file", "read_definition"]


def read_definition(path: str | Path) -> SiteDefinition:
    """Parse a file (shape only; no database needed)."""
    return parse_definition(read_document(path))


def load_definition(session: Session, defn: SiteDefinition, *, actor: Actor | None = None,
                    files: BlobStore | None = None, base_dir: Path | None = None) -> Report:
    """Validate, then create or update what differs, acting as ``actor`` (default: the
    System Account). ``base_dir`` is where seed items' ``{file: ...}`` values are found."""
    actor = actor or access.system_actor(session)
    order = validate(defn, existing_state(session, defn.site.slug, actor)[1])
    # A few rules only a service or a column type can judge (a site column may not be
    # unique, a default must parse, ...) fail while applying; the savepoint makes even those
    # leave nothing behind, whatever the caller then does with its transaction.
    with session.begin_nested():
        applier = Applier(session, defn, actor=actor, files=files, base_dir=base_dir)
        return applier.run(order)


def load_file(session: Session, path: str | Path, *, actor: Actor | None = None,
              files: BlobStore | None = None) -> Report:
    return load_definition(session, read_definition(path), actor=actor, files=files,
                           base_dir=Path(path).parent)
