"""Browsing the circle's shops on the kiosk's touch screen (no keyboard): shops, then products."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import NotFound
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.kiosk.scan import ProductShown, shown
from community_hub.kiosk.session import this_kiosk
from community_hub.marketplace import circle
from community_hub.models import Community, Merchant, Product


@dataclass(frozen=True)
class ShopRow:
    id: int
    name: str
    category: str
    walk: str


def shops(db: Session, kiosk_actor: Actor) -> list[ShopRow]:
    """The shops residents see (approved, something for sale) within the kiosk community's walking
    circle, nearest first."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    community = db.get(Community, kiosk.community_id)
    return [ShopRow(c.merchant.id, c.merchant.name, c.merchant.category, phrase("{minutes} min walk", minutes=format(c.walk_minutes, "g")))
            for c in circle.merchants_in_circle(db, community, listed_only=True)]


def shop_products(db: Session, kiosk_actor: Actor, merchant_id: int, limit: int = 60) -> tuple[str, list[ProductShown]]:
    """(shop name, its products for sale) — only for a shop in the kiosk's circle."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    m = db.get(Merchant, merchant_id)
    community = db.get(Community, kiosk.community_id)
    if m is None or merchant_id not in circle.circle_merchant_ids(db, community):
        raise NotFound(phrase("shop"))
    products = db.exec(select(Product).where(Product.merchant_id == m.id, Product.available,
                                             Product.abnormal.is_(False), Product.live).order_by(Product.name).limit(limit)).all()
    return m.name, [shown(p, m) for p in products]


def product(db: Session, kiosk_actor: Actor, product_id: int) -> ProductShown:
    """One product, tapped in a shop's list."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    p = db.get(Product, product_id)
    community = db.get(Community, kiosk.community_id)
    if p is None or not p.available or p.abnormal or not p.live or p.merchant_id not in circle.circle_merchant_ids(db, community):
        raise NotFound(phrase("product"))
    return shown(p, db.get(Merchant, p.merchant_id))
