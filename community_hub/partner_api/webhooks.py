"""Webhook endpoints a shop registers: where its events are posted, which ones, the signing secret
(shown once; kept, because every delivery is signed with it), the delivery log and "resend".

Where a webhook may point: http(s) only, never with a user name or password in it, never at this
app itself. Outside demo mode only https, and never an address inside the server's own network
(partner_api/outbound.py).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from sqlmodel import Session, select

from community_hub.core.config import settings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_merchant_of
from community_hub.marketplace.catalog import merchant_or_404
from community_hub.models.base import utcnow
from community_hub.models.partner_api import (
    ApiEvent,
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from community_hub.partner_api.events import EVENT_TYPES, test_event
from community_hub.partner_api.outbound import HostUnknown, reaches_inside

URL_MAX = 500
MAX_ENDPOINTS = 10
ROTATION_GRACE = timedelta(hours=24)  # deliveries carry both signatures while receivers switch over


@dataclass(frozen=True)
class NewEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def check_url(url: str) -> str:
    """The URL, if a webhook may be sent there (see the module's note)."""
    url = str(url or "").strip()
    if not url:
        raise ServiceError(phrase("Enter the address that receives the webhooks."))
    if len(url) > URL_MAX:
        raise ServiceError(phrase("A webhook address is at most {most} characters.", most=URL_MAX))
    parts = urlsplit(url)
    demo = settings().demo_mode
    if parts.scheme not in (("http", "https") if demo else ("https",)) or not parts.hostname:
        raise ServiceError(phrase("A webhook address starts with https:// (or http:// in the demo) and names a host."))
    if parts.username or parts.password:
        raise ServiceError(phrase("Put no user name or password in a webhook address; verify our signature instead."))
    host = parts.hostname.lower()
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ServiceError(phrase("That webhook address has an impossible port.")) from None
    try:
        inside = reaches_inside(host, port)
    except HostUnknown:
        raise ServiceError(phrase("The webhook's host name {host} cannot be found.", host=host)) from None
    if inside:
        raise ServiceError(phrase("A webhook cannot point at this app or inside its own network."))
    return url


def check_types(event_types: list[str], known: tuple[str, ...] = EVENT_TYPES) -> list[str]:
    if not isinstance(event_types, list | tuple):
        raise ServiceError(phrase("Choose the events to send."))
    unknown = sorted({str(t) for t in event_types} - set(known))
    if unknown:
        raise ServiceError(phrase("Unknown events: {events}.", events=", ".join(unknown)))
    return [t for t in known if t in set(event_types)]  # none chosen: every event


def register_endpoint(db: Session, actor: Actor, merchant_id: int, url: str,
                      event_types: list[str] | None = None) -> NewEndpoint:
    require_merchant_of(actor, merchant_id)
    merchant_or_404(db, merchant_id, lock=True)
    url, types = check_url(url), check_types(list(event_types or []))
    live = db.exec(select(WebhookEndpoint).where(WebhookEndpoint.merchant_id == merchant_id,
                                                 WebhookEndpoint.enabled)).all()
    if len(live) >= MAX_ENDPOINTS:
        raise ServiceError(phrase("A shop can have at most {most} webhook endpoints.", most=MAX_ENDPOINTS))
    secret = new_secret()
    endpoint = WebhookEndpoint(merchant_id=merchant_id, url=url, event_types=types, secret=secret,
                               created_by_user_id=actor.user_id)
    db.add(endpoint)
    db.flush()
    return NewEndpoint(endpoint, secret)


def own_endpoint(db: Session, actor: Actor, endpoint_id: int, lock: bool = False) -> WebhookEndpoint:
    """A shop's endpoint its people (or an admin) may manage; a community partner's is "not found"
    here (partner_api/partner_webhooks.py manages those)."""
    found = db.get(WebhookEndpoint, endpoint_id, with_for_update=lock) if isinstance(endpoint_id, int) else None
    if found is None or found.merchant_id is None or not (actor.holds(AdminPermission.SUPER) or actor.is_merchant_of(found.merchant_id)):
        raise NotFound(phrase("webhook endpoint"))
    return found


def list_endpoints(db: Session, actor: Actor, merchant_id: int) -> list[WebhookEndpoint]:
    require_merchant_of(actor, merchant_id)
    return list(db.exec(select(WebhookEndpoint).where(WebhookEndpoint.merchant_id == merchant_id)
                        .order_by(WebhookEndpoint.id)))


def remove_endpoint(db: Session, actor: Actor, endpoint_id: int) -> None:
    """Stops sending there at once; what was not delivered yet is marked failed (the log stays)."""
    stop_endpoint(db, own_endpoint(db, actor, endpoint_id, lock=True), "removed")


def stop_endpoint(db: Session, endpoint: WebhookEndpoint, reason: str) -> None:
    """Whoever's it is (checked by the caller): off, and what it had not received marked failed."""
    endpoint.enabled, endpoint.disabled_reason = False, reason
    db.add(endpoint)
    for d in db.exec(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id,
                                                   WebhookDelivery.status.in_([DeliveryStatus.PENDING,
                                                                               DeliveryStatus.SENDING]))):
        d.status = DeliveryStatus.FAILED
        db.add(d)


