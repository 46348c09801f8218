"""Image and File: uploads checked before storing, safe names, links, re-submitted values."""
from __future__ import annotations

import pytest

from listengine.fields import FieldError, Ref, SettingsError, Upload, registry
from listengine.models import Item, StoredFile

IMAGE = registry.get("Image")
FILE = registry.get("File")
PNG = b"\x89PNG\r\n\x1a\nnot really"


def stored_files(world) -> int:
    return len(world.session.query(StoredFile).all())


def test_upload_is_stored(world):
    field = world.column("Image")
    value = world.parse(field, Upload("../../etc/anh đại diện.png", "image/PNG", PNG))
    row = world.session.get(StoredFile, value["file_id"])
    assert value == {"file_id": row.id, "name": "anh đại diện.png", "content_type": "image/png"}
    assert (row.size, row.filename) == (len(PNG), "anh đại diện.png")
    assert world.blobs.get(row.sha256) == PNG


@pytest.mark.parametrize("filename, expected", [
    ("C:\\Users\\a\\bài.mp3", "bài.mp3"), ("/tmp/x/", "file"), ("..", "file"),
    (".htaccess", "htaccess"), ("a\x00b\nc.mp3", "abc.mp3"), ("", "file"),
])
def test_names_are_reduced_to_a_base_name(world, filename, expected):
    value = world.parse(world.column("File"), Upload(filename, "audio/mpeg", b"ID3"))
    assert value["name"] == expected


@pytest.mark.parametrize("settings, upload, message", [
    ({}, Upload("a.svg", "image/svg+xml", b"<svg/>"),
     "Files of type 'image/svg+xml' are not allowed; allowed: image/png"),
    ({}, Upload("a.png", "", PNG), "type 'unknown' are not allowed"),
    ({"max_size": 5}, Upload("a.png", "image/png", PNG), "larger than 5 bytes"),
    ({}, Upload("a.png", "image/png", b""), "The file is empty."),
])
def test_image_upload_refused_before_storing(world, settings, upload, message):
    field = world.column("Image", settings)
    with pytest.raises(FieldError) as error:
        world.parse(field, upload)
    assert message in error.value.message
    assert stored_files(world) == 0
    assert not (world.blobs.root).exists()


def test_file_types_and_urls(world):
    audio = world.column("File", {"allowed_types": ["audio/mpeg", "audio/ogg"]}, name="Audio")
    upload_only = world.column("File", {"allow_url": False}, name="Upload")
    assert world.parse(audio, Upload("a.mp3", "audio/mpeg; rate=44100", b"ID3"))[
        "content_type"] == "audio/mpeg"
    with pytest.raises(FieldError, match="'video/mp4' are not allowed; allowed: audio/mpeg"):
        world.parse(audio, Upload("a.mp4", "video/mp4", b"x"))
    assert world.parse(audio, "https://a.vn/tin.mp3") == {"url": "https://a.vn/tin.mp3"}
    with pytest.raises(FieldError, match="links are not allowed"):
        world.parse(upload_only, "https://a.vn/tin.mp3")
    assert world.parse(world.column("File", name="Any"), Upload("x.bin", "", b"1"))[
        "content_type"] == "application/octet-stream"


@pytest.mark.parametrize("raw, message", [
    ("javascript:alert(1)", "Only http and https links are allowed."),
    ("mailto:a@b.vn", "Only http and https links are allowed."),
    ({"url": "data:image/png;base64,AAAA"}, "Only http and https links"),
    ({"file_id": 999_999, "name": "x.png"}, "There is no stored file 999999."),
    ({"file_id": "1"}, "Unknown file."), (42, "Upload a file or enter a link."),
    ({"upload": b"bytes"}, "Upload a file or enter a link."),
    ({"path": "/etc/passwd"}, "Unexpected part of a file value: path"),
    ({"alt": "Ảnh"}, "Add the file this description belongs to."),
    ({"url": "https://a.vn/a.png", "alt": "x" * 256}, "at most 255"),
    # Issue 7: ids beyond what an id column holds failed in SQL; control characters were kept.
    ({"file_id": 99999999999999999999}, "Unknown file."), ({"file_id": 2**31}, "Unknown file."),
    ({"url": "https://a.vn/a.png", "alt": "Ảnh\x00"}, "control characters"),
    ({"url": "https://a.vn/a.png", "alt": "a\nb"}, "single line"),
    ({"url": "https://a.vn/a.png", "alt": ["x"]}, "Enter the image description as text."),
    ({1: "x"}, "Unexpected part of a file value: unnamed."),
    ({"upload": Upload(None, "image/png", PNG)}, "Upload a file or enter a link."),
])
def test_image_refuses(world, raw, message):
    with pytest.raises(FieldError, match=message):
        world.parse(world.column("Image"), raw)


