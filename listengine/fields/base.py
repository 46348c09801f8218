"""The contract every field type implements.

One class per type (Baserow's ``FieldType``): it parses and validates input, converts between
Python values and the JSON stored in ``item.values``, gives the typed SQL expression used for
filters, sorts and expression indexes, renders display text and diffs two values. Its hooks
keep what it stores beside the item (side rows), say what it points at and what deleting a
target does. Nothing else in the engine switches on a type name or reads a type's settings;
it asks the type.

Values have three shapes:

* *raw input* - what a form, the CLI, a site definition or Python code passes to ``parse``;
* *value* - the canonical Python value ``parse`` returns and ``from_json`` rebuilds
  (``str``, ``int``, ``Decimal``, ``datetime``, ``list[int]`` ...), ``None`` when empty;
* *stored* - the JSON-compatible form ``to_json`` writes into ``item.values``.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable

from sqlalchemy import ColumnElement

from ..errors import ListEngineError
from ..models import Item
from ..sqljson import json_text
from ..text import MAX_LINE, text_problem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..models import Field, List, Site
    from ..storage import BlobStore


class FieldError(ListEngineError):
    """A value was refused; the engine files the message under the column's internal name."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class SettingsError(ListEngineError):
    """A column's type settings are invalid; ``key`` names the setting."""

    def __init__(self, key: str, message: str):
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}")


@dataclass(frozen=True)
class Setting:
    """One per-type column setting: its default and a check that normalises the raw value."""

    default: Any
    check: Callable[[Any], Any]
    doc: str = ""


@dataclass(frozen=True)
class Ref:
    """Something a value points at that display needs loaded: an item, a user or a file.

    Conventions, per ``kind`` (what a resolver loads for ``id``):

    * ``"item"`` - ``id`` is the target's per-list ``item_no`` (SharePoint LookupId, what a
      Lookup value holds) and ``show`` is ``"<target list id>:<internal name of the column
      to show>"``, e.g. ``"12:Title"``; the resolver loads ``Item(list_id=12, item_no=id)``
      and displays that column's value (``#<id>`` when it is gone);
    * ``"user"`` - ``id`` is ``User.id``; shown as the user's display name; ``show`` empty;
    * ``"file"`` - ``id`` is ``StoredFile.id``; shown as its file name; ``show`` empty.
    """

    kind: str  # "item" | "user" | "file"
    id: int
    show: str = ""


@dataclass(frozen=True)
class Change:
    """One column's difference between two versions of an item."""

    internal_name: str
    title: str
    old: str
    new: str


@dataclass
class ParseContext:
    """What parsing may need beyond the raw value.

    ``session`` lets Lookup/User/File types check that what they point at exists; ``list`` is
    the list the item belongs to (a Lookup to "self" targets it); ``item`` is the item being
    updated (None on create); ``files`` stores uploaded bytes. ``visible(list_id)`` is a WHERE
    clause keeping the items of that list the acting user may see (None: all of them), so a
    Lookup neither links to nor reveals an item its writer may not read.
    """

    session: "Session"
    site: "Site"
    list: "List | None" = None
    item: "Item | None" = None
    files: "BlobStore | None" = None
    visible: "Callable[[int], ColumnElement[bool]] | None" = None


@dataclass(frozen=True)
class Upload:
    """An uploaded file as the engine receives it, whatever the web framework."""

    filename: str
    content_type: str
    data: bytes = dc_field(repr=False)


@dataclass
class DisplayContext:
    """What display needs: the site's time zone and the referenced rows, loaded in bulk.

    ``resolved`` maps a :class:`Ref` to what it names (an item's title, a user's display
    name, a file's name); it is filled by :func:`listengine.services.display.resolve` with one
    query per kind, so rendering a page of items never queries per value. ``list_url_names``
    gives the URL name of each list whose items were resolved, for links to them.
    """

    time_zone: str = "UTC"
    resolved: dict[Ref, str] = dc_field(default_factory=dict)
    list_url_names: dict[int, str] = dc_field(default_factory=dict)

    def name_of(self, ref: Ref) -> str:
        return self.resolved.get(ref, f"#{ref.id}")

    def shown(self, refs: Iterable[Ref]) -> list[Ref]:
        """The refs that resolved: a lookup target the reader may not see is left out."""
        return [ref for ref in refs if ref in self.resolved]


