"""Partner keys: a platform admin gives a partner that serves one community (a delivery firm, an
accounting tool) a key that reads that community's side of the marketplace: the products its
residents can buy and the orders they placed. Read-only: a partner never moves an order or a
price, which stays the shop's own key's work (partner_api/keys.py). With `webhooks:manage` it may
register webhook endpoints that push the community's events it may read (partner_api/partner_webhooks.py);
revoking the key turns them off.

A partner key is its own kind of key (prefix `hub_partner_`, its own table and call log), not a
shop key with a flag, so no shop-key route can ever be reached with it: the pipeline answers 403
`wrong_key_kind` before any handler runs. Secrets are kept as SHA-256, as shop keys are.
"""

from __future__ import annotations

import secrets

from sqlalchemy import update
from sqlmodel import Session, func, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, Community
from community_hub.models.base import utcnow
from community_hub.models.partner_api import PartnerCall, PartnerKey
from community_hub.partner_api.keys import KeyPrincipal, KeyRefused, NewKey, check_name, hash_secret
from community_hub.partner_api.partner_webhooks import stop_key_endpoints
from community_hub.partner_api.scopes import BILLS_READ, WEBHOOKS_MANAGE
from community_hub.partner_api.scopes import PARTNER_SCOPES as _PARTNER_SCOPES

PREFIX = "hub_partner_"
PARTNER_SCOPES = tuple(_PARTNER_SCOPES)  # reading, and webhooks that push what the key reads
# Money, and a key that makes the platform post to an address, are given on purpose.
DEFAULT_SCOPES = tuple(s for s in PARTNER_SCOPES if s not in (BILLS_READ, WEBHOOKS_MANAGE))
MAX_ACTIVE_PER_COMMUNITY = 20


def is_partner_secret(secret: str | None) -> bool:
    return bool(secret) and secret.strip().startswith(PREFIX)


def _check_scopes(scopes: list[str] | tuple[str, ...] | None) -> list[str]:
    if scopes is None:
        return list(DEFAULT_SCOPES)
    if not isinstance(scopes, list | tuple) or not scopes:
        raise ServiceError(phrase("Choose at least one thing the key may do."))
    wrong = sorted({str(s) for s in scopes} - set(PARTNER_SCOPES))
    if wrong:
        raise ServiceError(phrase("A partner key only reads: {scopes} cannot be given to one.", scopes=", ".join(wrong)))
    return [s for s in PARTNER_SCOPES if s in set(scopes)]


def create_partner_key(db: Session, actor: Actor, community_id: int, *, name: str,
                       scopes: list[str] | None = None) -> NewKey:
    """A new read-only key for a partner of the community; its secret is in the answer only."""
    require_admin_permission(actor, AdminPermission.SUPER)
    community = get_or_not_found(db, Community, community_id, "community", lock=True)
    name, scopes = check_name(name), _check_scopes(scopes)
    active = db.exec(select(func.count()).select_from(PartnerKey).where(
        PartnerKey.community_id == community.id, PartnerKey.revoked_at.is_(None))).one()
    if active >= MAX_ACTIVE_PER_COMMUNITY:
        raise ServiceError(phrase("A community can have at most {most} partner keys; revoke one no longer used.",
                                  most=MAX_ACTIVE_PER_COMMUNITY))
    secret = PREFIX + secrets.token_urlsafe(32)
    key = PartnerKey(community_id=community.id, name=name, scopes=scopes, secret_hash=hash_secret(secret),
                     shown_prefix=secret[:16], created_by_user_id=actor.user_id)
    db.add(key)
    db.flush()
    db.add(AuditEntry(actor_user_id=actor.user_id, action="partner_key.create", subject=f"community:{community.id}",
                      detail=f"{name} ({', '.join(scopes)})"[:500]))
    return NewKey(key, secret)


def list_partner_keys(db: Session, actor: Actor) -> list[tuple[PartnerKey, str]]:
    """Every partner key with its community's name, newest first, revoked ones included."""
    require_admin_permission(actor, AdminPermission.SUPER)
    rows = db.exec(select(PartnerKey, Community.name).join(Community, Community.id == PartnerKey.community_id)
                   .order_by(PartnerKey.id.desc())).all()
    return [(key, community) for key, community in rows]


def _key(db: Session, actor: Actor, key_id: int, lock: bool = False) -> PartnerKey:
    require_admin_permission(actor, AdminPermission.SUPER)
    key = db.get(PartnerKey, key_id, with_for_update=lock) if isinstance(key_id, int) else None
    if key is None:
        raise NotFound(phrase("partner key"))
    return key


def revoke_partner_key(db: Session, actor: Actor, key_id: int) -> PartnerKey:
    """The key stops working at once (revoking twice is harmless)."""
    key = _key(db, actor, key_id, lock=True)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db.add(key)
        db.flush()
        stop_key_endpoints(db, key.id)
        db.add(AuditEntry(actor_user_id=actor.user_id, action="partner_key.revoke",
                          subject=f"community:{key.community_id}", detail=key.name))
    return key


def partner_key_calls(db: Session, actor: Actor, key_id: int, limit: int = 100) -> list[PartnerCall]:
    _key(db, actor, key_id)
    limit = max(1, min(int(limit), 500))
    return list(db.exec(select(PartnerCall).where(PartnerCall.partner_key_id == key_id)
                        .order_by(PartnerCall.id.desc()).limit(limit)))


def authenticate_partner(db: Session, secret: str) -> KeyPrincipal:
    """The partner key a request carries, if usable now. The Actor it carries holds no role: a
    partner key reaches only the community reads (partner_api/community_reads.py)."""
    key = db.exec(select(PartnerKey).where(PartnerKey.secret_hash == hash_secret(secret.strip()))).first()
    if key is None:
        raise KeyRefused(phrase("That API key is not valid."), "invalid_key")
    if key.revoked_at is not None:
        raise KeyRefused(phrase("That API key was revoked."), "key_revoked")
    return KeyPrincipal(key.id, None, frozenset(key.scopes), "live", Actor(user_id=None),
                        "partner-" + key.secret_hash[:24], community_id=key.community_id)


def record_partner_call(db: Session, key_id: int, method: str, route: str, status: int, duration_ms: int) -> None:
    now = utcnow()
    db.add(PartnerCall(partner_key_id=key_id, method=method[:8], route=route[:120], status=status,
                       duration_ms=max(0, duration_ms), at=now))
    db.exec(update(PartnerKey).where(PartnerKey.id == key_id).values(last_used_at=now))


def community_choices(db: Session, actor: Actor) -> list[tuple[int, str]]:
    """Every community a partner key can be made for, by name."""
    require_admin_permission(actor, AdminPermission.SUPER)
    return [(c.id, c.name) for c in db.exec(select(Community).order_by(Community.name, Community.id))]
