"""WTForms fields for column types whose input is more than one HTML control.

WTForms binds one field to one request name. A URL column needs an address and a
description, an Image/File column an upload, an address and "remove", a fill-in choice a
list plus free text; these fields read their extra controls as ``<name>-<part>``, so the
form still has exactly one field per column and engine errors map back by name.
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup
from werkzeug.datastructures import FileStorage
from wtforms import Field, SelectField, SelectMultipleField
from wtforms.utils import unset_value
from wtforms.widgets import html_params


def part_name(field: Field, part: str) -> str:
    """The request name of one extra control of ``field``."""
    return f"{field.name}-{part}"


def _input(**attrs: Any) -> Markup:
    return Markup(f"<input {html_params(**attrs)}>")


class UrlField(Field):
    """An address and its description; data is ``{"url": ..., "description": ...}``."""

    def widget(self, field: "UrlField", **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        data = field.data or {}
        return Markup('<div class="url-input">{}{}</div>').format(
            _input(type="url", name=field.name, value=data.get("url", ""),
                   placeholder="https://…", **kwargs),
            _input(type="text", name=part_name(field, "description"),
                   id=part_name(field, "description"), value=data.get("description", ""),
                   placeholder="Mô tả liên kết", **{"aria-label": "Mô tả liên kết"}))

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, dict) else {"url": "", "description": ""}

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.data = {"url": formdata.get(self.name, ""),
                         "description": formdata.get(part_name(self, "description"), "")}

    def process_formdata(self, valuelist: list) -> None:
        """Handled in :meth:`process`, which sees every part."""


class UploadField(Field):
    """An upload, or an address, or "remove", next to the current file.

    ``data`` is ``{"file": FileStorage | None, "url": str, "remove": bool, "current": value}``;
    ``current`` is the stored value passed as initial data, so an edit form that submits
    nothing new keeps it. ``current_url`` is set per request by the adapter.
    """

    current_url: str = ""

    def widget(self, field: "UploadField", **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        data = field.data or {}
        current = data.get("current") or {}
        parts = []
        if current.get("file_id") and field.current_url:
            parts.append(Markup('<div class="current-file">Hiện tại: <a href="{}">{}</a> '
                                '<label><input type="checkbox" name="{}" value="y"> Xóa</label>'
                                '</div>').format(field.current_url, current.get("name", ""),
                                                 part_name(field, "remove")))
        parts.append(_input(type="file", name=field.name, **kwargs))
        url = data.get("url") or current.get("url", "")
        parts.append(_input(type="url", name=part_name(field, "url"), value=url,
                            placeholder="hoặc địa chỉ https://…",
                            **{"aria-label": "Địa chỉ tệp"}))
        return Markup('<div class="upload-input">{}</div>').format(Markup("").join(parts))

    def process_data(self, value: Any) -> None:
        self.data = {"file": None, "url": "", "remove": False, "current": value or None}

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            upload = formdata.get(self.name)
            self.data = {
                "file": upload if isinstance(upload, FileStorage) and upload.filename else None,
                "url": formdata.get(part_name(self, "url"), "").strip(),
                "remove": bool(formdata.get(part_name(self, "remove"))),
                "current": (self.data or {}).get("current"),
            }

    def process_formdata(self, valuelist: list) -> None:
        """Handled in :meth:`process`, which sees every part."""


class FillInWidget:
    """Wraps a select/radio/checkbox widget and adds the free-text "other value" input."""

    def __init__(self, inner: Any):
        self.inner = inner

    def __call__(self, field: "FillInMixin", **kwargs: Any) -> Markup:
        return Markup('<div class="fill-in">{}{}</div>').format(
            self.inner(field, **kwargs),
            _input(type="text", name=part_name(field, "fill_in"), value=field.fill_in,
                   placeholder="Giá trị khác", **{"aria-label": "Giá trị khác"}))


class FillInMixin:
    """Adds ``fill_in``: the free text typed next to the offered choices.

    On an edit form a stored value that is not among the choices shows up there.
    """

    fill_in: str = ""

    def offered(self) -> set[str]:
        return {choice.value for choice in (self.choices or [])}

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.fill_in = formdata.get(part_name(self, "fill_in"), "").strip()
        else:
            self.fill_in = self.initial_fill_in()

    def initial_fill_in(self) -> str:
        raise NotImplementedError


class FillInSelectField(FillInMixin, SelectField):
    def initial_fill_in(self) -> str:
        return self.data if self.data and self.data not in self.offered() else ""


class FillInMultiField(FillInMixin, SelectMultipleField):
    def initial_fill_in(self) -> str:
        return "; ".join(v for v in (self.data or []) if v not in self.offered())