class FieldType:
    """Base class; subclasses set :attr:`key` and override what differs."""

    #: Registry key and ``Field.type_key`` value, e.g. ``"Text"``.
    key: ClassVar[str] = ""
    #: The SharePoint ``TypeAsString`` this type models.
    sharepoint_type: ClassVar[str] = ""
    #: Can a column of this type be indexed / marked unique?
    indexable: ClassVar[bool] = True
    #: Does a value change create a new version? (Counter: no.)
    versioned: ClassVar[bool] = True
    #: Set by the engine only, never through a form or ``parse``.
    read_only: ClassVar[bool] = False
    #: Does the value hold several entries (``list``)?
    multi_value: ClassVar[bool] = False
    #: Can a column change to or from this type, its values converted by re-parsing?
    convertible: ClassVar[bool] = True
    #: Per-type settings with defaults and checks.
    settings_spec: ClassVar[dict[str, Setting]] = {}

    # -- settings -----------------------------------------------------------------------
    def validate_settings(self, settings: dict[str, Any] | None) -> dict[str, Any]:
        """Return complete, normalised settings; raise :class:`SettingsError` naming the key."""
        settings = dict(settings or {})
        unknown = sorted(set(settings) - set(self.settings_spec))
        if unknown:
            raise SettingsError(unknown[0], f"unknown setting for a {self.key} column")
        result = {}
        for name, spec in self.settings_spec.items():
            raw = settings.get(name, spec.default)
            try:
                result[name] = spec.check(raw) if name in settings else spec.default
            except (TypeError, ValueError) as exc:
                raise SettingsError(name, str(exc) or "invalid value") from None
        self.check_settings(result)
        return result

    def check_settings(self, settings: dict[str, Any]) -> None:
        """Cross-setting checks (e.g. min <= max); raise :class:`SettingsError`."""

    # -- values -------------------------------------------------------------------------
    def parse(self, field: "Field", raw: Any, ctx: ParseContext) -> Any:
        """Turn raw input into a value, or raise :class:`FieldError`. Empty input gives None."""
        raise NotImplementedError

    def is_empty(self, value: Any) -> bool:
        return value is None or value == "" or value == []

    def to_json(self, field: "Field", value: Any) -> Any:
        return value

    def from_json(self, field: "Field", stored: Any) -> Any:
        return stored

    def export(self, field: "Field", value: Any) -> Any:
        """Raw input that ``parse`` turns back into ``value`` (type conversion, forms)."""
        return self.to_json(field, value)

    def default(self, field: "Field", ctx: ParseContext) -> Any:
        """The value a new item gets when none is given."""
        if field.default_value in (None, "", []):
            return None
        return self.parse(field, field.default_value, ctx)

    # -- SQL ----------------------------------------------------------------------------
    def sql(self, field: "Field", values: ColumnElement) -> ColumnElement:
        """A typed expression for the value of ``field`` in the JSON column ``values``.

        Used for filters, sorts and the column's expression index alike.
        """
        raise NotImplementedError

    def sql_value(self, field: "Field", value: Any) -> Any:
        """The bound parameter to compare :meth:`sql` with for ``value``."""
        return self.to_json(field, value)

    def sql_includes(self, field: "Field", values: ColumnElement, value: Any) -> ColumnElement:
        """For multi-value types: a condition true when the item's value includes ``value``."""
        raise NotImplementedError(f"{self.key} columns are not multi-valued")

    # -- display and history ------------------------------------------------------------
    def display(self, field: "Field", value: Any, ctx: DisplayContext) -> str:
        """Plain display text (the web layer adds markup where a type needs it)."""
        return "" if self.is_empty(value) else str(value)

    def refs(self, field: "Field", value: Any) -> Iterable[Ref]:
        """Rows that :meth:`display` needs resolved."""
        return ()

    def diff(self, field: "Field", old: Any, new: Any, ctx: DisplayContext) -> Change | None:
        if self.to_json(field, old) == self.to_json(field, new):
            return None
        return Change(field.internal_name, field.title,
                      self.display(field, old, ctx), self.display(field, new, ctx))

    # -- constraints ----------------------------------------------------------------------
    def unique_key(self, field: "Field", value: Any) -> str:
        """The key under which a unique column claims ``value`` (case-insensitive text)."""
        text = str(self.to_json(field, value)).casefold()
        return text if len(text) <= 200 else "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    # -- storage hooks ------------------------------------------------------------------
    # Where a type keeps its values is its own business: most keep them in the item's JSON
    # document, some also keep side rows (Lookup: ``item_link``) or keep them elsewhere
    # altogether (Counter: ``item_counter``). Services call these hooks for every column and
    # never ask which kind a type is. Hooks that write take many rows, so that one item and a
    # thousand cost the same few statements (Baserow's ``after_rows_created``).
    def write_value(self, field: "Field", document: dict[str, Any], value: Any) -> None:
        """Put ``value`` into the item's JSON ``document`` (in place); an empty value removes
        the column's key, so an empty column takes no room and reads back as None."""
        if self.is_empty(value):
            document.pop(field.storage_key, None)
        else:
            document[field.storage_key] = self.to_json(field, value)

    def load_values(self, session: "Session", fields: "list[Field]", items: list[Item]
             ) -> dict[tuple[int, int], Any]:
        """The values of ``fields`` (columns of this type) in ``items``, keyed by
        ``(item id, field id)``; a type that keeps them apart reads them in one query."""
        return {(item.id, field.id): self.from_json(field, item.values.get(field.storage_key))
                for item in items for field in fields}

    def holding(self, field: "Field") -> ColumnElement[bool]:
        """A condition on ``Item`` true where the item holds a value of ``field`` (what a
        type change converts and a column removal discards)."""
        return json_text(Item.values, field.storage_key).is_not(None)

    def after_rows_created(self, session: "Session", field: "Field",
                           rows: list[tuple[Item, Any]]) -> None:
        """New items (flushed, so they have ids) with their values of ``field`` (None where
        none was given): write the side rows the type keeps for them."""

    def after_rows_updated(self, session: "Session", field: "Field",
                           rows: list[tuple[Item, Any]]) -> None:
        """Items whose value of ``field`` was set to the one given: bring their side rows in
        line with it."""

    def remove_side_rows(self, session: "Session", field: "Field") -> None:
        """Drop every side row of ``field`` (its values are about to become another type's)."""

    # -- references to other lists ----------------------------------------------------
    def target_list_id(self, field: "Field", ctx: ParseContext | None = None) -> int | None:
        """The list whose items a value of ``field`` points at; None for types that point
        at no items. ``ctx`` gives the item's own list, for a column that looks up "self"."""
        return None

    def shown_column(self, field: "Field") -> str | None:
        """Internal name of the target list's column that names a target item."""
        return None

    def on_target_deleted(self, field: "Field") -> str:
        """What deleting an item that a value of ``field`` points at does to the item
        holding the value: :data:`RESTRICT`, :data:`CASCADE` or :data:`CLEAR`."""
        return CLEAR

    def without_target(self, field: "Field", value: Any, item_no: int) -> Any:
        """``value`` once the target item ``item_no`` is gone (:data:`CLEAR`)."""
        return value

    def named_lists(self, settings: dict[str, Any]) -> dict[str, str]:
        """Settings that name another list as a site definition writes them (by url_name;
        a column's own list, ``"self"``, is not another), by setting key. The loader creates
        those lists first and stores their ids instead (:meth:`resolve_lists`)."""
        return {}

    def resolve_lists(self, settings: dict[str, Any], list_id: Callable[[str], Any]
                      ) -> dict[str, Any]:
        """``settings`` with each list :meth:`named_lists` finds replaced by ``list_id(name)``."""
        return {**settings, **{key: list_id(name)
                               for key, name in self.named_lists(settings).items()}}


