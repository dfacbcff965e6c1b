"""The home lists as admins set them up per community (marketplace/promotions/home_curation.py
saves them): by hand, or by a rule — most ordered in the last 7 days, newest listed, highest rated
(products of the best-rated shops; reviews are per shop). Read by the home feed; a list no admin
set up is None here, and the feed keeps its default."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, func, select

from community_hub.models import Merchant, MerchantStatus, Product
from community_hub.models.orders import Order, OrderLine, OrderState
from community_hub.models.promotions import HomeList, HomeListItem, HomeListKind, HomeRule

KINDS = tuple(k.value for k in HomeListKind)
# Orders that count as ordered (placed and not called off).
_ORDERED = (OrderState.PAID, OrderState.ACCEPTED, OrderState.PREPARING, OrderState.OUT_FOR_DELIVERY,
            OrderState.READY_FOR_PICKUP, OrderState.DELIVERED, OrderState.SIGNED, OrderState.SETTLED)

def curated(db: Session, community_id: int, kind: str, merchant_ids: Sequence[int], now: datetime,
            limit: int) -> list[Product] | None:
    """The list as an admin set it up for the community, or None (no admin did: the default)."""
    row = db.exec(select(HomeList).where(HomeList.community_id == community_id, HomeList.kind == kind)).first()
    if row is None:
        return None
    shops = list(db.exec(select(Merchant.id).where(Merchant.status == MerchantStatus.APPROVED)).all())
    base = select(Product).where(Product.merchant_id.in_(shops), Product.available, Product.abnormal.is_(False), Product.live,
                                 or_(Product.stock.is_(None), Product.stock > 0))
    if row.rule == HomeRule.MANUAL:
        # Hand-picked: shown even from a shop outside the circle (the admin chose it), in order.
        items = db.exec(select(HomeListItem.product_id).where(HomeListItem.home_list_id == row.id)
                        .order_by(HomeListItem.position)).all()
        ok = {p.id: p for p in db.exec(base.where(Product.id.in_(list(items)))).all()} if items else {}
        return [ok[i] for i in items if i in ok][:limit]
    near = base.where(Product.merchant_id.in_(list(merchant_ids)))
    if row.rule == HomeRule.NEWEST:
        return list(db.exec(near.order_by(Product.created_at.desc(), Product.id.desc()).limit(limit)))
    if row.rule == HomeRule.HIGHEST_RATED:
        return list(db.exec(near.join(Merchant, Merchant.id == Product.merchant_id).where(Merchant.rating_count > 0)
                            .order_by(Merchant.rating_avg.desc(), Merchant.rating_count.desc(), Product.id)
                            .limit(limit)))
    # Most ordered in the last 7 days: quantities on orders paid (and not called off) since.
    qty = func.sum(OrderLine.quantity)
    ranked = db.exec(select(OrderLine.product_id, qty).join(Order, Order.id == OrderLine.order_id)
                     .where(Order.created_at >= now - timedelta(days=7), Order.state.in_(_ORDERED),
                            OrderLine.product_id.is_not(None), Order.merchant_id.in_(list(merchant_ids)))
                     .group_by(OrderLine.product_id).order_by(qty.desc(), OrderLine.product_id)).all()
    ids = [pid for pid, _n in ranked]
    ok = {p.id: p for p in db.exec(near.where(Product.id.in_(ids))).all()} if ids else {}
    return [ok[i] for i in ids if i in ok][:limit]
