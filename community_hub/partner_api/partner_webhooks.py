"""Webhook endpoints of a community partner's key (partner_api/partner_keys.py): the key registers,
lists, rotates and removes its own endpoints, reads their deliveries and resends one; they receive
the community's events the key may read (bill.paid with bills:read, its residents' orders with
orders:read), signed, ordered and retried exactly as a shop's (partner_api/webhook_delivery.py).

An endpoint belongs to the key that registered it, not to every key of the community: two
partners of one community are two companies, and neither sees, nor can remove, the other's.
Anybody else's endpoint or delivery is "not found". Platform admins (super) see a key's endpoints
and their delivery log on /admin/partners, may resend a delivery and turn an endpoint stopped
for failing back on (its key's maker is told when it stops).
"""

from __future__ import annotations

from sqlmodel import Session, func, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models.audit import AuditEntry
from community_hub.models.partner_api import PartnerKey, WebhookDelivery, WebhookEndpoint
from community_hub.partner_api import webhooks
from community_hub.partner_api.events import COMMUNITY_EVENT_TYPES
from community_hub.partner_api.keys import KeyPrincipal, ScopeMissing
from community_hub.partner_api.scopes import partner_hears
from community_hub.partner_api.webhook_delivery import FAILING

MAX_ENDPOINTS = 10  # per key


def _check_types(principal: KeyPrincipal, event_types: list[str] | None) -> list[str]:
    types = webhooks.check_types(list(event_types or []), COMMUNITY_EVENT_TYPES)
    unheard = [t for t in types if not partner_hears(principal.scopes, t)]
    if unheard:
        raise ScopeMissing(phrase("This key may not read {events}: ask the platform for that scope.",
                                  events=", ".join(unheard)))
    if not any(partner_hears(principal.scopes, t) for t in (types or COMMUNITY_EVENT_TYPES)):
        raise ScopeMissing(phrase("This key reads nothing a webhook could carry (orders or bills)."))
    return types


def _live_key(db: Session, principal: KeyPrincipal) -> PartnerKey:
    key = db.get(PartnerKey, principal.key_id, with_for_update=True) if principal.audience == "community" else None
    if key is None or key.revoked_at is not None:
        raise NotFound(phrase("partner key"))
    return key


def register(db: Session, principal: KeyPrincipal, url: str,
             event_types: list[str] | None = None) -> webhooks.NewEndpoint:
    """A new endpoint of the key (its secret in the answer only); none chosen: every event it may read."""
    key = _live_key(db, principal)
    url, types = webhooks.check_url(url), _check_types(principal, event_types)
    live = db.exec(select(func.count()).select_from(WebhookEndpoint).where(
        WebhookEndpoint.partner_key_id == key.id, WebhookEndpoint.enabled)).one()
    if live >= MAX_ENDPOINTS:
        raise ServiceError(phrase("A partner key can have at most {most} webhook endpoints.", most=MAX_ENDPOINTS))
    secret = webhooks.new_secret()
    endpoint = WebhookEndpoint(partner_key_id=key.id, url=url, event_types=types, secret=secret,
                               created_by_user_id=key.created_by_user_id)
    db.add(endpoint)
    db.flush()
    return webhooks.NewEndpoint(endpoint, secret)


def endpoints(db: Session, principal: KeyPrincipal) -> list[WebhookEndpoint]:
    if principal.audience != "community":
        return []
    return list(db.exec(select(WebhookEndpoint).where(WebhookEndpoint.partner_key_id == principal.key_id)
                        .order_by(WebhookEndpoint.id)))


def own(db: Session, principal: KeyPrincipal, endpoint_id: int, lock: bool = False) -> WebhookEndpoint:
    found = db.get(WebhookEndpoint, endpoint_id, with_for_update=lock) if isinstance(endpoint_id, int) else None
    if found is None or principal.audience != "community" or found.partner_key_id != principal.key_id:
        raise NotFound(phrase("webhook endpoint"))
    return found


def remove(db: Session, principal: KeyPrincipal, endpoint_id: int) -> None:
    webhooks.stop_endpoint(db, own(db, principal, endpoint_id, lock=True), "removed")


def rotate(db: Session, principal: KeyPrincipal, endpoint_id: int) -> tuple[WebhookEndpoint, str]:
    endpoint = own(db, principal, endpoint_id, lock=True)
    return endpoint, webhooks.new_rotation(db, endpoint)


