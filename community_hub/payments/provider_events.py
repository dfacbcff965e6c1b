"""The effect of one verified provider event on our payments and refunds (de-duplication and
the transaction are `payments.webhooks.handle_event`'s job)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, select

from community_hub.models.payments import Payment, PaymentStatus, Refund
from community_hub.payments import hosted_checkout
from community_hub.payments.common import PAID_STATUSES, log
from community_hub.payments.providers.base import ProviderCheckout, ProviderRefund, WebhookEvent
from community_hub.payments.providers.registry import get_provider
from community_hub.payments.status import apply_provider_state, apply_refund_state, move_status


class EventNotReady(Exception):
    """An event that cannot be applied yet; the webhook answers 503 so the provider retries."""


@dataclass(frozen=True)
class EventOutcome:
    outcome: str  # applied | no_change | unknown_payment | ignored
    payment_id: int | None = None
    message: str = ""


_INTENT_EVENTS = {
    "payment_intent.succeeded": PaymentStatus.SUCCEEDED,
    "payment_intent.payment_failed": PaymentStatus.FAILED,
    "payment_intent.canceled": PaymentStatus.CANCELED,
    "payment_intent.processing": PaymentStatus.PROCESSING,
    "payment_intent.amount_capturable_updated": PaymentStatus.REQUIRES_CAPTURE,
}
# A hosted payment page (Stripe Checkout): paid, paid later (a bank debit), failed, or expired.
_CHECKOUT_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded",
                    "checkout.session.async_payment_failed", "checkout.session.expired")
_REFUND_EVENTS = ("refund.created", "refund.updated", "refund.failed", "charge.refund.updated")


def _find_payment(db: Session, provider: str, provider_id: str | None, metadata: dict) -> Payment | None:
    if provider_id:
        found = db.exec(select(Payment).where(Payment.provider_id == provider_id).with_for_update()).first()
        if found:
            return found
    hub_id = str((metadata or {}).get("hub_payment_id", ""))
    if hub_id.isdigit():
        found = db.exec(select(Payment).where(Payment.id == int(hub_id)).with_for_update()).first()
        # Our create timed out but the provider made it: adopt the id it reports.
        if found and found.provider == provider and found.provider_id in (None, provider_id):
            found.provider_id = provider_id
            return found
    return None


def apply_webhook_event(db: Session, event: WebhookEvent) -> EventOutcome:
    """The effect of one verified provider event (de-duplication is the caller's job:
    payments.webhooks.handle_webhook)."""
    obj = event.object
    if event.type in _INTENT_EVENTS:
        payment = _find_payment(db, event.provider, obj.get("id"), obj.get("metadata") or {})
        if payment is None:
            log.warning("webhook %s %s: no payment of ours for %s", event.id, event.type, obj.get("id"))
            return EventOutcome("unknown_payment", message=f"no payment for {obj.get('id')}")
        err = obj.get("last_payment_error") or {}
        changed = move_status(db, payment, _INTENT_EVENTS[event.type], at=event.created,
                        amount_received=int(obj.get("amount_received") or 0), message=err.get("message") or "")
        return EventOutcome("applied" if changed else "no_change", payment.id)
    if event.type in _REFUND_EVENTS:
        return _apply_refund_event(db, event)
    if event.type in _CHECKOUT_EVENTS:
        return _apply_checkout_event(db, event)
    return EventOutcome("ignored", message=f"{event.type} needs nothing from us")


def _apply_refund_event(db: Session, event: WebhookEvent) -> EventOutcome:
    obj = event.object
    payment = _find_payment(db, event.provider, obj.get("payment_intent"), {})
    if payment is None:
        log.warning("webhook %s: refund %s for a payment we do not know", event.id, obj.get("id"))
        return EventOutcome("unknown_payment", message=f"no payment for refund {obj.get('id')}")
    if payment.status not in PAID_STATUSES:
        # The refund's event overtook the payment's: read the payment fresh first.
        pp = get_provider(payment.provider).retrieve(payment.provider_id)
        apply_provider_state(db, payment, pp)
        if payment.status not in PAID_STATUSES:
            raise EventNotReady(f"refund event for payment {payment.id}, which is not paid yet")
    refund = db.exec(select(Refund).where(Refund.provider_refund_id == obj.get("id"))).first()
    if refund is None:
        hub_id = str((obj.get("metadata") or {}).get("hub_refund_id", ""))
        if hub_id.isdigit():
            refund = db.exec(select(Refund).where(Refund.id == int(hub_id), Refund.payment_id == payment.id)).first()
    if refund is None:
        # Refunded outside the app (the provider's dashboard): record it so the books agree.
        refund = Refund(payment_id=payment.id, amount_minor=int(obj["amount"]), currency=payment.currency,
                        provider_refund_id=obj.get("id"), reason="refunded at the provider",
                        idempotency_key=f"external:{obj.get('id')}")
        db.add(refund)
        db.flush()
    pr = ProviderRefund(id=obj.get("id"), payment_id=payment.provider_id, amount=int(obj.get("amount") or 0),
                        currency=str(obj.get("currency", payment.currency)).upper(), status=str(obj.get("status")))
    changed = apply_refund_state(db, payment, refund, pr)
    return EventOutcome("applied" if changed else "no_change", payment.id)



def _apply_checkout_event(db: Session, event: WebhookEvent) -> EventOutcome:
    obj = event.object
    page = checkout_of(obj)
    payment = db.exec(select(Payment).where(Payment.checkout_id == page.id).with_for_update()).first()
    if payment is None:
        hub_id = str(page.metadata.get("hub_payment_id", ""))
        found = db.exec(select(Payment).where(Payment.id == int(hub_id)).with_for_update()).first() \
            if hub_id.isdigit() else None
        payment = found if found is not None and found.provider == event.provider else None
    if payment is None:
        log.warning("webhook %s %s: no payment of ours for checkout %s", event.id, event.type, page.id)
        return EventOutcome("unknown_payment", message=f"no payment for checkout {page.id}")
    if event.type == "checkout.session.async_payment_failed":
        changed = hosted_checkout.fail_checkout(db, payment, page, "The bank did not complete the payment.",
                                                event.created)
    elif event.type == "checkout.session.async_payment_succeeded":
        changed = hosted_checkout.apply_checkout(db, payment, replace(page, payment_status="paid"), event.created)
    else:
        changed = hosted_checkout.apply_checkout(db, payment, page, event.created)
    return EventOutcome("applied" if changed else "no_change", payment.id)


def checkout_of(obj: dict) -> ProviderCheckout:
    """A checkout.session object as the provider sent it."""
    intent = obj.get("payment_intent")
    return ProviderCheckout(
        id=str(obj.get("id")), url=obj.get("url"), status=str(obj.get("status") or "open"),
        payment_status=str(obj.get("payment_status") or "unpaid"), amount=int(obj.get("amount_total") or 0),
        currency=str(obj.get("currency") or "").upper(),
        payment_id=intent.get("id") if isinstance(intent, dict) else intent,
        metadata={str(k): str(v) for k, v in (obj.get("metadata") or {}).items()},
        expires_at=int(obj.get("expires_at") or 0))
