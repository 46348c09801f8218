"""Date and time (SharePoint ``DateTime``), optionally date only.

A moment is stored in UTC as ``YYYY-MM-DDTHH:MM:SSZ``: one fixed-width format, so the text
SQL expression compares and sorts chronologically on both databases and an index on it
works. Input without a time zone is read in the site's time zone (people type local times)
and display converts back to the reader's. A date-only value is a calendar date,
``YYYY-MM-DD``, with no time zone at all. ``[today]`` (SharePoint's default token) is read
as the current date, or the current moment for a date-and-time column.

Values lie in SharePoint's range, 01/01/1900 to 31/12/8900: the input's own wall-clock time
is checked before any time-zone conversion (near the ends of Python's calendar, year 1 and
9999, a conversion overflows) and the UTC moment it stands for is checked too. The range
also keeps the stored text fixed-width (four-digit years) and leaves room to show any value
in any time zone; a value stored before the range was enforced is shown in UTC rather than
failing the page.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from ..sqljson import json_text
from .base import FieldError, FieldType, Setting, check_bool
from .registry import registry

STORED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
TODAY = "[today]"
#: SharePoint's DateTime range, first and last moment.
EARLIEST, LATEST = datetime(1900, 1, 1), datetime(8900, 12, 31, 23, 59, 59, 999999)
#: Longest date text read at all; every accepted format is far shorter.
MAX_TEXT = 64
#: How the seed page shows a moment and a date ("26/10/2021 14:00").
DISPLAY_FORMAT, DATE_DISPLAY_FORMAT = "%d/%m/%Y %H:%M", "%d/%m/%Y"
#: Day-first formats people in the seed's locale type (26/10/2021 14:00).
_LOCAL_FORMATS = (DISPLAY_FORMAT, "%d/%m/%Y %H:%M:%S", DATE_DISPLAY_FORMAT)
_FORMATS_MESSAGE = "Enter a date as dd/mm/yyyy or a date and time as dd/mm/yyyy HH:MM."


def wall_clock(moment: datetime, time_zone: str) -> datetime | None:
    """An aware moment in ``time_zone``, or None when it is too close to the end of the
    calendar to convert (a value stored before the range was enforced): callers then show
    it in its own zone, UTC, instead of failing the page."""
    try:
        return moment.astimezone(ZoneInfo(time_zone))
    except OverflowError:
        return None


def local_text(moment: datetime, time_zone: str) -> str:
    """An aware moment as wall-clock text in ``time_zone`` (columns and item metadata)."""
    shown = wall_clock(moment, time_zone)
    if shown is None:
        return f"{moment.strftime(DISPLAY_FORMAT)} {moment.tzname()}"
    return shown.strftime(DISPLAY_FORMAT)


def _check_range(moment: datetime | date) -> None:
    """Refuse a date, or a moment's wall-clock time, outside :data:`EARLIEST`-:data:`LATEST`."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    if not EARLIEST <= moment.replace(tzinfo=None) <= LATEST:
        raise FieldError(f"Enter a date between {EARLIEST:%d/%m/%Y} and {LATEST:%d/%m/%Y}.")


def _read_text(text: str) -> datetime | date:
    """A string as a naive or aware datetime, or a date when it has no time."""
    if len(text) > MAX_TEXT:
        raise FieldError(_FORMATS_MESSAGE)
    if "/" in text:
        for fmt in _LOCAL_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
            except ValueError:
                continue
            return parsed.date() if fmt == "%d/%m/%Y" else parsed
    elif len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    else:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    raise FieldError(_FORMATS_MESSAGE)


class DateTimeType(FieldType):
    key = "DateTime"
    sharepoint_type = "DateTime"
    settings_spec = {"date_only": Setting(False, check_bool, "a calendar date without time")}

    def parse(self, field, raw, ctx):
        zone = ZoneInfo(ctx.site.time_zone)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, str) and raw.strip().lower() == TODAY:
            raw = datetime.now(timezone.utc)
        elif isinstance(raw, str):
            raw = _read_text(raw.strip())
        elif not isinstance(raw, (date, datetime)):
            raise FieldError("Enter a date.")
        _check_range(raw)
        date_only = field.settings.get("date_only")
        if not isinstance(raw, datetime):
            if date_only:
                return raw
            raw = datetime(raw.year, raw.month, raw.day)
        moment = raw.replace(tzinfo=zone) if raw.utcoffset() is None else raw
        utc = _utc_seconds(moment)
        _check_range(utc)
        if not date_only:
            return utc
        day = utc.astimezone(zone).date()
        _check_range(day)
        return day

    def to_json(self, field, value):
        if value is None:
            return None
        return value.strftime(STORED_FORMAT) if isinstance(value, datetime) else value.isoformat()

    def from_json(self, field, stored):
        if stored is None:
            return None
        if field.settings.get("date_only"):
            return date.fromisoformat(stored)
        return datetime.strptime(stored, STORED_FORMAT).replace(tzinfo=timezone.utc)

    def sql(self, field, values):
        return json_text(values, field.storage_key)

    def display(self, field, value, ctx):
        if value is None:
            return ""
        if not isinstance(value, datetime):
            return value.strftime(DATE_DISPLAY_FORMAT)
        return local_text(value, ctx.time_zone)


def _utc_seconds(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(microsecond=0)


registry.register(DateTimeType())
