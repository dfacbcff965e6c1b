"""Sizes of the kiosk's touch targets: read from a metre away, pressed by a thumb or a finger."""

BIG = {"size": "4", "height": "5rem", "min_width": "14rem", "font_size": "1.6rem"}
# A square key (+, −, a keypad digit): large enough for any finger, with room between keys.
KEY = {"size": "4", "height": "5rem", "min_width": "5rem", "font_size": "2rem"}
# Tiles fill the width whatever the screen's shape: 4–6 across in landscape, 3–4 in portrait.
TILE_GRID = {"display": "grid", "grid_template_columns": "repeat(auto-fill, minmax(15rem, 1fr))", "gap": "1rem",
             "width": "100%"}
