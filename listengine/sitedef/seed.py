"""Creating items from data files (a definition's seed items, the demo's articles).

A data file is written the way a person would type values, with three conveniences the item
service does not offer on its own: a lookup names its target by the target's shown column
(``Category: Thời sự`` rather than an item number that depends on load order), a counter
column may be given a starting value, which is applied with ``counters.bump_counter`` because
counters are read-only to ``create_item``, and a file column may name a file beside the data
file (``{file: images/a.png}``), which is uploaded as if through a form.

A definition's seed items may be committed in batches (:mod:`.batches`), so a list can hold
the first part of them after a load that stopped part-way; :func:`seeded_count` tells how
many, and the next load adds the rest.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound, SchemaError, ValidationError
from ..fields import FieldError, ParseContext, Upload, registry
from ..models import Field, Item, List
from ..services import columns, content_types, counters, items, lists, sites
from ..services.access import Actor
from ..storage import BlobStore
from .parse import join, mapping, read_document, sequence, text
from .report import CREATED, UNCHANGED, Report


def items_with(session: Session, lst: List, field: Field, value: Any) -> list[int]:
    """Item numbers of ``lst`` whose ``field`` equals ``value``, through the type's SQL."""
    field_type = registry.get(field.type_key)
    return list(session.scalars(
        select(Item.item_no).where(Item.list_id == lst.id,
                                   field_type.sql(field, Item.values) == field_type.sql_value(
                                       field, value))
        .order_by(Item.item_no)))


def seeded_count(session: Session, lst: List, wanted: list[dict[str, Any]]) -> int | None:
    """How many of the seed items ``wanted`` (values as a file gives them) ``lst`` has.

    A list holding the first ``k`` of them, in order (compared by Title), has ``k``: 0 when
    it is empty, all of them once seeded; a list with at least as many items as wanted counts
    as seeded, whatever people did to them since. None: the list holds fewer items, and not
    the file's first ones (people's own), so seeding it would guess.
    """
    title = list_column(session, lst, "Title")
    title_type = registry.get(title.type_key)
    present = list(session.scalars(select(title_type.sql(title, Item.values))
                                   .where(Item.list_id == lst.id).order_by(Item.item_no)))
    if len(present) >= len(wanted):
        return len(wanted)
    ctx = ParseContext(session=session, site=lst.site, list=lst)
    for stored, values in zip(present, wanted):
        try:
            if title_type.parse(title, values.get("Title"), ctx) != stored:
                return None
        except FieldError:
            return None
    return len(present)


def list_column(session: Session, lst: List, internal_name: str) -> Field | None:
    """The list's column, or None."""
    return find(lambda: columns.get_list_column(session, lst, internal_name))


def find(get: Callable[[], Any]) -> Any:
    """What a service getter returns, or None where it answers NotFound."""
    try:
        return get()
    except NotFound:
        return None


def _target(session: Session, field: Field) -> tuple[List, Field] | None:
    """For a column that points at items: the target list and the column its items show."""
    field_type = registry.get(field.type_key)
    target_id = field_type.target_list_id(field)
    target = session.get(List, target_id) if target_id is not None else None
    if target is None:
        return None
    shown = list_column(session, target, field_type.shown_column(field))
    return (target, shown) if shown is not None else None


def _upload(raw: dict, base_dir: Path | None, path: str) -> Any:
    """``{file: <path>, ...}`` -> the file beside the data file as an upload (+ other keys)."""
    where = join(path, "file")
    relative = text(raw["file"], where)
    if base_dir is None:
        raise SchemaError(where, "files can only be named from a file on disk")
    source = (base_dir / relative).resolve()
    if base_dir.resolve() not in source.parents or not source.is_file():
        raise SchemaError(where, f"no file {relative!r} beside {base_dir}")
    upload = Upload(source.name, mimetypes.guess_type(source.name)[0]
                    or "application/octet-stream", source.read_bytes())
    rest = {key: value for key, value in raw.items() if key != "file"}
    return {**rest, "upload": upload} if rest else upload


def _resolve(session: Session, field: Field, raw: Any, path: str) -> Any:
    """Replace names of target items by their item numbers (numbers pass unchanged)."""
    target = _target(session, field)
    if target is None:
        return raw
    target_list, shown = target

    def one(entry: Any) -> Any:
        if not isinstance(entry, str) or entry.strip().isdigit():
            return entry
        found = items_with(session, target_list, shown, entry)
        if len(found) != 1:
            problem = "no item" if not found else f"{len(found)} items"
            raise SchemaError(path, f"{problem} of list {target_list.title!r} has "
                                    f"{shown.internal_name} {entry!r}")
        return found[0]

    return [one(entry) for entry in raw] if isinstance(raw, list) else one(raw)


def create_item(session: Session, lst: List, values: dict[str, Any], *, actor: Actor,
                files: BlobStore | None = None, path: str = "",
                base_dir: Path | None = None) -> Item:
    """Create one item from file values; errors name ``path.<internal name>``.

    ``base_dir`` is the folder of the data file, where ``{file: ...}`` values are found.
    """
    ct = content_types.list_content_types(session, lst)[0]
    columns = {c.internal_name: c.field for c in content_types.effective_columns(session, ct)}
    typed: dict[str, Any] = {}
    starts: dict[str, int] = {}
    for name, raw in values.items():
        field = columns.get(name)
        if field is None:
            raise SchemaError(join(path, name), f"list {lst.title!r} has no column {name!r}")
        if counters.is_counter(field):
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                raise SchemaError(join(path, name), "a counter starts at a whole number >= 0")
            starts[name] = raw
        elif isinstance(raw, dict) and "file" in raw:
            typed[name] = _upload(raw, base_dir, join(path, name))
        else:
            typed[name] = _resolve(session, field, raw, join(path, name))
    try:
        item = items.create_item(session, lst, typed, actor=actor, files=files)
    except ValidationError as exc:
        name, message = next(iter(exc.errors.items()))
        raise SchemaError(join(path, name), message) from None
    for name, start in starts.items():
        if start:
            counters.bump_counter(session, item, name, by=start, actor=actor)
    return item


def load_items(session: Session, path: str | Path, *, actor: Actor,
               files: BlobStore | None = None, report: Report | None = None) -> Report:
    """Add the items of a data file (``{site, list, items: [...]}``) that the list lacks.

    An item counts as present when the list has an item with the same Title, so loading the
    file again adds nothing; items may look up items created before them in the same file.
    """
    report = report if report is not None else Report()
    raw = mapping(read_document(path), "", ("site", "list", "items"), ())
    site = _named(lambda: sites.get_site(session, text(raw["site"], "site")), "site")
    lst = _named(lambda: lists.get_list(session, site, text(raw["list"], "list"), actor=actor),
                 "list")
    title = list_column(session, lst, "Title")
    with session.begin_nested():  # all the file's new items, or none
        for i, values in enumerate(sequence(raw["items"], "items")):
            item_path = f"items[{i}]"
            if not isinstance(values, dict) or not isinstance(values.get("Title"), str):
                raise SchemaError(join(item_path, "Title"), "each item needs a Title")
            if items_with(session, lst, title, values["Title"].strip()):
                report.add(UNCHANGED, "item", values["Title"])
                continue
            create_item(session, lst, values, actor=actor, files=files, path=item_path,
                        base_dir=Path(path).parent)
            report.add(CREATED, "item", values["Title"])
    return report


def _named(find: Callable[[], Any], path: str) -> Any:
    try:
        return find()
    except NotFound as exc:
        raise SchemaError(path, str(exc)) from None
