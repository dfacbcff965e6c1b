"""The shared upload check: type by content, size limit, random names under the upload folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from community_hub.core import uploads
from community_hub.core.errors import ServiceError

FILES = {
    "png": b"\x89PNG\r\n\x1a\n" + b"\0" * 16,
    "jpeg": b"\xff\xd8\xff\xdb" + b"\0" * 16,
    "webp": b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8,
    "pdf": b"%PDF-1.7\n%...",
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_accepted_types_are_recognised_by_content_not_name(kind, tmp_path):
    stored = uploads.store_upload(FILES[kind], "../../etc/passwd.exe", root=tmp_path)
    assert stored.content_type == uploads.CONTENT_TYPES[kind]
    assert stored.original_name == "passwd.exe"  # no directory parts kept
    saved = tmp_path / stored.path
    assert saved.read_bytes() == FILES[kind] and saved.suffix == uploads.EXTENSIONS[kind]
    assert tmp_path in saved.resolve().parents


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
