"""API keys: a merchant creates, names, scopes, rotates and revokes them; a request finds its key.

The secret is 32 random bytes (`secrets.token_urlsafe`), shown once and stored as its SHA-256.
A slow password hash (argon2) protects secrets people choose, which can be guessed; nobody can
guess 256 random bits, so a fast hash loses nothing, and it lets every request find its key by
an indexed lookup instead of trying a slow hash against every key.

A key acts as its merchant: the services see an Actor that is a merchant of that one shop and
nothing else, in the name of the person who created the key, and only while that person still
runs the shop (or is an admin): a key does not outlive its creator's access.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, func, select

from community_hub.core.config import settings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_merchant_of
from community_hub.marketplace.catalog import merchant_or_404
from community_hub.models import Role, User, UserRole, UserStatus
from community_hub.models.base import utcnow
from community_hub.models.partner_api import ApiCall, ApiKey, ApiKeyMode
from community_hub.partner_api.scopes import SCOPES, WRITE_SCOPES, grants

NAME_MAX = 80
MAX_ACTIVE_KEYS = 20  # per shop: a list a person can still read and revoke
MAX_GRACE_HOURS = 7 * 24
PREFIXES = {ApiKeyMode.LIVE: "hub_live_", ApiKeyMode.SANDBOX: "hub_test_"}


class KeyRefused(ServiceError):
    """No usable key: the API answers 401 with `code` (missing_key, invalid_key, key_revoked,
    key_expired, key_owner_left)."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)


class ScopeMissing(ServiceError):
    """A usable key without the scope the route needs: 403."""

    def __init__(self, message: str, code: str = "missing_scope"):
        super().__init__(message, code=code)


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # shown once; only its hash is kept


@dataclass(frozen=True)
class KeyPrincipal:
    """Who a request is: the key, its shop, what it may do, and the Actor the services see."""

    key_id: int
    merchant_id: int | None  # None for a community partner's key (partner_api/partner_keys.py)
    scopes: frozenset[str]
    mode: str
    actor: Actor
    limit_name: str  # the rate limit's counter: part of the hash, never the secret itself
    community_id: int | None = None  # set for a community partner's key only

    @property
    def audience(self) -> str:
        """Which routes the key opens: "shop" (a merchant's key) or "community" (a partner's)."""
        return "community" if self.community_id is not None else "shop"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_name(name: str) -> str:
    name = str(name or "").strip()
    if not name:
        raise ServiceError(phrase("Name the key after what will use it (e.g. Till in the shop)."))
    if len(name) > NAME_MAX:
        raise ServiceError(phrase("A key's name is at most {most} characters.", most=NAME_MAX))
    return name


def _check_scopes(scopes: list[str] | tuple[str, ...]) -> list[str]:
    if not isinstance(scopes, list | tuple | set | frozenset) or not scopes:
        raise ServiceError(phrase("Choose at least one thing the key may do."))
    unknown = sorted({str(s) for s in scopes} - set(SCOPES))
    if unknown:
        raise ServiceError(phrase("Unknown scopes: {scopes}.", scopes=", ".join(unknown)))
    return [s for s in SCOPES if s in set(scopes)]


def _new_secret(mode: str) -> str:
    return PREFIXES[ApiKeyMode(mode)] + secrets.token_urlsafe(32)


def _issue(db: Session, actor: Actor, merchant_id: int, name: str, scopes: list[str], mode: str) -> NewKey:
    secret = _new_secret(mode)
    key = ApiKey(merchant_id=merchant_id, name=name, mode=mode, scopes=scopes, secret_hash=hash_secret(secret),
                 shown_prefix=secret[:13], created_by_user_id=actor.user_id)
    db.add(key)
    db.flush()
    return NewKey(key, secret)


def _active(now: datetime):
    return (ApiKey.revoked_at.is_(None)) & (ApiKey.expires_at.is_(None) | (ApiKey.expires_at > now))


def create_key(db: Session, actor: Actor, merchant_id: int, *, name: str, scopes: list[str],
               mode: str = ApiKeyMode.LIVE) -> NewKey:
    """A new key for the shop; its secret is in the answer and nowhere else."""
    require_merchant_of(actor, merchant_id)
    merchant_or_404(db, merchant_id, lock=True)  # two creations at once count each other
    name, scopes = check_name(name), _check_scopes(scopes)
    if mode not in (ApiKeyMode.LIVE, ApiKeyMode.SANDBOX):
        raise ServiceError(phrase("A key is either live or sandbox."))
    active = db.exec(select(func.count()).select_from(ApiKey)
                     .where(ApiKey.merchant_id == merchant_id, _active(utcnow()))).one()
    if active >= MAX_ACTIVE_KEYS:
        raise ServiceError(phrase("A shop can have at most {most} keys; revoke one you no longer use.",
                                  most=MAX_ACTIVE_KEYS))
    return _issue(db, actor, merchant_id, name, scopes, mode)


