"""Files picked on a form wait on disk under a random token (never in the page's state), are
checked when picked, survive a refused send, and go after a day if the form is never sent."""

from __future__ import annotations

import os
import time

import pytest

from community_hub.core import upload_staging, uploads
from community_hub.core.errors import ServiceError
from tests.images import PNG


@pytest.fixture(autouse=True)
def _root(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path))


def test_a_staged_picture_is_read_back_until_dropped():
    token = upload_staging.stage(PNG, uploads.IMAGE_KINDS)
    assert upload_staging.read_staged(token) == PNG
    assert upload_staging.read_staged(token) == PNG  # a refused send keeps it for the next try
    upload_staging.drop([token])
    assert upload_staging.read_staged(token) is None


def test_junk_is_refused_when_picked_and_tokens_cannot_reach_other_files(tmp_path):
    with pytest.raises(ServiceError, match="not accepted"):
        upload_staging.stage(b"MZ\x90 not a picture", uploads.IMAGE_KINDS)
    (tmp_path / "secret.txt").write_text("x")
    for token in ("../secret.txt", "secret.txt", "", None, "0" * 31):
        assert upload_staging.read_staged(token) is None


def test_files_of_forms_never_sent_are_removed_after_a_day():
    old, fresh = (upload_staging.stage(PNG, uploads.IMAGE_KINDS) for _ in range(2))
    day_ago = time.time() - upload_staging.KEEP_SECONDS - 60
    os.utime(uploads.upload_root() / upload_staging.STAGING / old, (day_ago, day_ago))
    assert upload_staging.purge_staged() == [old]
    assert upload_staging.read_staged(fresh) == PNG
