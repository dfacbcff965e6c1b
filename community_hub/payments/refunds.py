"""Refunding a paid payment, all or part of it. The row is committed before the provider hears of
it, so a refund whose provider call got no answer stays pending and is sent again (same key)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.config import settings
from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, AdminPermission
from community_hub.models.payments import Payment, PaymentStatus, Refund, RefundStatus
from community_hub.payments.common import (
    audit,
    load_payment,
    log,
    payee_merchant_id,
    provider_unavailable,
)
from community_hub.payments.hooks import refund_check_allows
from community_hub.payments.providers.base import PaymentProviderError, ProviderUnavailable
from community_hub.payments.providers.registry import get_provider
from community_hub.payments.status import apply_refund_state
from community_hub.payments.wallet import refund_goes_to_wallet, refund_to_wallet
from community_hub.payments.wallet_postings import WALLET
from community_hub.payments.webhooks import deliver_provider_events


def refundable(db: Session, payment: Payment) -> int:
    """What can still be refunded: captured minus refunded minus refunds on their way."""
    pending = db.exec(
        select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(
            Refund.payment_id == payment.id, Refund.status == RefundStatus.PENDING)
    ).one()
    return max(0, payment.captured_minor - payment.refunded_minor - int(pending))


def unsent_refund(db: Session, payment: Payment) -> Refund | None:
    """A refund on record that the provider never acknowledged (it is re-sent, same key, on retry)."""
    return db.exec(select(Refund).where(Refund.payment_id == payment.id, Refund.status == RefundStatus.PENDING,
                                        Refund.provider_refund_id.is_(None))).first()


def refund_payment(db: Session, actor: Actor, payment_id: int, amount_minor: int | None = None,
                   reason: str = "") -> Refund:
    """Refund all (None) or part of a paid payment. The shop that was paid, or an admin holding
    finance (any amount) or customer service (up to settings().cs_refund_limit_minor).

    Refused with nothing posted: more than is left to refund, a payment not paid. A refund whose
    provider call got no answer stays pending and is sent again (same key) on the next try."""
    payment = load_payment(db, payment_id)
    merchant_id = payee_merchant_id(payment.payee)
    as_shop = merchant_id is not None and actor.is_merchant_of(merchant_id)
    # Customer service refunds small amounts on its own; above the limit finance decides.
    limited = not as_shop and not actor.holds(AdminPermission.FINANCE) and actor.holds(AdminPermission.CUSTOMER_SERVICE)
    if not (as_shop or limited or actor.holds(AdminPermission.FINANCE) or refund_check_allows(db, actor, payment)):
        log.warning("refund of payment %s refused: user %s may not", payment.id, actor.user_id)
        raise PermissionDenied(phrase("Only the shop that was paid, or a platform admin, can refund this."))
    if payment.status not in (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED):
        raise ServiceError(phrase("Only a completed payment can be refunded."), code="not_paid")
    if payment.purpose.startswith("topup:"):
        raise ServiceError(phrase("A wallet top-up is not refunded; the credit stays in the wallet."), code="topup")
    stuck = unsent_refund(db, payment)
    if stuck is not None:
        if amount_minor not in (None, stuck.amount_minor):
            raise ServiceError(phrase("A refund of {amount} is still being sent; try again in a moment.",
                                      amount=format_money(stuck.amount_minor, stuck.currency)), code="refund_pending")
        refund = stuck
    else:
        left = refundable(db, payment)
        amount = left if amount_minor is None else amount_minor
        if not isinstance(amount, int) or amount <= 0:
            raise ServiceError(phrase("There is nothing left to refund.") if left == 0 else
                               phrase("The refund must be more than zero."), code="refund_invalid")
        if amount > left:
            log.warning("refund of %s on payment %s refused: only %s left", amount, payment.id, left)
            raise ServiceError(phrase("You can refund at most {amount} of this payment.",
                                      amount=format_money(left, payment.currency)), code="refund_too_large")
        limit = settings().cs_refund_limit_minor
        if limited and amount > limit and not refund_check_allows(db, actor, payment):
            raise PermissionDenied(phrase("Customer service can refund up to {limit}; a larger refund needs finance.",
                                          limit=format_money(limit, payment.currency)))
        refund = Refund(payment_id=payment.id, amount_minor=amount, currency=payment.currency,
                        reason=reason[:200], requested_by=actor.user_id, idempotency_key="pending")
        db.add(refund)
        db.flush()
        refund.idempotency_key = f"{payment.purpose}:refund:{refund.id}"
        audit(db, actor, "payment.refund", f"payment:{payment.id}",
               f"{format_money(amount, payment.currency)} {reason}".strip())
    db.add(refund)
    # Paid from the wallet, or the payer chose the wallet for refunds: no provider to ask. Never a
    # refund already sent to the provider (stuck, unanswered): that one goes on the way it went.
    if payment.provider == WALLET or (stuck is None and refund_goes_to_wallet(db, payment)):
        return refund_to_wallet(db, payment, refund)
    db.commit()  # the refund is on record before the provider hears of it
    provider = get_provider(payment.provider)
    try:
        pr = provider.refund(payment.provider_id, refund.idempotency_key, refund.amount_minor,
                             metadata={"hub_refund_id": str(refund.id), "purpose": payment.purpose})
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, "refund", payment.purpose) from exc
    except PaymentProviderError as exc:
        refund.status = RefundStatus.FAILED
        db.add(refund)
        log.warning("refund %s refused by provider: %s", refund.id, exc.detail or exc.message)
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    apply_refund_state(db, payment, refund, pr)
    deliver_provider_events(db, provider, payment.provider_id)
    return refund