def deliveries(db: Session, principal: KeyPrincipal, endpoint_id: int, limit: int = 50) -> list[WebhookDelivery]:
    own(db, principal, endpoint_id)
    return webhooks.latest_deliveries(db, endpoint_id, limit)


def _delivery(db: Session, delivery_id: int) -> WebhookDelivery:
    delivery = db.get(WebhookDelivery, delivery_id, with_for_update=True) if isinstance(delivery_id, int) else None
    if delivery is None:
        raise NotFound(phrase("delivery"))
    return delivery


def resend(db: Session, principal: KeyPrincipal, delivery_id: int) -> WebhookDelivery:
    delivery = _delivery(db, delivery_id)
    try:
        endpoint = own(db, principal, delivery.endpoint_id)
    except NotFound:
        raise NotFound(phrase("delivery")) from None
    return webhooks.send_again(db, delivery, endpoint)


def stop_key_endpoints(db: Session, key_id: int) -> None:
    """A revoked key's endpoints are turned off (called by partner_keys.revoke_partner_key)."""
    for endpoint in db.exec(select(WebhookEndpoint).where(WebhookEndpoint.partner_key_id == key_id,
                                                          WebhookEndpoint.enabled).with_for_update()):
        webhooks.stop_endpoint(db, endpoint, "key revoked")


# ------------------------------------------------------------------ the platform's admins


def _admin_endpoint(db: Session, actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    require_admin_permission(actor, AdminPermission.SUPER)
    found = db.get(WebhookEndpoint, endpoint_id) if isinstance(endpoint_id, int) else None
    if found is None or found.partner_key_id is None:
        raise NotFound(phrase("webhook endpoint"))
    return found


def key_endpoints(db: Session, actor: Actor, key_id: int) -> list[WebhookEndpoint]:
    """A partner key's endpoints, removed ones included (what an admin reviews)."""
    require_admin_permission(actor, AdminPermission.SUPER)
    if not isinstance(key_id, int) or db.get(PartnerKey, key_id) is None:
        raise NotFound(phrase("partner key"))
    return list(db.exec(select(WebhookEndpoint).where(WebhookEndpoint.partner_key_id == key_id)
                        .order_by(WebhookEndpoint.id)))


def endpoint_log(db: Session, actor: Actor, endpoint_id: int, limit: int = 20) -> list[tuple[WebhookDelivery, str]]:
    """A partner endpoint's latest deliveries with their event's type, newest first."""
    endpoint = _admin_endpoint(db, actor, endpoint_id)
    return webhooks.with_types(db, webhooks.latest_deliveries(db, endpoint.id, limit))


def may_turn_on(endpoint: WebhookEndpoint) -> bool:
    """Whether the endpoint is off for failing (not removed, not its key revoked): admin_enable's case."""
    return not endpoint.enabled and endpoint.disabled_reason == FAILING


def admin_enable(db: Session, actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    """Sending again to a partner's endpoint turned off for failing 3 days (the partner fixed its
    receiver and said so); one removed, or of a revoked key, stays off. Deliveries given up stay
    failed until resent."""
    endpoint = _admin_endpoint(db, actor, endpoint_id)
    db.refresh(endpoint, with_for_update=True)
    key = db.get(PartnerKey, endpoint.partner_key_id)
    if endpoint.enabled:
        return endpoint
    if not may_turn_on(endpoint) or key is None or key.revoked_at is not None:
        raise ServiceError(phrase("This endpoint was removed or its key revoked: it cannot be turned on again."),
                           code="stopped")
    webhooks.check_url(endpoint.url)
    endpoint.enabled, endpoint.disabled_reason, endpoint.failing_since = True, "", None
    db.add_all([endpoint, AuditEntry(actor_user_id=actor.user_id, action="partner.webhook_enabled",
                                     subject=f"webhook_endpoint:{endpoint.id}", detail=endpoint.url[:200])])
    return endpoint


def admin_resend(db: Session, actor: Actor, delivery_id: int) -> WebhookDelivery:
    require_admin_permission(actor, AdminPermission.SUPER)
    delivery = _delivery(db, delivery_id)
    try:
        endpoint = _admin_endpoint(db, actor, delivery.endpoint_id)
    except NotFound:
        raise NotFound(phrase("delivery")) from None
    return webhooks.send_again(db, delivery, endpoint)

