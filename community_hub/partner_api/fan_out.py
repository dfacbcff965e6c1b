"""New events become webhook deliveries, in the transaction that wrote them (no endpoint yet: nothing)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlmodel import select

from community_hub.models.partner_api import ApiEvent, WebhookDelivery, WebhookEndpoint


def fan_out(session: Session, events: list[ApiEvent]) -> None:
    merchants = {e.merchant_id for e in events}
    if not merchants:
        return
    endpoints = session.execute(select(WebhookEndpoint).where(
        WebhookEndpoint.merchant_id.in_(merchants), WebhookEndpoint.enabled)).scalars().all()
    for endpoint in endpoints:
        for e in events:
            if e.merchant_id == endpoint.merchant_id and (not endpoint.event_types or e.type in endpoint.event_types):
                session.add(WebhookDelivery(endpoint_id=endpoint.id, event_id=e.id, seq=e.seq, next_attempt_at=e.at))
