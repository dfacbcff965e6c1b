"""QR codes as PNG data URIs, for screens that show a code to scan (member card, receipts, tickets).

Drawn by zxing-cpp's encoder (C++): it picks the mask pattern by the standard's penalty rules as
segno does, in 0.7 ms where segno's pure-Python mask scoring took 4.7 (docs/PROFILE.md, fifteenth
round: a first view of every pickup order paid it, 8 % of the worker's core in the paced bench).
The picture is the same: `border` light modules around, `scale` pixels per module, black and
white. Printed sheets (membership/card_sheet.py, kiosk/member_cards.py) still use segno.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache


@lru_cache(maxsize=512)  # live pages re-render the same ticket every second; the image never changes
def png_data_uri(text: str, *, scale: int = 8, border: int = 3) -> str:
    import zxingcpp  # only screens that show a code pay for the import (a worker: warm_up.py)
    from PIL import Image

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = code.to_image(scale=1, add_quiet_zones=False)  # one pixel per module: 0 dark, 255 light
    height, width = modules.shape[:2]
    drawn = Image.frombuffer("L", (width, height), bytes(modules), "raw", "L", 0, 1).convert("1")
    canvas = Image.new("1", (width + 2 * border, height + 2 * border), 1)
    canvas.paste(drawn, (border, border))
    canvas = canvas.resize((canvas.width * scale, canvas.height * scale), Image.NEAREST)
    buf = io.BytesIO()
    canvas.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
