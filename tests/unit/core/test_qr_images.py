"""The QR pictures screens show (core/qr_images.py): what a scanner reads off them is the text,
drawn as the pages lay them out (`border` light modules around, `scale` pixels per module)."""

from __future__ import annotations

import base64
import io
import random

from PIL import Image
from pyzbar.pyzbar import decode

from community_hub.core.qr_images import png_data_uri
from community_hub.marketplace.orders.lifecycle import PICKUP_ALPHABET


def _picture(uri: str) -> Image.Image:
    assert uri.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))


def test_a_scanner_reads_every_pickup_code_drawn():
    rng = random.Random(7)
    for _ in range(60):
        text = f"hub-pickup:{rng.randint(1, 10**7)}:{''.join(rng.choice(PICKUP_ALPHABET) for _ in range(6))}"
        [symbol] = decode(_picture(png_data_uri(text, scale=rng.choice([5, 6, 8]))))
        assert symbol.data.decode() == text


def test_a_long_link_and_chinese_text_scan_back():
    for text in ("https://hub.example/join?ref=" + "A7" * 60, "取货码 hub-pickup:42:ABCDEF"):
        [symbol] = decode(_picture(png_data_uri(text, scale=5)))
        assert symbol.data.decode("utf-8") == text


def test_the_picture_is_scale_pixels_a_module_with_a_light_border():
    small, large = _picture(png_data_uri("hub-pickup:1:ABCDEF", scale=4, border=3)), \
        _picture(png_data_uri("hub-pickup:1:ABCDEF", scale=8, border=3))
    assert small.width == small.height and large.width == 2 * small.width
    modules = small.width // 4 - 2 * 3
    assert modules == 25  # a version 2 symbol: 21 + 4 modules
    pixels = small.convert("L").load()
    border_px = [pixels[x, y] for x in range(small.width) for y in range(12)]  # the top 3 modules
    assert min(border_px) == 255
    assert pixels[12, 12] == 0  # the finder pattern's dark corner starts right after the border
