"""Date and time: a ``datetime-local`` (or ``date``) input in the site's time zone."""
from __future__ import annotations

from datetime import date, datetime

from wtforms import StringField
from wtforms.widgets import DateInput, DateTimeLocalInput

from listengine.fields.dates import wall_clock

from .base import ColumnSpec, FieldAdapter, adapters

#: The value format of ``<input type="datetime-local">``.
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeAdapter(FieldAdapter):
    type_key = "DateTime"

    def form_field(self, spec: ColumnSpec):
        widget = DateInput() if spec.settings.get("date_only") else DateTimeLocalInput()
        # A plain string field: the engine reads wall-clock input in the site time zone.
        return StringField(widget=widget, **self.field_kwargs(spec))

    def to_form(self, field, value, ctx) -> str:
        """A moment too near the end of the calendar to convert (stored before the engine
        enforced its range) is shown in UTC; saving it again is refused with the range."""
        if isinstance(value, datetime):
            return (wall_clock(value, ctx.time_zone) or value).strftime(LOCAL_INPUT_FORMAT)
        if isinstance(value, date):
            return value.isoformat()
        return ""


adapters.register(DateTimeAdapter())