def enable_endpoint(db: Session, actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    """Sending again after it was disabled for failing; deliveries given up stay failed until resent."""
    endpoint = own_endpoint(db, actor, endpoint_id, lock=True)
    check_url(endpoint.url)
    endpoint.enabled, endpoint.disabled_reason, endpoint.failing_since = True, "", None
    db.add(endpoint)
    return endpoint


def rotate_secret(db: Session, actor: Actor, endpoint_id: int) -> str:
    """A new secret (shown once); deliveries carry a signature with the old one too for a day."""
    return new_rotation(db, own_endpoint(db, actor, endpoint_id, lock=True))


def new_rotation(db: Session, endpoint: WebhookEndpoint) -> str:
    """The endpoint's new secret (the caller checked whose it is); the old one is honoured a day."""
    endpoint.previous_secret, endpoint.previous_until = endpoint.secret, utcnow() + ROTATION_GRACE
    endpoint.secret = new_secret()
    db.add(endpoint)
    return endpoint.secret


def deliveries(db: Session, actor: Actor, endpoint_id: int, limit: int = 50) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries (status, tries, last answer), newest first."""
    own_endpoint(db, actor, endpoint_id)
    return latest_deliveries(db, endpoint_id, limit)


def latest_deliveries(db: Session, endpoint_id: int, limit: int = 50) -> list[WebhookDelivery]:
    return list(db.exec(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
                        .order_by(WebhookDelivery.id.desc()).limit(max(1, min(int(limit), 200)))))


def delivery_log(db: Session, actor: Actor, endpoint_id: int, limit: int = 20) -> list[tuple[WebhookDelivery, str]]:
    """The endpoint's latest deliveries with their event's type, newest first (the dashboard's log)."""
    return with_types(db, deliveries(db, actor, endpoint_id, limit))


def with_types(db: Session, found: list[WebhookDelivery]) -> list[tuple[WebhookDelivery, str]]:
    types = dict(db.exec(select(ApiEvent.id, ApiEvent.type).where(ApiEvent.id.in_([d.event_id for d in found]))).all())
    return [(d, types.get(d.event_id, "")) for d in found]


def attempts(db: Session, actor: Actor, delivery_id: int) -> list[WebhookAttempt]:
    delivery = db.get(WebhookDelivery, delivery_id) if isinstance(delivery_id, int) else None
    if delivery is None:
        raise NotFound(phrase("delivery"))
    own_endpoint(db, actor, delivery.endpoint_id)
    return list(db.exec(select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id)
                        .order_by(WebhookAttempt.id)))


def resend(db: Session, actor: Actor, delivery_id: int) -> WebhookDelivery:
    """Send a delivery again now (a delivered one too: the receiver de-duplicates by webhook-id)."""
    delivery = db.get(WebhookDelivery, delivery_id, with_for_update=True) if isinstance(delivery_id, int) else None
    if delivery is None:
        raise NotFound(phrase("delivery"))
    return send_again(db, delivery, own_endpoint(db, actor, delivery.endpoint_id))


def send_again(db: Session, delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """The delivery (locked; the caller checked whose endpoint it is) pending again now."""
    if not endpoint.enabled:
        raise ServiceError(phrase("Turn the endpoint on again before resending to it."), code="bad_state")
    delivery.status, delivery.next_attempt_at, delivery.lease_until = DeliveryStatus.PENDING, utcnow(), None
    db.add(delivery)
    return delivery


def send_test(db: Session, actor: Actor, endpoint_id: int) -> WebhookDelivery:
    """A "webhook.test" event for this endpoint only, posted by the worker like any delivery."""
    endpoint = own_endpoint(db, actor, endpoint_id, lock=True)
    if not endpoint.enabled:
        raise ServiceError(phrase("Turn the endpoint on again before sending to it."), code="bad_state")
    event = test_event(db, endpoint.merchant_id)
    delivery = WebhookDelivery(endpoint_id=endpoint.id, event_id=event.id, seq=event.seq, next_attempt_at=event.at)
    db.add(delivery)
    db.flush()
    return delivery
