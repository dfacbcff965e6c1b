"""Property staff register their community's lobby kiosks, and revoke them.

Registering makes the kiosk's device account (it logs in at /kiosk/{code} with a password) and its
bridge pairing (a token the page sends to the bridge, and the HMAC secret the bridge signs card
reads and terminal approvals with, see session.verify_signed). The password, token and secret
are shown once, in the answer to `register_kiosk`: the lists never carry them. The server keeps the
secret (it checks signatures with it) and only the password's hash.

Revoking disables the device account (its session ends at its next event, accounts.sessions) and
drops the pairing, so the bridge's signatures count for nothing any more.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.accounts.passwords import hash_password
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import (
    AuditEntry,
    Community,
    KioskDevice,
    Role,
    User,
    UserRole,
    UserStatus,
)
from community_hub.models.base import utcnow
from community_hub.models.kiosk_config import KioskBridgeConfig

NAME_LIMIT = 80
URL_LIMIT = 200
DEFAULT_BRIDGE_URL = "ws://127.0.0.1:8765/"
# The bridge runs beside the kiosk's browser and listens on loopback only (hardware_bridge).
_BRIDGE_URL = re.compile(r"^wss?://[A-Za-z0-9.\-\[\]:]+(?::\d{1,5})?/?[A-Za-z0-9._~/\-]*$")
# Device accounts get an address under a reserved name (RFC 2606): no mail is ever sent there.
DEVICE_DOMAIN = "kiosk.invalid"


@dataclass(frozen=True)
class KioskRegistered:
    """Shown once: write the token and secret into the bridge's settings, the login on the kiosk."""

    id: int
    code: str
    name: str
    login: str
    password: str
    pairing_token: str
    secret: str
    bridge_url: str


@dataclass(frozen=True)
class KioskRow:
    id: int
    code: str
    name: str
    login: str
    bridge_url: str
    active: bool


def _check(name: str, bridge_url: str) -> tuple[str, str]:
    name, url = (name or "").strip(), (bridge_url or "").strip() or DEFAULT_BRIDGE_URL
    if not name:
        raise ServiceError("Name the kiosk (like Lobby, north door).", code="bad_name")
    if len(name) > NAME_LIMIT:
        raise ServiceError(phrase("The name is too long ({limit} characters at most).", limit=NAME_LIMIT))
    if len(url) > URL_LIMIT or not _BRIDGE_URL.match(url):
        raise ServiceError("The bridge address starts with ws:// or wss:// (like ws://127.0.0.1:8765/).",
                           code="bad_url")
    return name, url


def _new_code(db: Session, community: Community) -> str:
    while True:
        code = f"{community.slug[:28]}-{secrets.token_hex(3)}"
        if db.exec(select(KioskDevice.id).where(KioskDevice.code == code)).first() is None:
            return code


def register_kiosk(db: Session, actor: Actor, community_id: int, name: str,
                   bridge_url: str = DEFAULT_BRIDGE_URL) -> KioskRegistered:
    require_staff_of(actor, community_id)
    c = get_or_not_found(db, Community, community_id, phrase("community"))
    name, url = _check(name, bridge_url)
    code = _new_code(db, c)
    password = secrets.token_urlsafe(15)
    login = f"{code}@{DEVICE_DOMAIN}"
    device = User(email=login, display_name=name, password_hash=hash_password(password), status=UserStatus.ACTIVE,
                  verified_at=utcnow())
    db.add(device)
    db.flush()
    db.add(UserRole(user_id=device.id, role=Role.KIOSK, community_id=c.id))
    kiosk = KioskDevice(code=code, name=name, community_id=c.id, user_id=device.id)
    db.add(kiosk)
    db.flush()
    token, secret = secrets.token_hex(16), secrets.token_hex(32)
    db.add(KioskBridgeConfig(kiosk_id=kiosk.id, bridge_url=url, pairing_token=token, secret=secret))
    db.add(AuditEntry(actor_user_id=actor.user_id, action="kiosk.registered", subject=f"community:{c.id}",
                      detail=f"{code} ({name})"))
    db.flush()
    return KioskRegistered(kiosk.id, code, name, login, password, token, secret, url)


def community_kiosks(db: Session, actor: Actor, community_id: int) -> list[KioskRow]:
    """The community's kiosks, newest first (never their token, secret or password)."""
    require_staff_of(actor, community_id)
    rows = db.exec(select(KioskDevice, User, KioskBridgeConfig)
                   .join(User, User.id == KioskDevice.user_id)
                   .join(KioskBridgeConfig, KioskBridgeConfig.kiosk_id == KioskDevice.id, isouter=True)
                   .where(KioskDevice.community_id == community_id).order_by(KioskDevice.id.desc())).all()
    return [KioskRow(k.id, k.code, k.name, u.email or "", cfg.bridge_url if cfg else "",
                     u.status == UserStatus.ACTIVE and cfg is not None) for k, u, cfg in rows]


def revoke_kiosk(db: Session, actor: Actor, kiosk_id: int) -> KioskRow:
    """The kiosk logs out at its next event and its bridge's signatures no longer count."""
    kiosk = get_or_not_found(db, KioskDevice, kiosk_id, phrase("kiosk"), lock=True)
    require_staff_of(actor, kiosk.community_id)
    device = db.get(User, kiosk.user_id)
    if device.status == UserStatus.DISABLED:
        raise ServiceError(phrase("Kiosk {name} was already revoked.", name=kiosk.name), code="revoked")
    device.status, device.disabled_at = UserStatus.DISABLED, utcnow()
    db.add(device)
    cfg = db.exec(select(KioskBridgeConfig).where(KioskBridgeConfig.kiosk_id == kiosk.id)).first()
    if cfg is not None:
        db.delete(cfg)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="kiosk.revoked", subject=f"community:{kiosk.community_id}",
                      detail=kiosk.code))
    db.flush()
    return KioskRow(kiosk.id, kiosk.code, kiosk.name, device.email or "", "", False)
