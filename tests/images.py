"""Real pictures for tests: uploads are decoded and re-encoded, so fake magic bytes no longer pass."""

from __future__ import annotations

import io

from PIL import Image

GPS_TAG = 0x8825  # the EXIF block holding latitude and longitude


def picture(kind: str = "png", size: tuple[int, int] = (8, 8), colour: str = "red", *,
            gps: bool = False, rotate_tag: int = 0) -> bytes:
    """A small picture of `kind` (png, jpeg, webp); with `gps`, a camera's GPS position in its EXIF,
    with `rotate_tag` an EXIF orientation (6 = "turn me 90° clockwise to view")."""
    img = Image.new("RGB", size, colour)
    exif = Image.Exif()
    if gps:
        exif[GPS_TAG] = {1: "N", 2: (40.0, 44.0, 28.0), 3: "W", 4: (73.0, 59.0, 23.0)}
    if rotate_tag:
        exif[0x0112] = rotate_tag
    out = io.BytesIO()
    fmt = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}[kind]
    img.save(out, format=fmt, exif=exif.tobytes()) if (gps or rotate_tag) else img.save(out, format=fmt)
    return out.getvalue()


PNG = picture("png")
JPEG = picture("jpeg")
WEBP = picture("webp")
