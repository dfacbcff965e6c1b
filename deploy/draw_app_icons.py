"""Draw the installable app's icons (assets/icon-192.png, icon-512.png, icon-maskable-512.png).

The same design as assets/apple-touch-icon.png (a white house on the app's teal #0d9488), drawn
at each size rather than scaled up from the 180 px icon, so the big icons stay sharp. The maskable
icon fills the whole square and keeps the house inside the central 80 % "safe zone" that launchers
may crop to a circle or squircle. Run once after changing the design:
`.venv/bin/python deploy/draw_app_icons.py`.
"""

from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (13, 148, 136, 255)
WHITE = (255, 255, 255, 255)
ASSETS = Path(__file__).resolve().parents[1] / "assets"


def house(draw: ImageDraw.ImageDraw, size: int, scale: float) -> None:
    """The house of apple-touch-icon.png (measured on its 180 px grid), scaled about the centre."""
    def p(x: float, y: float) -> tuple[float, float]:
        return (size / 2 + (x - 90) / 180 * size * scale, size / 2 + (y - 90) / 180 * size * scale)

    draw.polygon([p(90, 33), p(152, 84), p(28, 84)], fill=WHITE)   # roof
    draw.rectangle([p(45, 82), p(135, 148)], fill=WHITE)            # walls
    draw.rectangle([p(77, 100), p(103, 148)], fill=TEAL)            # door


def icon(size: int, maskable: bool) -> Image.Image:
    big = size * 4  # drawn large and reduced: smooth edges without an anti-aliasing library
    im = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    if maskable:
        draw.rectangle([0, 0, big, big], fill=TEAL)
        house(draw, big, 0.8)
    else:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 0.2, fill=TEAL)
        house(draw, big, 1.0)
    return im.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    icon(192, False).save(ASSETS / "icon-192.png", optimize=True)
    icon(512, False).save(ASSETS / "icon-512.png", optimize=True)
    icon(512, True).save(ASSETS / "icon-maskable-512.png", optimize=True)
