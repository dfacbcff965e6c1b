"""What payments and the clock do to an order: paid, refunded, settled, signed after the hold."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.job_claims import claim
from community_hub.marketplace.orders.lifecycle import (
    AUTO_SIGN_HOURS,
    PAYMENTS,
    STATE_LABELS,
    SYSTEM,
    S,
    _lock,
    transition,
)
from community_hub.models.base import utcnow
from community_hub.models.orders import (
    Order,
)


def mark_paid(db: Session, order_id: int, payment_ref: str) -> Order:
    """The payment for a placed order succeeded (called by the payments side). Idempotent: the
    same payment reported twice changes nothing."""
    order = _lock(db, order_id)
    if order.payment_ref == payment_ref and order.state != S.PLACED:
        return order
    if order.state != S.PLACED:
        raise ServiceError(phrase("Order #{id} is {state}; it cannot take a payment.", id=order.id,
                                  state=STATE_LABELS[order.state]),
                           code="bad_state")
    order.payment_ref = payment_ref
    transition(db, order, S.PAID, role=PAYMENTS, note=payment_ref)
    return order


def mark_refunded(db: Session, order_id: int, refund_ref: str) -> Order:
    """The refund went through (called by the payments side). Idempotent."""
    order = _lock(db, order_id)
    if order.state == S.REFUNDED:
        return order
    order.refund_ref = refund_ref
    transition(db, order, S.REFUNDED, role=PAYMENTS, note=refund_ref)
    return order


def settle(db: Session, order: Order, settlement_ref: str = "") -> Order:
    """A signed order is paid out to the merchant (the payments side posts the ledger). Idempotent."""
    order = _lock(db, order.id)
    if order.state == S.SETTLED:
        return order
    order.settlement_ref = settlement_ref
    transition(db, order, S.SETTLED, role=PAYMENTS, note=settlement_ref)
    return order


def auto_sign_due(db: Session, now: datetime | None = None, after_hours: int = AUTO_SIGN_HOURS) -> list[int]:
    """Sign, for the resident, orders delivered more than `after_hours` ago and not disputed.
    Run by the scheduler; returns the ids it signed."""
    now = now or utcnow()
    # Claimed, not waited for: an order another worker (or a resident signing) holds is left to it.
    due = claim(db, select(Order).where(Order.state == S.DELIVERED,
                                        Order.delivered_at <= now - timedelta(hours=after_hours)).order_by(Order.id))
    signed = []
    for order in due:
        if order.state == S.DELIVERED:  # as it is under the lock
            transition(db, order, S.SIGNED, role=SYSTEM, note=f"signed automatically after {after_hours} h", now=now)
            signed.append(order.id)
    return signed
