"""When a paid order that used a platform coupon is signed, the platform funds the discount
(payments/promotion_postings.py). Registered in payment_hooks.py to run BEFORE the settlement's
own hook (order_payments._settle_on_signing), so the settlement takes the full price from escrow.
The platform pays its coupon in proportion to what the resident has kept paid: a refund before
signing funds less at signing, a refund after it takes the share back from the shop
(`on_payment_refunded`)."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.models.orders import Order, OrderState
from community_hub.models.payments import Payment
from community_hub.models.promotions import CollectedCoupon, PlatformCoupon
from community_hub.payments import intents, ledger, promotion_postings


def on_order_transition(db: Session, order: Order, from_state: str, to_state: str) -> None:
    if to_state != OrderState.SIGNED:
        return
    used = db.exec(select(CollectedCoupon).where(CollectedCoupon.order_id == order.id)).first()
    if used is None or used.discount_minor <= 0:
        return
    if intents.paid_payment_for(db, f"order:{order.id}") is None:  # nothing to settle, nothing to fund
        return
    share = _share(db, order, used)
    if share > 0 and promotion_postings.platform_coupon_funded_so_far(db, order.id, order.currency) == 0:
        coupon = db.get(PlatformCoupon, used.coupon_id)
        promotion_postings.platform_coupon_funded(db, order_id=order.id, amount_minor=share,
                                                  currency=order.currency, coupon_name=coupon.name)


def _share(db: Session, order: Order, used: CollectedCoupon) -> int:
    """The platform's part for what the resident still has paid: all of the discount when nothing
    was refunded, none when everything was (rounded half up)."""
    if order.total_minor <= 0:
        return used.discount_minor
    kept = ledger.paid_net(db, f"order:{order.id}", order.currency)
    return ledger.round_half_up(used.discount_minor * max(kept, 0), order.total_minor)


def on_payment_refunded(db: Session, payment: Payment) -> None:
    """A refund of a settled order: the platform's share of it comes back from the shop."""
    if not payment.purpose.startswith("order:"):
        return
    order = db.get(Order, int(payment.purpose.split(":", 1)[1]))
    used = db.exec(select(CollectedCoupon).where(CollectedCoupon.order_id == order.id)).first() if order else None
    if used is None:
        return
    funded = promotion_postings.platform_coupon_funded_so_far(db, order.id, order.currency)
    if funded <= 0:  # not signed yet: signing will fund only the share left
        return
    back = funded - _share(db, order, used)
    if back > 0:
        promotion_postings.platform_coupon_reversed(db, order_id=order.id, merchant_id=order.merchant_id,
                                                    amount_minor=back, currency=order.currency)
