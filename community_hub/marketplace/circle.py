"""The 10-minute business circle: approved merchants within walking time of a community.

An indexed bounding-box query narrows the candidates in SQL; the exact haversine distance is then
computed in Python for those few rows, so the query stays fast with thousands of merchants.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.geo import bounding_box, haversine_m, walking_minutes
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_user
from community_hub.marketplace import kept_reads
from community_hub.marketplace.listing import listed_clause
from community_hub.models import Community, Merchant, MerchantStatus


@dataclass(frozen=True)
class CircleMerchant:
    merchant: Merchant
    distance_m: int
    walk_minutes: float


def circle_radius_m(community: Community) -> float:
    return community.circle_minutes * community.walk_m_per_min


def merchants_in_circle(db: Session, community: Community, category: str | None = None, *,
                        listed_only: bool = False) -> list[CircleMerchant]:
    """Approved merchants whose walking time from `community` is within its circle, nearest first.

    `category` (a merchant category such as "grocery") narrows the list. `listed_only` keeps the
    shops residents see (marketplace.listing: a new shop waits for its first product); what is
    shown to residents passes it, rules about the area (demands, scans) do not.
    """
    radius = circle_radius_m(community)
    min_lat, max_lat, min_lon, max_lon = bounding_box(community.lat, community.lon, radius)
    query = select(Merchant).where(
        Merchant.status == MerchantStatus.APPROVED,
        Merchant.lat >= min_lat, Merchant.lat <= max_lat,
        Merchant.lon >= min_lon, Merchant.lon <= max_lon,
    )
    if category:
        query = query.where(Merchant.category == category)
    if listed_only:
        query = query.where(listed_clause())
    found = []
    for m in db.exec(query):
        d = haversine_m(community.lat, community.lon, m.lat, m.lon)
        if d <= radius:
            found.append(CircleMerchant(m, round(d), round(walking_minutes(d, community.walk_m_per_min), 1)))
    found.sort(key=lambda c: (c.distance_m, c.merchant.id))
    return found


def circle_merchant_ids(db: Session, community: Community, category: str | None = None) -> list[int]:
    """Only the ids, for queries that join on them (search, demands). Kept a few seconds
    (marketplace/kept_reads.py): read it, never change it."""
    return kept_reads.kept(db, ("circle_ids", community.id, category),
                           lambda own: [c.merchant.id for c in merchants_in_circle(own, community, category)])


def listed_circle(db: Session, community: Community, category: str | None = None) -> list[CircleMerchant]:
    """The shops residents see in the circle (`listed_only`), kept a few seconds
    (marketplace/kept_reads.py) for the pages every resident opens: read it, never change it."""
    return kept_reads.kept(db, ("circle_listed", community.id, category),
                           lambda own: merchants_in_circle(own, community, category, listed_only=True))


def is_in_circle(community: Community, merchant: Merchant) -> bool:
    return haversine_m(community.lat, community.lon, merchant.lat, merchant.lon) <= circle_radius_m(community)


def map_markers(circle: list[CircleMerchant]) -> list[dict]:
    """Plain dicts a map component can render (one marker per merchant)."""
    return [
        {"id": c.merchant.id, "slug": c.merchant.slug, "name": c.merchant.name, "lat": c.merchant.lat,
         "lon": c.merchant.lon, "category": c.merchant.category, "minutes": c.walk_minutes}
        for c in circle
    ]


def my_community(db: Session, actor: Actor) -> Community:
    """The community whose business circle the resident shops in (a row to read, never to change)."""
    require_user(actor)
    # Kept a few seconds (kept_reads.py): every shopping page asks, and it was a query each time.
    community = kept_reads.kept(db, ("community", actor.community_id),
                                lambda own: own.get(Community, actor.community_id)) if actor.community_id else None
    if community is None:
        raise ServiceError(phrase("You are not linked to a community yet: ask your property office to add you."))
    return community


def my_circle(db: Session, actor: Actor, category: str | None = None) -> list[CircleMerchant]:
    """Shops within the walking circle of the resident's community, nearest first."""
    return listed_circle(db, my_community(db, actor), category or None)
