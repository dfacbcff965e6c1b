"""QR codes as PNG data URIs, for screens that show a code to scan (member card, receipts, tickets)."""

from __future__ import annotations

import base64
import io
from functools import lru_cache


@lru_cache(maxsize=512)  # live pages re-render the same ticket every second; the image never changes
def png_data_uri(text: str, *, scale: int = 8, border: int = 3) -> str:
    import segno  # only screens that show a code pay for the import

    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=border)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
