"""Stored upload photos shown inline (data URLs): the app has no public route for data/uploads,
and photos of someone's home should not get one."""

from __future__ import annotations

import base64

from community_hub.core import uploads

MAX_INLINE_BYTES = 2 * 1024 * 1024


def photo_src(path: str) -> str:
    """A data: URL for a stored image, or "" when the file is missing or too big to inline."""
    root = uploads.upload_root().resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file() or target.stat().st_size > MAX_INLINE_BYTES:
        return ""
    data = target.read_bytes()
    kind = uploads.sniff(data)
    if kind not in uploads.IMAGE_KINDS:
        return ""
    return f"data:{uploads.CONTENT_TYPES[kind]};base64,{base64.b64encode(data).decode()}"


async def read_uploads(files) -> list[tuple[str, bytes]]:
    """The (file name, bytes) pairs services take, from Reflex upload files."""
    out = []
    for f in files or []:
        out.append((f.name or "photo", await f.read()))
    return out
