"""The shared upload check: type by content, size limit, pictures decoded and written afresh
(no EXIF: a photo of a flat does not carry its GPS position), random names under the upload folder."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from community_hub.core import uploads
from community_hub.core.errors import ServiceError
from tests.images import GPS_TAG, JPEG, PNG, WEBP, picture

FILES = {"png": PNG, "jpeg": JPEG, "webp": WEBP, "pdf": b"%PDF-1.7\n%..."}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_accepted_types_are_recognised_by_content_not_name(kind, tmp_path):
    stored = uploads.store_upload(FILES[kind], "../../etc/passwd.exe", root=tmp_path)
    assert stored.content_type == uploads.CONTENT_TYPES[kind]
    assert stored.original_name == "passwd.exe"  # no directory parts kept
    saved = tmp_path / stored.path
    assert saved.suffix == uploads.EXTENSIONS[kind] and stored.size == saved.stat().st_size
    assert tmp_path in saved.resolve().parents
    if kind == "pdf":
        assert saved.read_bytes() == FILES[kind]
    else:
        with Image.open(saved) as img:
            assert img.format.lower() == kind and img.size == (8, 8)


def test_two_uploads_of_the_same_file_get_different_random_names(tmp_path):
    a = uploads.store_upload(FILES["png"], "a.png", root=tmp_path)
    b = uploads.store_upload(FILES["png"], "a.png", root=tmp_path)
    # Random names (2 hex chars / 32 hex chars), never the uploader's file name.
    assert a.path != b.path
    assert all(re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{32}\.png", x.path) for x in (a, b))


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (b"", {}, "empty"),
        (b"MZ\x90\x00 windows exe", {}, "not accepted. Upload a PNG, JPEG, WebP or PDF file."),
        (b"<svg onload=alert(1)>", {}, "not accepted"),
        (FILES["pdf"], {"allowed": uploads.IMAGE_KINDS}, "Upload a PNG, JPEG or WebP file."),
        (FILES["png"] + b"\0" * (5 * 1024 * 1024), {}, r"too large \(5.0 MB\); the limit is 5 MB"),
        (FILES["png"] + b"\0" * 2000, {"max_bytes": 1024}, "too large"),
        # Starts like a picture, is not one (a script or page behind the magic bytes).
        (b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>", {}, "could not be read"),
        (b"\xff\xd8\xff\xdb" + b"\0" * 64, {}, "not really a JPEG"),
        (PNG[: len(PNG) // 2], {}, "could not be read"),  # cut short in transit
    ],
)
def test_wrong_type_or_size_is_refused_and_nothing_written(tmp_path, data, kwargs, message):
    with pytest.raises(ServiceError, match=message):
        uploads.store_upload(data, "x.png", root=tmp_path, **kwargs)
    assert list(Path(tmp_path).rglob("*")) == []


def test_default_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "up"))
    stored = uploads.store_upload(FILES["jpeg"], "p.jpg")
    assert (tmp_path / "up" / stored.path).exists()


def test_a_photo_loses_its_gps_position_and_is_stored_upright(tmp_path):
    photo = picture("jpeg", size=(30, 10), gps=True, rotate_tag=6)
    with Image.open(io.BytesIO(photo)) as sent:
        assert GPS_TAG in sent.getexif()  # what a phone camera sends
    stored = uploads.store_upload(photo, "balcony.jpg", root=tmp_path)
    with Image.open(tmp_path / stored.path) as kept:
        assert dict(kept.getexif()) == {}
        assert kept.size == (10, 30)  # turned as the camera said, then the tag dropped


def test_a_picture_with_too_many_pixels_is_refused_before_decoding(tmp_path):
    huge = picture("png", size=(8000, 6000))  # 48 megapixels of one colour: a few KB on disk
    assert len(huge) < uploads.MAX_BYTES
    with pytest.raises(ServiceError, match="too many pixels"):
        uploads.store_upload(huge, "bomb.png", root=tmp_path)
    assert list(Path(tmp_path).rglob("*")) == []
