"""New events become webhook deliveries, in the transaction that wrote them (no endpoint yet: nothing).

A shop's events go to the shop's endpoints; a community's to the endpoints of its partners' keys
that are not revoked, each only the events its key may read (partner_api/scopes.partner_hears)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from sqlmodel import and_, or_, select

from community_hub.models.partner_api import ApiEvent, PartnerKey, WebhookDelivery, WebhookEndpoint
from community_hub.partner_api.scopes import partner_hears


def _wanted(endpoint: WebhookEndpoint, event: ApiEvent) -> bool:
    return not endpoint.event_types or event.type in endpoint.event_types


@dataclass(frozen=True)
class Targets:
    """The enabled endpoints that may hear events of these shops and communities."""

    shops: list[WebhookEndpoint]
    communities: list[tuple[WebhookEndpoint, PartnerKey]]


def endpoints_for(session: Session, merchants: set[int], communities: set[int]) -> Targets:
    """Looked up before the events are numbered (events.py), so the counter rows are held for less.
    One query for both kinds: every order step asks, inside its transaction (docs/PROFILE.md)."""
    if not merchants and not communities:
        return Targets([], [])
    rows = session.execute(select(WebhookEndpoint, PartnerKey).outerjoin(
        PartnerKey, PartnerKey.id == WebhookEndpoint.partner_key_id).where(
        WebhookEndpoint.enabled,
        or_(WebhookEndpoint.merchant_id.in_(sorted(merchants)),
            and_(PartnerKey.community_id.in_(sorted(communities)), PartnerKey.revoked_at.is_(None))))
        .order_by(WebhookEndpoint.id)).all()
    return Targets([endpoint for endpoint, key in rows if key is None and endpoint.merchant_id in merchants],
                   [(endpoint, key) for endpoint, key in rows
                    if key is not None and key.community_id in communities and key.revoked_at is None])


def fan_out(session: Session, events: list[ApiEvent], targets: Targets | None = None) -> None:
    if targets is None:
        targets = endpoints_for(session, {e.merchant_id for e in events if e.merchant_id is not None},
                                {e.community_id for e in events if e.community_id is not None})
    for endpoint in targets.shops:
        for e in events:
            if e.merchant_id is not None and e.merchant_id == endpoint.merchant_id and _wanted(endpoint, e):
                session.add(WebhookDelivery(endpoint_id=endpoint.id, event_id=e.id, seq=e.seq,
                                            next_attempt_at=e.at))
    for endpoint, key in targets.communities:
        for e in events:
            if e.community_id is not None and e.community_id == key.community_id and _wanted(endpoint, e) \
                    and partner_hears(key.scopes, e.type):
                session.add(WebhookDelivery(endpoint_id=endpoint.id, event_id=e.id, seq=e.seq,
                                            next_attempt_at=e.at))
