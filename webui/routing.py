"""What a request's address and fields must look like before a view is even called.

An id in a URL (an item's ID) is a positive integer no larger than an id column holds
(:data:`listengine.models.MAX_ID`); ``/items/99999999999999999999`` matches no route, so it
is a 404 page like any other unknown address rather than an overflow deep in the driver.

No text the engine keeps may hold a NUL character (PostgreSQL cannot even compare one), so a
request with NUL in its path, query or form is refused at the door with a 400 naming the
parameter, instead of each lookup failing in its own way.
"""
from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.routing import IntegerConverter, Map

from listengine.models import MAX_ID


class IdConverter(IntegerConverter):
    """``<id:name>``: 1 .. MAX_ID, written in digits."""

    def __init__(self, map: Map) -> None:
        super().__init__(map, min=1, max=MAX_ID)


def _refuse_nul():
    """Before every request: the first parameter carrying a NUL character, refused."""
    if "\x00" in request.path:
        return _refused("path")
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            if "\x00" in name or "\x00" in value:
                return _refused(name.replace("\x00", "\\0"))
    for name, upload in request.files.items(multi=True):
        if "\x00" in name or "\x00" in (upload.filename or ""):
            return _refused(name.replace("\x00", "\\0"))
    return None


def _refused(name: str):
    return render_template("400.html", errors={
        name: "Không được chứa ký tự NUL (\\0)."}), 400


def init_app(app: Flask) -> None:
    """Register the converters (before any blueprint, whose rules use them) and the check."""
    app.url_map.converters["id"] = IdConverter
    app.before_request(_refuse_nul)
