"""Files picked on a form before it is sent (a form's photo field, a channel entry's logo).

They wait on disk under a random token, not in the page's state: state travels to Redis on every
event, and megabytes of picture there would slow every click of that browser. The form's service
stores the file properly (checked, re-encoded) when the form is sent; what is left behind is
removed by housekeeping after a day.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from community_hub.core.uploads import MAX_BYTES, check_upload, upload_root

STAGING = "staging"
KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _dir() -> Path:
    return upload_root() / STAGING


def stage(data: bytes, allowed: tuple[str, ...]) -> str:
    """Check the file's kind and size now (so the person hears at once), keep it, return its token."""
    check_upload(data, allowed=allowed, max_bytes=MAX_BYTES)
    token = secrets.token_hex(16)
    _dir().mkdir(parents=True, exist_ok=True)
    (_dir() / token).write_bytes(data)
    return token


def read_staged(token: str) -> bytes | None:
    """The staged bytes, or None when the token is unknown or expired. The file stays until the
    form went through (`drop`): a form refused for another field is sent again with it."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    try:
        return (_dir() / token).read_bytes()
    except FileNotFoundError:
        return None


def drop(tokens: list[str]) -> None:
    for token in tokens:
        if isinstance(token, str) and _TOKEN.match(token):
            (_dir() / token).unlink(missing_ok=True)


def purge_staged(now: float | None = None) -> list[str]:
    """Remove files staged more than a day ago (forms never sent); returns their tokens."""
    now = now or time.time()
    gone = []
    for path in _dir().glob("*") if _dir().is_dir() else []:
        # The workers of one machine share this folder: whichever removes a file counts it; a
        # file another worker removed first is simply gone.
        try:
            if path.is_file() and now - path.stat().st_mtime > KEEP_SECONDS:
                path.unlink()
                gone.append(path.name)
        except FileNotFoundError:
            continue
    return gone
