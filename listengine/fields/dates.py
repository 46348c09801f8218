"""Date and time (SharePoint ``DateTime``), optionally date only.

A moment is stored in UTC as ``YYYY-MM-DDTHH:MM:SSZ``: one fixed-width format, so the text
SQL expression compares and sorts chronologically on both databases and an index on it
works. Input without a time zone is read in the site's time zone (people type local times)
and display converts back to the reader's. A date-only value is a calendar date,
``YYYY-MM-DD``, with no time zone at all. ``[today]`` (SharePoint's default token) is read
as the current date, or the current moment for a date-and-time column.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from ..sqljson import json_text
from .base import FieldError, FieldType, Setting, check_bool
from .registry import registry

STORED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
TODAY = "[today]"
#: SharePoint's earliest date; it also keeps the stored text fixed-width (four-digit years).
MIN_YEAR = 1900
#: How the seed page shows a moment and a date ("26/10/2021 14:00").
DISPLAY_FORMAT, DATE_DISPLAY_FORMAT = "%d/%m/%Y %H:%M", "%d/%m/%Y"
#: Day-first formats people in the seed's locale type (26/10/2021 14:00).
_LOCAL_FORMATS = (DISPLAY_FORMAT, "%d/%m/%Y %H:%M:%S", DATE_DISPLAY_FORMAT)


def local_text(moment: datetime, time_zone: str) -> str:
    """An aware moment as wall-clock text in ``time_zone`` (columns and item metadata)."""
    return moment.astimezone(ZoneInfo(time_zone)).strftime(DISPLAY_FORMAT)


def _read_text(text: str) -> datetime | date:
    """A string as a naive or aware datetime, or a date when it has no time."""
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
    raise FieldError("Enter a date as dd/mm/yyyy or a date and time as dd/mm/yyyy HH:MM.")


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
        if raw.year < MIN_YEAR:
            raise FieldError(f"Enter a date in {MIN_YEAR} or later.")
        date_only = field.settings.get("date_only")
        if isinstance(raw, datetime):
            moment = raw.replace(tzinfo=zone) if raw.tzinfo is None else raw
            return moment.astimezone(zone).date() if date_only else _utc_seconds(moment)
        if date_only:
            return raw
        return _utc_seconds(datetime(raw.year, raw.month, raw.day, tzinfo=zone))

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
