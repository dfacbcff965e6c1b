"""A shop's place on the map: where the map opens for someone choosing it (their community and its
walking circle), reading a tapped point, and which community a chosen place serves (for the
admin who reviews an application)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.geo import haversine_m
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_user
from community_hub.marketplace.circle import circle_radius_m
from community_hub.models import Community


@dataclass(frozen=True)
class MapArea:
    """A community at the centre of a map, with its walking circle."""

    slug: str
    name: str
    lat: float
    lon: float
    radius_m: float


@dataclass(frozen=True)
class NearestCommunity:
    area: MapArea
    distance_m: int
    inside: bool  # within its walking circle: its residents will see the shop


def _area(c: Community) -> MapArea:
    return MapArea(c.slug, c.name, c.lat, c.lon, circle_radius_m(c))


def picker_area(db: Session, actor: Actor) -> MapArea | None:
    """Where the map opens for a person placing a shop: their own community, else the first one
    (None when there is no community yet)."""
    require_user(actor)
    community = db.get(Community, actor.community_id) if actor.community_id else None
    community = community or db.exec(select(Community).order_by(Community.id)).first()
    return _area(community) if community else None


def read_place(lat, lon) -> tuple[float, float]:
    """A point a page sends (a tap on the map): two finite numbers on the Earth, to about 10 cm."""
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ServiceError(phrase("Tap the map where your shop is.")) from None
    if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
        raise ServiceError(phrase("Tap the map where your shop is."))
    return round(la, 6), round(lo, 6)


def nearest_community(db: Session, actor: Actor, lat: float, lon: float) -> NearestCommunity | None:
    """The community closest to a place, how far it is and whether the place is in its circle."""
    require_user(actor)
    best = None
    for c in db.exec(select(Community)):
        d = haversine_m(c.lat, c.lon, lat, lon)
        if best is None or d < best[1]:
            best = (c, d)
    if best is None:
        return None
    c, d = best
    area = _area(c)
    return NearestCommunity(area, round(d), d <= area.radius_m)