def test_resubmitted_value_is_rebuilt_from_its_row(world):
    field = world.column("Image")
    value = world.parse(field, {"upload": Upload("a.png", "image/png", PNG), "alt": "Lễ ký kết"})
    assert value["alt"] == "Lễ ký kết"
    forged = {**value, "name": "other.exe", "content_type": "application/x-msdownload"}
    assert world.parse(field, forged) == value
    assert world.parse(field, {"url": "https://a.vn/a.png", "alt": "A"}) == {
        "url": "https://a.vn/a.png", "alt": "A"}
    assert world.parse(field, "") is None and world.parse(field, {}) is None


def test_settings():
    with pytest.raises(SettingsError, match="allowed_types"):
        IMAGE.validate_settings({"allowed_types": ["png"]})
    with pytest.raises(SettingsError, match="max_size"):
        FILE.validate_settings({"max_size": 0})
    assert FILE.validate_settings({})["allowed_types"] == []


def test_storage_sql_refs_display_and_diff(world):
    image = world.column("Image")
    audio = world.column("File", name="Audio")
    first = world.item({image: Upload("a.png", "image/png", PNG), audio: "https://a.vn/b.mp3"})
    world.item({image: {"url": "https://a.vn/c.png", "alt": "Cờ"}})
    world.item({})
    value = world.read_back(first, image)
    assert value == {"file_id": value["file_id"], "name": "a.png", "content_type": "image/png"}
    assert world.read_back(first, audio) == {"url": "https://a.vn/b.mp3"}
    expr = IMAGE.sql(image, Item.values)
    assert world.item_nos(expr.is_not(None)) == [1, 2]
    assert world.item_nos(expr.is_(None)) == [3]
    assert world.item_nos(FILE.sql(audio, Item.values).is_not(None)) == [1]
    assert list(IMAGE.refs(image, value)) == [Ref("file", value["file_id"])]
    assert list(FILE.refs(audio, {"url": "https://a.vn/b.mp3"})) == []
    assert IMAGE.display(image, value, world.display) == "a.png"
    world.display.resolved[Ref("file", value["file_id"])] = "renamed.png"
    assert IMAGE.display(image, value, world.display) == "renamed.png"
    assert IMAGE.display(image, {"url": "https://a.vn/c.png", "alt": "Cờ"}, world.display) == "Cờ"
    assert FILE.display(audio, {"url": "https://a.vn/b.mp3"}, world.display) == \
        "https://a.vn/b.mp3"
    change = FILE.diff(audio, None, {"url": "https://a.vn/b.mp3"}, world.display)
    assert (change.old, change.new) == ("", "https://a.vn/b.mp3")
    assert IMAGE.diff(image, value, dict(value), world.display) is None


def test_a_declared_type_that_is_no_mime_type_is_unknown(world):
    """Issue 7: the declared type goes into the stored value, so it must be a MIME type."""
    field = world.column("File")
    for declared in ("audio/mpeg\x00", "audio/" + "x" * 200, "<b>", "a/b/c"):
        assert world.parse(field, Upload("a.mp3", declared, b"ID3"))[
            "content_type"] == "application/octet-stream"
    with pytest.raises(FieldError, match="type 'unknown' are not allowed"):
        world.parse(world.column("Image", name="Picture"), Upload("a.png", "image/png\x00", PNG))
