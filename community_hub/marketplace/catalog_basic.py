"""The smallest merchant-owned write: a product's price. Kept for the foundation's ownership rule
(the marketplace catalog service builds the full product management on the same checks)."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.permissions import Actor, require_merchant_of, require_user
from community_hub.models import Product


def set_product_price(db: Session, actor: Actor, product_id: int, price_minor: int) -> Product:
    require_user(actor)
    product = db.get(Product, product_id, with_for_update=True)
    if product is None:
        raise NotFound("product")
    require_merchant_of(actor, product.merchant_id)
    if price_minor < 0:
        raise ServiceError("A price cannot be negative.")
    product.price_minor = price_minor
    db.add(product)
    return product


def product_price(db: Session, product_id: int) -> int:
    product = db.get(Product, product_id)
    if product is None:
        raise NotFound("product")
    return product.price_minor
