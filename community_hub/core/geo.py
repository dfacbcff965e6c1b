"""Distances on the Earth's surface and the walking time they stand for.

Straight-line (haversine) distance is the walking-distance estimate: streets are unknown to us, and
the community's walking speed (80 m/min by default) is configurable per community.
"""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_M / 180  # same sphere as haversine_m


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def walking_minutes(metres: float, walk_m_per_min: float) -> float:
    """Minutes on foot at `walk_m_per_min` metres per minute."""
    if walk_m_per_min <= 0:
        raise ValueError("walking speed must be positive")
    return metres / walk_m_per_min


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains the circle of `radius_m`.

    Used as an indexed SQL prefilter; the exact haversine check runs afterwards. The box is a
    little generous (it never cuts a point that the circle holds).
    """
    dlat = radius_m / METRES_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, radius_m / (METRES_PER_DEGREE_LAT * cos_lat))
    pad = 1.001
    return lat - dlat * pad, lat + dlat * pad, lon - dlon * pad, lon + dlon * pad


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """The point `north_m` metres north and `east_m` metres east of (lat, lon) — for seeds and tests."""
    dlat = north_m / METRES_PER_DEGREE_LAT
    dlon = east_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 1e-6))
    return lat + dlat, lon + dlon
