"""Where card fees meet payments (wired in community_hub/payment_hooks.py): a "card_fee:<id>"
payment that succeeds completes its activation or upgrade in the same transaction, and earns
commission up the member's chain when the programme's plan says card fees do; a refund reverses
that commission pro rata. A refusal (the card was taken or disabled meanwhile) leaves the money
in suspense for an admin to refund (payments/status.run_success_hooks)."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.membership import activation, commission
from community_hub.models.membership import ActivationState, CardActivation
from community_hub.models.payments import Payment
from community_hub.payments.common import purpose_id


def card_fee_paid(db: Session, payment: Payment) -> None:
    act_id = purpose_id(payment, "card_fee")
    if act_id is None:
        return
    act = db.exec(select(CardActivation).where(CardActivation.id == act_id).with_for_update()).first()
    if act is None:
        raise ServiceError(phrase("This card fee is for nothing we know."))
    if act.state == ActivationState.DONE:
        return  # a replayed event
    if act.state == ActivationState.FAILED:
        raise ServiceError(phrase("This card activation was given up before the fee arrived."), code="abandoned")
    if payment.captured_minor != act.fee_minor:
        raise ServiceError(phrase("The amount paid is not the card fee."), code="amount")
    activation.complete(db, act)
    commission.post_sale(db, commission.Sale(payment.purpose, act.user_id, act.created_at,
                                             payment.succeeded_at or act.created_at, act.currency, act.programme_id),
                         fee_minor=payment.captured_minor, card_fee=True)


def card_fee_refunded(db: Session, payment: Payment) -> None:
    commission.reconcile(db, payment.purpose)
