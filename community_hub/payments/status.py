"""Our record of a payment or refund brought in line with what the provider reports.

Status moves only on a provider answer (a webhook event or a fresh API read), never back on an
older event. Money is posted to the ledger once per business event, in the same transaction as
the status change, and the hooks of the payment's kind run there too.
"""

from __future__ import annotations

import time

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models.base import utcnow
from community_hub.models.payments import Payment, PaymentStatus, Refund, RefundStatus
from community_hub.payments import ledger_postings, membership_postings, wallet_postings
from community_hub.payments.common import log
from community_hub.payments.hooks import run_hooks
from community_hub.payments.providers.base import ProviderPayment, ProviderRefund

_ALLOWED_FROM = {
    PaymentStatus.PROCESSING: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED},
    PaymentStatus.REQUIRES_CAPTURE: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED,
                                     PaymentStatus.PROCESSING},
    PaymentStatus.FAILED: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.PROCESSING, PaymentStatus.FAILED},
    PaymentStatus.CANCELED: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED, PaymentStatus.PROCESSING,
                             PaymentStatus.REQUIRES_CAPTURE},
    # Money that moved is always recorded, whatever we thought before.
    PaymentStatus.SUCCEEDED: {PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED, PaymentStatus.PROCESSING,
                              PaymentStatus.REQUIRES_CAPTURE, PaymentStatus.CANCELED},
}


def our_status(provider_status: str, has_error: bool = False) -> str:
    return {
        "requires_payment_method": PaymentStatus.FAILED if has_error else PaymentStatus.REQUIRES_PAYMENT,
        "requires_confirmation": PaymentStatus.REQUIRES_PAYMENT,
        "requires_action": PaymentStatus.REQUIRES_PAYMENT,
        "processing": PaymentStatus.PROCESSING,
        "requires_capture": PaymentStatus.REQUIRES_CAPTURE,
        "succeeded": PaymentStatus.SUCCEEDED,
        "canceled": PaymentStatus.CANCELED,
    }.get(provider_status, PaymentStatus.REQUIRES_PAYMENT)


def move_status(db: Session, payment: Payment, new: str, *, at: int, amount_received: int = 0,
          message: str = "") -> bool:
    """Apply a status the provider reported at epoch `at`. Returns whether anything changed."""
    current = payment.status
    if new == current and new != PaymentStatus.FAILED:
        return False
    if current not in _ALLOWED_FROM.get(new, set()):
        log.info("payment %s: %s -> %s ignored (out of order or stale)", payment.id, current, new)
        return False
    if new != PaymentStatus.SUCCEEDED and at < payment.status_event_at:
        log.info("payment %s: stale %s event ignored", payment.id, new)
        return False
    payment.status = new
    payment.status_event_at = max(payment.status_event_at, at)
    payment.updated_at = utcnow()
    if new == PaymentStatus.FAILED:
        payment.failure_message = message or phrase("The card was declined.")
        run_hooks("failed", db, payment)
    elif new == PaymentStatus.CANCELED:
        run_hooks("canceled", db, payment)
    elif new == PaymentStatus.SUCCEEDED:
        payment.captured_minor = amount_received or payment.amount_minor
        payment.succeeded_at = utcnow()
        payment.failure_message = ""
        db.add(payment)
        db.flush()
        refusal = run_success_hooks(db, payment)
        if refusal is None:
            _post_money_in(db, payment)
            run_hooks("posted", db, payment)
        else:
            hold_in_suspense(db, payment, refusal)
    db.add(payment)
    db.flush()
    return True


def run_success_hooks(db: Session, payment: Payment) -> str | None:
    """Tell the thing paid for (order, bill, ad) in a savepoint. A refusal (the bill was paid at the
    office meanwhile) undoes only what the hook did and is returned: the money itself has arrived
    at the provider, so it is recorded either way, never rolled back with the refusal."""
    try:
        with db.begin_nested():
            run_hooks("succeeded", db, payment)
    except ServiceError as exc:
        return exc.message
    return None


def hold_in_suspense(db: Session, payment: Payment, reason: str) -> None:
    """Money that nothing would take: posted to suspense and flagged for an admin."""
    ledger_postings.payment_suspended(db, reference=payment.purpose, source=f"payment:{payment.id}",
                                      amount_minor=payment.captured_minor, currency=payment.currency,
                                      provider=payment.provider, counterparty=payment.payee)
    payment.held_reason = reason[:300]
    db.add(payment)
    log.error("payment %s for %s is held in suspense: %s", payment.id, payment.purpose, reason)


