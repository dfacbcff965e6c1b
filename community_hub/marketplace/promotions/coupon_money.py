"""When a paid order that used a platform coupon is signed, the platform funds the discount
(payments/promotion_postings.py). Registered in payment_hooks.py to run BEFORE the settlement's
own hook (order_payments._settle_on_signing), so the settlement takes the full price from escrow."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.models.orders import Order, OrderState
from community_hub.models.promotions import CollectedCoupon, PlatformCoupon
from community_hub.payments import intents, promotion_postings


def on_order_transition(db: Session, order: Order, from_state: str, to_state: str) -> None:
    if to_state != OrderState.SIGNED:
        return
    used = db.exec(select(CollectedCoupon).where(CollectedCoupon.order_id == order.id)).first()
    if used is None or used.discount_minor <= 0:
        return
    if intents.paid_payment_for(db, f"order:{order.id}") is None:  # nothing to settle, nothing to fund
        return
    coupon = db.get(PlatformCoupon, used.coupon_id)
    promotion_postings.platform_coupon_funded(db, order_id=order.id, amount_minor=used.discount_minor,
                                              currency=order.currency, coupon_name=coupon.name)
