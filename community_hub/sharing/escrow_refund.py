"""Giving back what a sharing payment still holds in escrow (a withdrawn item's price, a
cancelled booking's deposit): one rule for both."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.permissions import Actor
from community_hub.payments import intents, refunds


def refund_rest(db: Session, actor: Actor, purpose: str, reason: str) -> str:
    """Refund what is left of the paid payment for `purpose`. Returns the provider's problem when
    it did not take the refund ("" when done or nothing to send); calling again re-sends the same
    refund (its key), never a second one."""
    payment = intents.paid_payment_for(db, purpose)
    if payment is None:
        return ""
    stuck = refunds.unsent_refund(db, payment)
    left = refunds.refundable(db, payment)
    if stuck is None and left <= 0:
        return ""
    try:
        refunds.refund_payment(db, actor, payment.id, stuck.amount_minor if stuck else left, reason=reason)
    except ServiceError as exc:
        if not exc.keep:
            raise
        return exc.message
    return ""