#: :meth:`FieldType.on_target_deleted` answers: refuse the delete, delete the referrer too,
#: or take the target out of the referrer's value.
RESTRICT, CASCADE, CLEAR = "restrict", "cascade", "clear"


class MultiValued:
    """Mixin for types whose value is a list (put it first in the bases).

    A list has no single sort key and no expression index, so such columns are not
    indexed; filters use :meth:`FieldType.sql_includes`.
    """

    multi_value: ClassVar[bool] = True
    indexable: ClassVar[bool] = False


# -- small reusable value checks ---------------------------------------------------------
def checked_text(text: str, max_length: int, *, multiline: bool = False) -> str:
    """``text`` if it is acceptable free text (:func:`listengine.text.text_problem`: no
    control characters, at most ``max_length`` characters), else :class:`FieldError`."""
    problem = text_problem(text, max_length, multiline=multiline)
    if problem:
        raise FieldError(problem)
    return text


def scalar_text(raw: Any) -> str | None:
    """``raw`` as text: a string, or a number a site file gives where text is meant
    (``Code: 2021``); None for anything else. A number that is not finite, or too long for
    any line of text, is not text either, so converting it never fails (``str`` of an int
    of more than 4,300 digits raises)."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        return None
    if isinstance(raw, int) and abs(raw) >= 10 ** MAX_LINE:
        return None
    return str(raw)


def check_parts(raw: dict, allowed: Iterable[str], what: str) -> None:
    """Refuse keys of a structured value (a link, a file) other than ``allowed``; the message
    names those that are short text, and only those, so it can always be shown."""
    allowed = set(allowed)
    unknown = [key for key in raw if key not in allowed]
    if unknown:
        named = sorted(key for key in unknown
                       if isinstance(key, str) and len(key) <= 64 and key.isprintable())
        raise FieldError(f"Unexpected part of {what}: {', '.join(named) or 'unnamed'}.")


# -- small reusable setting checks -------------------------------------------------------
def check_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    raise ValueError("must be true or false")


def check_int(low: int | None = None, high: int | None = None) -> Callable[[Any], int]:
    def check(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError("must be a whole number")
        if low is not None and raw < low or high is not None and raw > high:
            raise ValueError(f"must be between {low} and {high}")
        return raw
    return check


def check_optional_int(low: int | None = None, high: int | None = None
                       ) -> Callable[[Any], int | None]:
    """Like :func:`check_int`, but None (no limit, no rounding...) is allowed too."""
    check = check_int(low, high)
    return lambda raw: None if raw is None else check(raw)


def check_str(max_length: int = MAX_LINE) -> Callable[[Any], str]:
    """A single line of free text (:mod:`listengine.text`): settings are shown to people and
    stored in JSON, like values."""
    def check(raw: Any) -> str:
        if not isinstance(raw, str):
            raise ValueError("must be text")
        problem = text_problem(raw, max_length)
        if problem:
            raise ValueError(problem)
        return raw
    return check


def check_matches(pattern: str, message: str) -> Callable[[Any], str]:
    """A text setting that must match ``pattern`` as a whole (codes, internal names)."""
    def check(raw: Any) -> str:
        if not isinstance(raw, str) or not re.fullmatch(pattern, raw):
            raise ValueError(message)
        return raw
    return check


def check_str_list(raw: Any) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise ValueError("must be a list of non-empty texts")
    if len(set(raw)) != len(raw):
        raise ValueError("must not repeat an entry")
    return list(raw)


def check_one_of(*options: str) -> Callable[[Any], str]:
    def check(raw: Any) -> str:
        if raw not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return raw
    return check
