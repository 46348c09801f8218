"""Image and File: an upload or an address; the stored bytes are served by the files route."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from listengine.fields import Upload

from .base import KEEP, ColumnSpec, FieldAdapter, FormContext, RenderContext, adapters
from .inputs import UploadField


class FileAdapterBase(FieldAdapter):
    """Shared by Image and File: the form side and the address of a value."""

    #: The ``accept`` hint of the file input.
    accept = ""

    def form_field(self, spec: ColumnSpec):
        accept = ",".join(spec.settings.get("allowed_types") or []) or self.accept
        return UploadField(**self.field_kwargs(spec, **({"accept": accept} if accept else {})))

    def bind(self, bound, spec: ColumnSpec, ctx: FormContext) -> None:
        bound.current_url = ctx.file_url(spec.internal_name) if ctx.file_url else ""

    def to_form(self, field, value, ctx) -> Any:
        return value or None

    def from_form(self, spec: ColumnSpec, bound) -> Any:
        """New upload, else a typed address, else "remove", else keep what is stored."""
        data = bound.data or {}
        upload = data.get("file")
        if upload is not None:
            return Upload(filename=upload.filename or "", content_type=upload.mimetype or "",
                          data=upload.read())
        if data.get("url"):
            return {"url": data["url"]}
        if data.get("remove") or not data.get("current"):
            return None
        return KEEP

    @staticmethod
    def href(field, value: dict, ctx: RenderContext) -> str:
        return ctx.file_url(field.internal_name) if value.get("file_id") else value.get("url", "")


class ImageAdapter(FileAdapterBase):
    type_key = "Image"
    accept = "image/*"

    def render(self, field, value, ctx: RenderContext) -> Markup:
        if not value:
            return Markup("")
        return Markup('<img class="field-image" src="{}" alt="{}" loading="lazy">').format(
            self.href(field, value, ctx), value.get("alt") or value.get("name") or field.title)


class FileAdapter(FileAdapterBase):
    type_key = "File"

    def render(self, field, value, ctx: RenderContext) -> Markup:
        if not value:
            return Markup("")
        href = self.href(field, value, ctx)
        link = Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(
            href, value.get("name") or href)
        if (value.get("content_type") or "").startswith("audio/"):
            return Markup('<audio controls preload="none" src="{}"></audio> {}').format(href, link)
        return link


adapters.register(ImageAdapter())
adapters.register(FileAdapter())
