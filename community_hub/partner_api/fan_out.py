"""New events become webhook deliveries, in the transaction that wrote them (no endpoint yet: nothing).

A shop's events go to the shop's endpoints; a community's to the endpoints of its partners' keys
that are not revoked, each only the events its key may read (partner_api/scopes.partner_hears)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from community_hub.models.partner_api import ApiEvent, PartnerKey, WebhookDelivery, WebhookEndpoint
from community_hub.partner_api.scopes import partner_hears


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event the commit just wrote (partner_api/events.py writes rows, not ApiEvent objects)."""

    id: int
    merchant_id: int | None
    community_id: int | None
    seq: int
    type: str
    order_id: int | None
    data: dict
    at: datetime


@dataclass(frozen=True, slots=True)
class Hearer:
    """One enabled endpoint, with what it listens to: plain values, not ORM objects, since every
    order step asks and loading two mapped objects per endpoint cost more than the read itself."""

    endpoint_id: int
    event_types: tuple[str, ...]  # empty: every type
    merchant_id: int | None = None  # a shop's own endpoint
    community_id: int | None = None  # a community partner's endpoint (its key's community)
    scopes: tuple[str, ...] = ()  # that key's scopes

    def wants(self, event: ApiEvent | NewEvent) -> bool:
        if self.event_types and event.type not in self.event_types:
            return False
        if self.merchant_id is not None:
            return event.merchant_id == self.merchant_id
        return event.community_id == self.community_id and partner_hears(list(self.scopes), event.type)


@cache
def _statement():
    """Built once (every order step runs it): both kinds of endpoint in one query, by id."""
    e, k = WebhookEndpoint.__table__.c, PartnerKey.__table__.c
    return (select(e.id, e.event_types, e.merchant_id, k.community_id, k.scopes)
            .select_from(WebhookEndpoint.__table__.outerjoin(PartnerKey.__table__, k.id == e.partner_key_id))
            .where(e.enabled.is_(True),
                   or_(e.merchant_id.in_(bindparam("merchants", expanding=True)),
                       and_(k.community_id.in_(bindparam("communities", expanding=True)), k.revoked_at.is_(None))))
            .order_by(e.id))


def endpoints_for(session: Session, merchants: set[int], communities: set[int]) -> list[Hearer]:
    """Looked up before the events are numbered (events.py), so the counter rows are held for less.
    One query for both kinds: every order step asks, inside its transaction (docs/PROFILE.md)."""
    if not merchants and not communities:
        return []
    rows = session.execute(_statement(), {"merchants": sorted(merchants), "communities": sorted(communities)})
    hearers = []
    for endpoint_id, types, merchant_id, community_id, scopes in rows:
        if merchant_id is not None:
            if merchant_id in merchants:
                hearers.append(Hearer(endpoint_id, tuple(types or ()), merchant_id=merchant_id))
        elif community_id in communities:
            hearers.append(Hearer(endpoint_id, tuple(types or ()), community_id=community_id,
                                  scopes=tuple(scopes or ())))
    return hearers


def fan_out(session: Session, events: list[ApiEvent] | list[NewEvent], hearers: list[Hearer] | None = None) -> None:
    if hearers is None:
        hearers = endpoints_for(session, {e.merchant_id for e in events if e.merchant_id is not None},
                                {e.community_id for e in events if e.community_id is not None})
    for hearer in hearers:
        for e in events:
            if hearer.wants(e):
                session.add(WebhookDelivery(endpoint_id=hearer.endpoint_id, event_id=e.id, seq=e.seq,
                                            next_attempt_at=e.at))
