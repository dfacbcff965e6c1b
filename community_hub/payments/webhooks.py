"""The one webhook path for every provider: verify, de-duplicate, apply — in one transaction.

The route (mounted by the app through `api_transformer`) opens one transaction, calls
`handle_webhook(db, raw_body, signature)` with the body exactly as received, and answers with
`result.http_status`. A forged or stale signature changes nothing (400). An event id already
handled answers 200 and changes nothing. The `ProcessedWebhookEvent` row is written in the same
transaction as the effect, so either both happen or neither does (and the provider retries).
An event for a payment we do not know is logged and acknowledged without effect.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.models.payments import ProcessedWebhookEvent
from community_hub.payments.provider_events import EventNotReady, apply_webhook_event
from community_hub.payments.providers.base import (
    PaymentProvider,
    PaymentProviderError,
    WebhookEvent,
    WebhookSignatureError,
)
from community_hub.payments.providers.registry import get_provider

log = logging.getLogger("community_hub.payments.webhooks")


@dataclass(frozen=True)
class WebhookResult:
    status: str  # processed | duplicate | unknown_payment | ignored | refused | rejected
    http_status: int
    event_id: str | None = None
    event_type: str | None = None
    message: str = ""


def handle_webhook(db: Session, raw_body: bytes, signature: str | None,
                   provider: PaymentProvider | None = None) -> WebhookResult:
    """Verify `raw_body` against `signature` (the Stripe-Signature header) and apply the event once."""
    provider = provider or get_provider()
    try:
        event = provider.parse_webhook(raw_body, signature)
    except WebhookSignatureError as exc:
        log.warning("webhook rejected (%s): %s %s", provider.name, exc.message, exc.detail)
        return WebhookResult("rejected", 400, message=exc.message)
    return handle_event(db, event)


def handle_event(db: Session, event: WebhookEvent) -> WebhookResult:
    """Apply a verified event unless its id was handled before."""
    seen = db.exec(select(ProcessedWebhookEvent).where(ProcessedWebhookEvent.event_id == event.id)).first()
    if seen is not None:
        log.info("webhook %s (%s) already handled", event.id, event.type)
        return WebhookResult("duplicate", 200, event.id, event.type, "already handled")
    try:
        with db.begin_nested():
            outcome = apply_webhook_event(db, event)
            status = {"applied": "processed", "no_change": "processed"}.get(outcome.outcome, outcome.outcome)
            db.add(ProcessedWebhookEvent(event_id=event.id, provider=event.provider, type=event.type,
                                         outcome=outcome.outcome, payment_id=outcome.payment_id))
            db.flush()
    except IntegrityError:
        # The same event is being handled by another delivery right now; it will commit the effect.
        log.info("webhook %s handled concurrently", event.id)
        return WebhookResult("duplicate", 200, event.id, event.type, "handled concurrently")
    except (EventNotReady, PaymentProviderError) as exc:
        # Not applicable yet (a refund overtook its payment and the provider did not answer):
        # nothing was recorded, so the provider's retry will bring it again.
        log.warning("webhook %s (%s) not applied yet: %s", event.id, event.type, exc)
        return WebhookResult("retry", 503, event.id, event.type, str(exc))
    except ServiceError as exc:
        # A business refusal will not change on retry: record it, acknowledge, and log for a person.
        log.error("webhook %s (%s) refused: %s", event.id, event.type, exc.message)
        db.add(ProcessedWebhookEvent(event_id=event.id, provider=event.provider, type=event.type,
                                     outcome=f"refused: {exc.message}"[:200]))
        db.flush()
        return WebhookResult("refused", 200, event.id, event.type, exc.message)
    return WebhookResult(status, 200, event.id, event.type, outcome.message)


def deliver_provider_events(db: Session, provider: PaymentProvider, object_id: str | None) -> None:
    """Events the provider hands over in-process (the demo provider's; Stripe's come by HTTP)
    go through the same handler as webhook deliveries, at once."""
    if not object_id:
        return
    for raw, signature in provider.pending_events(object_id):
        handle_webhook(db, raw, signature, provider=provider)
