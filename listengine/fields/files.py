"""Image and File columns: an uploaded file or a link to one.

Uploaded bytes go to the blob store under their SHA-256 and get a :class:`StoredFile` row;
the value keeps that row's id plus its name and type. Size and declared type are checked
before anything is stored, and the uploaded name is reduced to a bare file name that is only
ever shown, never used as a path; a declared type that is not a MIME type counts as
unknown. A value already in stored shape (a form re-submitting what it showed) is accepted
only if its file row exists, and is rebuilt from that row. Links must be http or https
(:func:`addresses.check_url`); an image's description is a single line of free text.
"""
from __future__ import annotations

import re
from typing import Any

from ..models import MAX_ID, StoredFile
from ..sqljson import json_text
from ..text import MAX_LINE
from .base import (
    FieldError,
    FieldType,
    Ref,
    Setting,
    Upload,
    check_bool,
    check_int,
    check_parts,
    checked_text,
)
from .addresses import WEB_SCHEMES, check_url
from .registry import registry

MAX_NAME = MAX_LINE
MAX_ALT = MAX_LINE
#: A MIME type (RFC 6838: at most 127 characters on each side of the slash).
_MIME = re.compile(r"^[a-z0-9][a-z0-9.+-]{0,126}/[a-z0-9][a-z0-9.+-]{0,126}$")


def _check_types(raw: Any) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(t, str) and _MIME.match(t) for t in raw):
        raise ValueError('must be a list of MIME types such as "image/png"')
    return list(dict.fromkeys(raw))


def safe_name(filename: str) -> str:
    """The last component of an uploaded name, without control characters."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[-MAX_NAME:] or "file"


def _declared_type(content_type: str) -> str:
    """The MIME type an upload declares, without parameters; "" when it declares none."""
    declared = (content_type or "").split(";")[0].strip().lower()
    return declared if _MIME.match(declared) else ""


class _FileBase(FieldType):
    indexable = False
    #: Value keys a form may send back; subclasses add theirs.
    extra_keys: frozenset[str] = frozenset()

    def url_allowed(self, field) -> bool:
        return True

    def parse(self, field, raw, ctx):
        if isinstance(raw, Upload):
            raw = {"upload": raw}
        elif raw is None or isinstance(raw, str):
            raw = {"url": raw}
        elif not isinstance(raw, dict):
            raise FieldError("Upload a file or enter a link.")
        check_parts(raw, {"upload", "url", "file_id", "name", "content_type", *self.extra_keys},
                    "a file value")
        extra = self.parse_extra(raw)
        upload, file_id, url = raw.get("upload"), raw.get("file_id"), raw.get("url")
        if upload is not None:
            value = self.store(field, upload, ctx)
        elif file_id is not None:
            value = self.existing(file_id, ctx)
        elif url is not None and not (isinstance(url, str) and not url.strip()):
            if not self.url_allowed(field):
                raise FieldError("Upload a file; links are not allowed in this column.")
            value = {"url": check_url(url, WEB_SCHEMES)}
        elif extra:
            raise FieldError("Add the file this description belongs to.")
        else:
            return None
        return {**value, **extra}

    def parse_extra(self, raw: dict) -> dict[str, str]:
        return {}

    def store(self, field, upload: Any, ctx) -> dict[str, Any]:
        if not (isinstance(upload, Upload) and isinstance(upload.filename, str)
                and isinstance(upload.content_type, str) and isinstance(upload.data, bytes)):
            raise FieldError("Upload a file or enter a link.")
        limit = field.settings["max_size"]
        if len(upload.data) > limit:
            raise FieldError(f"The file is larger than {limit:,} bytes.")
        if not upload.data:
            raise FieldError("The file is empty.")
        content_type = _declared_type(upload.content_type)
        allowed = field.settings["allowed_types"]
        if allowed and content_type not in allowed:
            raise FieldError(f"Files of type '{content_type or 'unknown'}' are not allowed; "
                             f"allowed: {', '.join(allowed)}.")
        if ctx.files is None:
            raise RuntimeError("parsing an upload needs a blob store (ParseContext.files)")
        row = StoredFile(sha256=ctx.files.put(upload.data), size=len(upload.data),
                         content_type=content_type or "application/octet-stream",
                         filename=safe_name(upload.filename))
        ctx.session.add(row)
        ctx.session.flush()
        return self.shape(row)

    def existing(self, file_id: Any, ctx) -> dict[str, Any]:
        # What a form re-submits is the int it was given; a bigger one than an id column holds
        # would fail in SQL.
        if isinstance(file_id, bool) or not isinstance(file_id, int) \
                or not 1 <= file_id <= MAX_ID:
            raise FieldError("Unknown file.")
        row = ctx.session.get(StoredFile, file_id)
        if row is None:
            raise FieldError(f"There is no stored file {file_id}.")
        return self.shape(row)

    @staticmethod
    def shape(row: StoredFile) -> dict[str, Any]:
        return {"file_id": row.id, "name": row.filename, "content_type": row.content_type}

    def sql(self, field, values):
        return json_text(values, field.storage_key)

    def refs(self, field, value):
        return [Ref("file", value["file_id"])] if value and "file_id" in value else []

    def display(self, field, value, ctx):
        if not value:
            return ""
        if "file_id" in value:
            return ctx.resolved.get(Ref("file", value["file_id"])) or value["name"]
        return value["url"]


class ImageType(_FileBase):
    key = "Image"
    sharepoint_type = "Thumbnail"
    extra_keys = frozenset({"alt"})
    settings_spec = {
        "max_size": Setting(5_000_000, check_int(1, 100_000_000), "largest upload in bytes"),
        "allowed_types": Setting(["image/png", "image/jpeg", "image/gif", "image/webp"],
                                 _check_types, "MIME types accepted"),
    }

    def parse_extra(self, raw):
        alt = raw.get("alt")
        if alt is None or alt == "":
            return {}
        if not isinstance(alt, str):
            raise FieldError("Enter the image description as text.")
        return {"alt": checked_text(alt.strip(), MAX_ALT)}

    def display(self, field, value, ctx):
        return (value or {}).get("alt") or super().display(field, value, ctx)


class FileType(_FileBase):
    key = "File"
    sharepoint_type = "File"
    settings_spec = {
        "max_size": Setting(20_000_000, check_int(1, 2_000_000_000), "largest upload in bytes"),
        "allowed_types": Setting([], _check_types, "MIME types accepted (empty: any)"),
        "allow_url": Setting(True, check_bool, "accept a link instead of an upload"),
    }

    def url_allowed(self, field) -> bool:
        return field.settings.get("allow_url", True)


registry.register(ImageType())
registry.register(FileType())
