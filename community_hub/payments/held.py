"""Money held in suspense: a payment that succeeded at the provider for something that refused it
(a bill paid at the office while the card payment was on its way). The money is on record in the
suspense account and the payment carries the reason; an admin refunds it (refunds.refund_payment,
which takes it from suspense) or applies it once what refused it can take it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models.payments import Payment
from community_hub.payments import ledger, ledger_postings
from community_hub.payments.common import audit, load_payment
from community_hub.payments.status import post_money_in, run_success_hooks


@dataclass(frozen=True)
class HeldPayment:
    payment_id: int
    purpose: str
    amount_minor: int  # still in suspense
    currency: str
    reason: str


def held_payments(db: Session, actor: Actor) -> list[HeldPayment]:
    """Payments whose money still waits in suspense, oldest first (admins)."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    rows = db.exec(select(Payment).where(Payment.held_reason != "").order_by(Payment.id)).all()
    held = [HeldPayment(p.id, p.purpose, ledger.held_in_suspense(db, p.purpose, p.currency), p.currency,
                        p.held_reason) for p in rows]
    return [h for h in held if h.amount_minor > 0]


def apply_held_payment(db: Session, actor: Actor, payment_id: int) -> Payment:
    """Try again to give the money to what it paid for; if it still refuses, say why and change nothing."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    payment = load_payment(db, payment_id)
    waiting = ledger.held_in_suspense(db, payment.purpose, payment.currency)
    if not payment.held_reason or waiting <= 0:
        raise ServiceError(phrase("This payment is not held in suspense."), code="not_held")
    if waiting != payment.captured_minor:
        raise ServiceError(phrase("Part of this payment was refunded already; refund the rest instead."),
                           code="partly_refunded")
    refusal = run_success_hooks(db, payment)
    if refusal is not None:
        raise ServiceError(phrase("It still cannot be applied: {refusal}", refusal=refusal), code="still_refused")
    ledger_postings.suspense_released(db, reference=payment.purpose, source=f"payment:{payment.id}",
                                      amount_minor=waiting, currency=payment.currency, provider=payment.provider)
    post_money_in(db, payment)
    payment.held_reason = ""
    db.add(payment)
    audit(db, actor, "payment.apply_held", f"payment:{payment.id}", payment.purpose)
    db.flush()
    return payment