def _own_key(db: Session, actor: Actor, key_id: int, lock: bool = False) -> ApiKey:
    key = db.get(ApiKey, key_id, with_for_update=lock) if isinstance(key_id, int) else None
    if key is None or not (actor.holds(AdminPermission.SUPER) or actor.is_merchant_of(key.merchant_id)):
        raise NotFound(phrase("API key"))
    return key


def list_keys(db: Session, actor: Actor, merchant_id: int) -> list[ApiKey]:
    """The shop's keys, newest first, revoked and expired ones included (their state is shown)."""
    require_merchant_of(actor, merchant_id)
    return list(db.exec(select(ApiKey).where(ApiKey.merchant_id == merchant_id).order_by(ApiKey.id.desc())))


def key_state(key: ApiKey, now: datetime | None = None) -> str:
    """active | expiring (rotated, still valid) | expired | revoked."""
    now = now or utcnow()
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None:
        return "expiring" if key.expires_at > now else "expired"
    return "active"


def revoke_key(db: Session, actor: Actor, key_id: int) -> ApiKey:
    """The key stops working at once."""
    key = _own_key(db, actor, key_id, lock=True)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db.add(key)
    return key


def rotate_key(db: Session, actor: Actor, key_id: int, grace_hours: int = 24) -> NewKey:
    """A new secret with the same name and scopes; the old one keeps working for `grace_hours`
    (0 to 168), so the systems using it can be switched over without a gap."""
    key = _own_key(db, actor, key_id, lock=True)
    if not isinstance(grace_hours, int) or isinstance(grace_hours, bool) or not 0 <= grace_hours <= MAX_GRACE_HOURS:
        raise ServiceError(phrase("The old key can keep working for 0 to {most} hours (7 days).",
                                  most=MAX_GRACE_HOURS))
    if key_state(key) != "active":
        raise ServiceError(phrase("Only an active key can be rotated."), code="bad_state")
    new = _issue(db, actor, key.merchant_id, key.name, list(key.scopes), key.mode)
    key.expires_at, key.replaced_by_id = utcnow() + timedelta(hours=grace_hours), new.key.id
    db.add(key)
    return new


def authenticate(db: Session, secret: str | None) -> KeyPrincipal:
    """The key a request carries, if it is usable now."""
    if not secret:
        raise KeyRefused(phrase("Send your API key as Authorization: Bearer <key>."), "missing_key")
    key = db.exec(select(ApiKey).where(ApiKey.secret_hash == hash_secret(secret.strip()))).first()
    if key is None:
        raise KeyRefused(phrase("That API key is not valid."), "invalid_key")
    state = key_state(key)
    if state == "revoked":
        raise KeyRefused(phrase("That API key was revoked."), "key_revoked")
    if state == "expired":
        raise KeyRefused(phrase("That API key was replaced and its grace period is over."), "key_expired")
    creator = db.get(User, key.created_by_user_id)
    roles = set(db.exec(select(UserRole.role).where(
        UserRole.user_id == key.created_by_user_id,
        (UserRole.role == Role.PLATFORM_ADMIN) | ((UserRole.role == Role.MERCHANT) & (UserRole.merchant_id == key.merchant_id)))))
    if creator is None or creator.status != UserStatus.ACTIVE or not roles:
        raise KeyRefused(phrase("The person who created this key no longer runs the shop; create a new key."),
                         "key_owner_left")
    actor = Actor(user_id=creator.id, roles=frozenset({Role.MERCHANT}), display_name=creator.display_name,
                  merchant_ids=frozenset({key.merchant_id}))
    return KeyPrincipal(key.id, key.merchant_id, frozenset(key.scopes), key.mode, actor, key.secret_hash[:24])


def sandbox_writes_allowed() -> bool:
    """Sandbox keys change things only where the demo payment provider runs (a demo or staging
    deployment), so no sandbox call can ever move real money; elsewhere they only read."""
    return settings().payment_provider == "demo"


def require_scope(principal: KeyPrincipal, scope: str) -> None:
    if not grants(principal.scopes, scope):
        raise ScopeMissing(phrase("This key may not do that: it needs the {scope} scope.", scope=scope))
    if principal.mode == ApiKeyMode.SANDBOX and scope in WRITE_SCOPES and not sandbox_writes_allowed():
        raise ScopeMissing(phrase("A sandbox key only reads here: this deployment takes real payments."),
                           code="sandbox_key")


def record_call(db: Session, key_id: int, method: str, route: str, status: int, duration_ms: int) -> None:
    """One line of the key's log, and the key's last use."""
    now = utcnow()
    db.add(ApiCall(key_id=key_id, method=method[:8], route=route[:120], status=status,
                   duration_ms=max(0, duration_ms), at=now))
    db.exec(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=now))


def key_calls(db: Session, actor: Actor, key_id: int, limit: int = 100) -> list[ApiCall]:
    """The key's latest calls, newest first (what its owner sees)."""
    _own_key(db, actor, key_id)
    limit = max(1, min(int(limit), 500))
    return list(db.exec(select(ApiCall).where(ApiCall.key_id == key_id).order_by(ApiCall.id.desc()).limit(limit)))
