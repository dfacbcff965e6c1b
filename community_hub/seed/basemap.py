"""The bundled basemap of the demo area: a small GeoJSON of blocks, a park, the waterfront and
street names around Maple Court, so the demo's maps show streets with no tile server and no
internet (`HUB_MAP_TILE_URL` unset). The neighbourhood is drawn for the demo (like its shops and
people), on the seed's own coordinates, so the seeded shops stand in its blocks.

`python -m community_hub.seed.basemap` rewrites `assets/maps/demo-area.geojson`; a unit test
checks the committed file is what this module draws and that it covers the seed's circle.
"""

from __future__ import annotations

import json
from pathlib import Path

from community_hub.seed import CENTER, offset

ASSET = Path(__file__).resolve().parents[2] / "assets" / "maps" / "demo-area.geojson"
EXTENT_M = 1200  # metres each way from Maple Court: the 800 m circle and a margin around it
AVENUE_EVERY_M = 200  # north-south avenues
STREET_EVERY_M = 100  # east-west streets
ROAD_HALF_M = 9  # half a street's width: blocks stop this far from a street's centre line
WATER_EAST_M = 1000  # the waterfront: east of this is the harbour
# West to east; Maple Ave runs past Maple Court (x = 0), Harbour Rd along the water.
AVENUES = ["Rowan Ave", "Cedar Ave", "Birch Ave", "Elm Ave", "Oak Ave", "Linden Ave", "Maple Ave",
           "Willow Ave", "Aspen Ave", "Chestnut Ave", "Poplar Ave", "Harbour Rd"]
PARK = (-200, 0, -100, 100)  # (west, east, south, north) metres: Maple Green, beside the court


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _pt(east: float, north: float) -> list[float]:
    lat, lon = offset(*CENTER, east, north)
    return [round(lon, 5), round(lat, 5)]  # about a metre  # GeoJSON is longitude first


def _box(west: float, east: float, south: float, north: float) -> list[list[list[float]]]:
    return [[_pt(west, south), _pt(east, south), _pt(east, north), _pt(west, north), _pt(west, south)]]


def _feature(kind: str, geometry_type: str, coordinates, name: str = "", **extra) -> dict:
    props = {"kind": kind} | ({"name": name} if name else {}) | extra
    return {"type": "Feature", "properties": props, "geometry": {"type": geometry_type, "coordinates": coordinates}}


def build() -> dict:
    """The demo area as a GeoJSON FeatureCollection (blocks, park, water, street-name points)."""
    features = [_feature("water", "Polygon", _box(WATER_EAST_M, EXTENT_M, -EXTENT_M, EXTENT_M), "Harbour")]
    xs = range(-EXTENT_M, WATER_EAST_M, AVENUE_EVERY_M)
    ys = range(-EXTENT_M, EXTENT_M, STREET_EVERY_M)
    for west in xs:
        for south in ys:
            east, north = min(west + AVENUE_EVERY_M, WATER_EAST_M), south + STREET_EVERY_M
            box = (west + ROAD_HALF_M, east - ROAD_HALF_M, south + ROAD_HALF_M, north - ROAD_HALF_M)
            in_park = PARK[0] <= west and east <= PARK[1] and PARK[2] <= south and north <= PARK[3]
            kind = "park" if in_park else "block"
            features.append(_feature(kind, "Polygon", _box(*box), "Maple Green" if kind == "park" else ""))
    # Street names, mid-block so no two cross: each avenue three times along it (written along it,
    # north-south), every other street three times across.
    for i, x in enumerate(range(-EXTENT_M, WATER_EAST_M + 1, AVENUE_EVERY_M)):
        for y in (-650, -50, 550):
            features.append(_feature("label", "Point", _pt(x, y), AVENUES[i % len(AVENUES)], along="ns"))
    for j, y in enumerate(range(-EXTENT_M + STREET_EVERY_M, EXTENT_M, STREET_EVERY_M)):
        if j % 2:
            for x in (-700, -100, 500):
                features.append(_feature("label", "Point", _pt(x, y), f"{_ordinal(j + 1)} St"))
    return {"type": "FeatureCollection", "name": "Demo area around Maple Court", "features": features}


def render() -> str:
    return json.dumps(build(), separators=(",", ":"), ensure_ascii=False) + "\n"


if __name__ == "__main__":
    ASSET.parent.mkdir(parents=True, exist_ok=True)
    ASSET.write_text(render(), encoding="utf-8")
    print(f"wrote {ASSET.relative_to(ASSET.parents[2])} ({ASSET.stat().st_size // 1024} KB)")
