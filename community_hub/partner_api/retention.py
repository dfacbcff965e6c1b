"""Old rows of the public API go: call-log lines after 30 days (what a key's owner can look back
on), stored idempotent answers after 2 days (a client retries within minutes; Stripe keeps a day),
and webhook deliveries that ended (delivered or given up) after 30 days, with their attempts.
Events stay: a partner may replay from any cursor. Run by housekeeping; idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlmodel import Session

from community_hub.models.base import utcnow
from community_hub.models.partner_api import (
    ApiCall,
    ApiIdempotentAnswer,
    DeliveryStatus,
    PartnerIdempotentAnswer,
    WebhookAttempt,
    WebhookDelivery,
)

CALLS_KEEP = timedelta(days=30)
ANSWERS_KEEP = timedelta(days=2)
DELIVERIES_KEEP = timedelta(days=30)


def purge_old(db: Session, now: datetime | None = None) -> list[str]:
    """Delete what nobody reads any more; one entry per row purged, by kind."""
    now = now or utcnow()
    ended = select(WebhookDelivery.id).where(
        WebhookDelivery.status.in_([DeliveryStatus.DELIVERED, DeliveryStatus.FAILED]),
        WebhookDelivery.created_at < now - DELIVERIES_KEEP)
    counts = {
        "API calls": db.exec(delete(ApiCall).where(ApiCall.at < now - CALLS_KEEP)).rowcount,
        "idempotent answers": db.exec(delete(ApiIdempotentAnswer).where(
            ApiIdempotentAnswer.created_at < now - ANSWERS_KEEP)).rowcount
        + db.exec(delete(PartnerIdempotentAnswer).where(
            PartnerIdempotentAnswer.created_at < now - ANSWERS_KEEP)).rowcount,
        "webhook attempts": db.exec(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(ended))).rowcount,
    }
    counts["webhook deliveries"] = db.exec(delete(WebhookDelivery).where(WebhookDelivery.id.in_(ended))).rowcount
    done: list[str] = []
    for kind, n in counts.items():
        done.extend([kind] * (n or 0))
    return done
