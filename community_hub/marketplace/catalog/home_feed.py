"""The circle's featured products on a resident's home: pinned, carousel, hot, discounted,
recommended, new. Admins curate pinned, carousel, hot, new and recommended per community
(catalog/curated_lists.py, set up by marketplace/promotions/home_curation.py); a list nobody curated keeps the default below (pinned
and carousel empty: merchants buy carousel ad slots instead of pinning their products)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, select

from community_hub.marketplace.catalog import curated_lists
from community_hub.marketplace.catalog.common import HOT_SOLD_MIN, NEW_DAYS
from community_hub.marketplace.catalog.sections import CategoryNode, category_tree
from community_hub.models import Community, Product
from community_hub.models.base import utcnow


@dataclass
class HomeFeed:
    pinned: list[Product]
    carousel: list[Product]
    hot: list[Product]
    new: list[Product]
    recommended: list[Product]
    discounted: list[Product]
    categories: list[CategoryNode]


def home_feed(db: Session, community: Community, limit: int = 12, now: datetime | None = None) -> HomeFeed:
    """The resident home: pinned carousel, hot, new, recommended and discounted products from the circle."""
    from community_hub.marketplace.circle import circle_merchant_ids

    now = now or utcnow()
    ids = circle_merchant_ids(db, community)
    curated = {kind: curated_lists.curated(db, community.id, kind, ids, now, limit) for kind in curated_lists.KINDS}
    if not ids and not any(curated.values()):
        return HomeFeed([], [], [], [], [], [], category_tree(db))
    base = select(Product).where(Product.merchant_id.in_(ids), Product.available, Product.abnormal.is_(False), Product.live,
                                 or_(Product.stock.is_(None), Product.stock > 0))

    def pick(kind, default):
        chosen = curated[kind]
        return chosen if chosen is not None else list(db.exec(default.limit(limit))) if ids else []

    return HomeFeed(
        pinned=curated["pinned"] or [],
        carousel=curated["carousel"] or [],
        hot=pick("hot", base.where(Product.sold_count >= HOT_SOLD_MIN).order_by(Product.sold_count.desc())),
        new=pick("new", base.where(Product.created_at >= now - timedelta(days=NEW_DAYS)).order_by(Product.created_at.desc())),
        recommended=pick("recommended", base.where(Product.recommended).order_by(Product.id.desc())),
        discounted=list(db.exec(base.where(Product.compare_at_minor > Product.price_minor).order_by(Product.id.desc()).limit(limit))),
        categories=category_tree(db),
    )

