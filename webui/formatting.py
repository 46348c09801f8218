"""Jinja filters for values the engine does not format itself (item metadata)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

#: The seed's footer format: "Created at 26/10/2021 14:00 by ...".
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


def local_datetime(moment: datetime | None, time_zone: str) -> str:
    """``moment`` (aware) as wall-clock time in ``time_zone``."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(time_zone)).strftime(DATETIME_FORMAT)


def init_app(app: Flask) -> None:
    app.add_template_filter(local_datetime, "local_datetime")
