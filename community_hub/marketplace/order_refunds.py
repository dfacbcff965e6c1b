"""Paid orders that ended without the resident getting them are refunded by themselves: cancelled
(by the resident, the shop or an admin), rejected, or a dispute decided with a refund, and a
payment that arrived after the order was cancelled. Housekeeping runs this every minute, outside
the transaction that ended the order, so a provider outage only delays the refund: the next pass
sends it again with the same key (payments/refunds.py)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import String, cast
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.job_claims import claim
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderState
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import refunds
from community_hub.payments.common import SYSTEM

log = logging.getLogger("community_hub.order_refunds")

REFUND_STATES = (OrderState.CANCELLED, OrderState.REJECTED, OrderState.REFUNDED)
_REASONS = {OrderState.CANCELLED: "order cancelled", OrderState.REJECTED: "order rejected by the shop",
            OrderState.REFUNDED: "dispute decided with a refund"}
# Longer than a provider call can take (its client times out well within this).
SENDING_FOR = timedelta(minutes=2)


def refunds_due(db: Session) -> list[tuple[int, int, str]]:
    """(order id, payment id, order state) of ended orders whose payment still holds money."""
    rows = db.exec(
        select(Order.id, Payment.id, Order.state)
        .join(Payment, Payment.purpose == "order:" + cast(Order.id, String))
        .where(Order.state.in_(REFUND_STATES),
               Payment.status.in_((PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED)),
               Payment.captured_minor > Payment.refunded_minor)
        .order_by(Order.id)
    ).all()
    return [(o, p, s) for o, p, s in rows]


def _claim_payment(db: Session, payment_id: int) -> Payment | None:
    """The payment locked for this pass, or None while another worker holds it (it is refunding
    it): FOR UPDATE SKIP LOCKED, so workers share the refunds instead of queueing on one."""
    rows = claim(db, select(Payment).where(Payment.id == payment_id))
    return rows[0] if rows else None


def _being_sent(db: Session, payment: Payment) -> bool:
    """refund_payment commits the refund before asking the provider (the lock goes with that
    commit): a refund recorded moments ago and still unanswered is another worker's call in
    flight. Only one older than SENDING_FOR is sent again (with its key, so never paid twice).
    "Moments ago" is the wall clock the refund was stamped with, not the pass's `now` (a pass
    run for a later time would take every call in flight for a stuck one)."""
    stuck = refunds.unsent_refund(db, payment)
    return stuck is not None and stuck.created_at > utcnow() - SENDING_FOR


def refund_ended_orders(db: Session, now: datetime | None = None) -> list[int]:
    """Refund what is left of each due payment; returns the orders whose refund went out."""
    now = now or utcnow()
    done = []
    for order_id, payment_id, state in refunds_due(db):
        payment = _claim_payment(db, payment_id)
        if payment is None or _being_sent(db, payment):
            db.rollback()  # let go of the lock at once
            continue
        if refunds.refundable(db, payment) <= 0 and refunds.unsent_refund(db, payment) is None:
            db.rollback()
            continue  # a refund is on its way at the provider already
        try:
            refunds.refund_payment(db, SYSTEM, payment_id, None, reason=_REASONS.get(state, "order ended"))
        except ServiceError as exc:
            if exc.keep:
                db.commit()
            log.warning("refund of order %s (payment %s) not sent yet: %s", order_id, payment_id, exc.message)
            continue
        db.commit()  # each refund stands on its own: a later failure does not undo it
        done.append(order_id)
    return done
