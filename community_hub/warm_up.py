"""What a worker loads once, at its start, instead of in the middle of someone's event.

Under the resident mix, first uses paid these with every socket of the worker waiting (py-spy,
docs/PROFILE.md, eighth round): Babel reading each locale's data from disk on the first amount
written in it (1.4 % of a 20 s window), the QR encoder's tables on the first pickup code drawn
(2.7 %, segno's then; zxing-cpp and Pillow's PNG writer now, core/qr_images.py).
"""

from __future__ import annotations

from community_hub.core.i18n import BABEL_LOCALES
from community_hub.core.money import format_money


def warm_up() -> None:
    import zxingcpp  # noqa: F401 - qr_images imports them lazily for scripts; a worker draws codes
    from PIL import PngImagePlugin  # noqa: F401

    for locale in BABEL_LOCALES.values():
        for currency in ("USD", "CNY"):
            format_money(1, currency, locale)
