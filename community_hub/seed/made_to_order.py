"""Demo data for made-to-order goods (issue 20): the bakery's celebration cake, paid as a 30 %
deposit at checkout and the balance when the bakery says it is ready. Idempotent, additive."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.models import Merchant, Product

CAKE = "Celebration cake (made to order)"


def seed_made_to_order(db: Session, merchants: list[Merchant]) -> int:
    bakery = next((m for m in merchants if m.slug == "maple-bakery"), None)
    if bakery is None:
        return 0
    if db.exec(select(Product).where(Product.merchant_id == bakery.id, Product.name == CAKE)).first() is not None:
        return 0
    like = db.exec(select(Product).where(Product.merchant_id == bakery.id).order_by(Product.id)).first()
    db.add(Product(merchant_id=bakery.id, name=CAKE, price_minor=3000, stock=None, made_to_order=True,
                   deposit_bps=3000, description="Baked for your day: pay 30 % now, the rest when it is ready.",
                   sku="MAPLE-BAKERY-CAKE", category_id=like.category_id if like else None,
                   section_id=like.section_id if like else None))
    db.flush()
    return 1
