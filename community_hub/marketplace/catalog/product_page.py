"""One product's own page (what tapping a product opens): its photos, options by group, stock,
and its shop with the shop's latest reviews. Only products for sale at approved shops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import NotFound
from community_hub.core.i18n import phrase
from community_hub.marketplace.catalog.common import is_for_sale
from community_hub.marketplace.opening_hours import is_open_now
from community_hub.models import Merchant, Product
from community_hub.models.catalog import ProductOption
from community_hub.models.reviews import Review

REVIEWS_SHOWN = 5


@dataclass(frozen=True)
class ProductPage:
    product: Product
    merchant: Merchant
    open_now: bool
    option_groups: list[tuple[str, list[ProductOption]]]  # ("Size", [Small, Large]) in the order added
    reviews: list[Review]  # the shop's latest visible reviews


def product_page(db: Session, product_id: int, now: datetime | None = None) -> ProductPage:
    p = db.get(Product, product_id)
    m = db.get(Merchant, p.merchant_id) if p is not None else None
    if p is None or m is None or not is_for_sale(p, m):
        raise NotFound(phrase("product"))
    groups: dict[str, list[ProductOption]] = {}
    for o in db.exec(select(ProductOption).where(ProductOption.product_id == p.id).order_by(ProductOption.id)):
        groups.setdefault(o.group, []).append(o)
    reviews = list(db.exec(select(Review).where(Review.merchant_id == m.id, Review.hidden.is_(False))
                           .order_by(Review.id.desc()).limit(REVIEWS_SHOWN)))
    return ProductPage(p, m, is_open_now(db, m, now), list(groups.items()), reviews)
