"""Jinja filters for values the engine does not format itself (item metadata)."""
from __future__ import annotations

from datetime import datetime

from flask import Flask

from listengine.fields.dates import local_text


def local_datetime(moment: datetime | None, time_zone: str) -> str:
    """``moment`` (aware) as wall-clock time in ``time_zone``, as DateTime columns show it."""
    return "" if moment is None else local_text(moment, time_zone)


def init_app(app: Flask) -> None:
    app.add_template_filter(local_datetime, "local_datetime")
