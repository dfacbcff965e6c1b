"""The circle's featured products on a resident's home: pinned, hot, discounted, recommended, new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, select

from community_hub.core.permissions import Actor
from community_hub.marketplace.catalog.common import HOT_SOLD_MIN, NEW_DAYS
from community_hub.marketplace.catalog.sections import CategoryNode, category_tree
from community_hub.marketplace.circle import my_community
from community_hub.models import Community, Product
from community_hub.models.base import utcnow


@dataclass
class HomeFeed:
    pinned: list[Product]
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
    if not ids:
        return HomeFeed([], [], [], [], [], category_tree(db))
    base = select(Product).where(Product.merchant_id.in_(ids), Product.available, Product.abnormal.is_(False),
                                 or_(Product.stock.is_(None), Product.stock > 0))
    return HomeFeed(
        pinned=list(db.exec(base.where(Product.pinned).order_by(Product.updated_at.desc()).limit(limit))),
        hot=list(db.exec(base.where(Product.sold_count >= HOT_SOLD_MIN).order_by(Product.sold_count.desc()).limit(limit))),
        new=list(db.exec(base.where(Product.created_at >= now - timedelta(days=NEW_DAYS)).order_by(Product.created_at.desc()).limit(limit))),
        recommended=list(db.exec(base.where(Product.recommended).order_by(Product.id.desc()).limit(limit))),
        discounted=list(db.exec(base.where(Product.compare_at_minor > Product.price_minor).order_by(Product.id.desc()).limit(limit))),
        categories=category_tree(db),
    )


def my_home_feed(db: Session, actor: Actor) -> HomeFeed:
    return home_feed(db, my_community(db, actor))