def post_money_in(db: Session, payment: Payment) -> None:
    """Where money for this kind of purpose goes when it is taken (escrow, collected fees...)."""
    _post_money_in(db, payment)


def _post_money_in(db: Session, payment: Payment) -> None:
    kind = payment.purpose.split(":", 1)[0]
    common = dict(reference=payment.purpose, source=f"payment:{payment.id}", amount_minor=payment.captured_minor,
                  currency=payment.currency, provider=payment.provider)
    if kind == "order":
        ledger_postings.order_paid(db, counterparty=payment.payee, **common)
    elif kind in ("bill", "bills"):  # one bill, or several in one payment: one posting for the money
        company = int(payment.payee.split(":", 1)[1])
        ledger_postings.property_fee_paid(db, company_id=company, **common)
    elif kind == "deposit":
        ledger_postings.deposit_held(db, counterparty=payment.payee, **common)
    elif kind == "ad":
        ledger_postings.ad_paid(db, counterparty=payment.payee, **common)
    elif kind == "card_fee":
        membership_postings.card_fee_paid(db, **common)
    elif kind == "cover":  # a shop's month of customer-service cover: the platform's revenue at once
        membership_postings.cover_fee_paid(db, **common)
    elif kind == "share":  # neighbour sharing: held in escrow until the owner is paid or it goes back
        ledger_postings.sharing_paid(db, counterparty=payment.payee, **common)
    elif kind == "topup":  # a resident's wallet credit (payments/wallet.py)
        wallet_postings.top_up_paid(db, payment)
    else:  # pragma: no cover - start_payment refuses other purposes
        raise ServiceError(phrase("No ledger posting for payments of kind {kind}.", kind=repr(kind)))


def apply_provider_state(db: Session, payment: Payment, pp: ProviderPayment, at: int | None = None) -> bool:
    """Bring our record in line with what the provider says now (a fresh read or API answer)."""
    if payment.provider_id is None:
        payment.provider_id = pp.id
    if pp.client_secret and not payment.client_secret:
        payment.client_secret = pp.client_secret
    new = our_status(pp.status, has_error=bool(pp.last_error_code))
    changed = move_status(db, payment, new, at=at or int(time.time()), amount_received=pp.amount_received,
                    message=pp.last_error_message or "")
    if pp.amount_refunded > payment.refunded_minor:
        log.warning("payment %s: provider shows %s refunded, we have %s; waiting for the refund events",
                    payment.id, pp.amount_refunded, payment.refunded_minor)
    db.add(payment)
    return changed


def apply_refund_state(db: Session, payment: Payment, refund: Refund, pr: ProviderRefund) -> bool:
    """Record what the provider says about a refund; the first time it succeeds, post it."""
    # Re-read both rows under lock (payment first, the order every path takes): a concurrent refund
    # of the same payment may have committed since they were loaded, and adding to a stale
    # `refunded_minor` would lose it; a webhook and the direct answer may apply this very refund.
    db.flush()  # what the caller changed is kept: refresh reads the rows back
    db.refresh(payment, with_for_update=True)
    db.refresh(refund, with_for_update=True)
    if refund.provider_refund_id is None:
        refund.provider_refund_id = pr.id
    if refund.status != RefundStatus.PENDING:
        return False  # succeeded, failed and canceled are final here
    if pr.status in ("pending", "requires_action"):
        return False
    if pr.status != "succeeded":
        refund.status = RefundStatus.FAILED if pr.status == "failed" else RefundStatus.CANCELED
        db.add(refund)
        log.warning("refund %s for payment %s %s at the provider", refund.id, payment.id, pr.status)
        return True
    kind = payment.purpose.split(":", 1)[0]
    if kind == "deposit":
        ledger_postings.deposit_released(db, reference=payment.purpose, source=f"refund:{refund.id}",
                                currency=payment.currency, provider=payment.provider,
                                amount_minor=refund.amount_minor, counterparty=payment.payee)
    else:
        ledger_postings.refund(db, reference=payment.purpose, source=f"refund:{refund.id}", amount_minor=refund.amount_minor,
                      currency=payment.currency, provider=payment.provider, counterparty=payment.payee)
    refund.status = RefundStatus.SUCCEEDED
    refund.succeeded_at = utcnow()
    payment.refunded_minor += refund.amount_minor
    payment.status = (PaymentStatus.REFUNDED if payment.refunded_minor >= payment.captured_minor
                      else PaymentStatus.PARTIALLY_REFUNDED)
    payment.updated_at = utcnow()
    db.add(refund)
    db.add(payment)
    db.flush()
    run_hooks("refunded", db, payment)
    return True

