"""Who is at the lobby kiosk: the kiosk device itself, and a member logged in there for a few
minutes by a member card (read by the bridge, signed) or the QR on their phone (signed by us).

No password is ever typed in the lobby. The member session token lives only in the kiosk page's
server-side state; every call rebuilds the member's Actor from it and checks it is still open.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from community_hub.core.config import settings
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, load_actor, require_user
from community_hub.kiosk import signing as kiosk_signing
from community_hub.membership import card_codes, cardholders
from community_hub.models import KioskDevice, Role, User
from community_hub.models.base import utcnow
from community_hub.models.kiosk_cards import KioskMemberSession, KioskNonce, MemberCard
from community_hub.models.kiosk_config import KioskBridgeConfig

MEMBER_SESSION = timedelta(minutes=5)
PHONE_TOKEN_S = 120
PHONE_PREFIX = "hub-member:"


@dataclass(frozen=True)
class BridgeView:
    """What the kiosk page needs to open its bridge socket (never the secret)."""

    kiosk_code: str
    kiosk_name: str
    community: str
    url: str
    token: str
    terminal_device: str
    idle_seconds: int


@dataclass(frozen=True)
class MemberLogin:
    token: str  # held by the kiosk page's server state only
    user_id: int
    name: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def this_kiosk(db: Session, actor: Actor) -> tuple[KioskDevice, KioskBridgeConfig]:
    """The kiosk the device account is bound to, with its bridge configuration."""
    require_user(actor)
    if not actor.has(Role.KIOSK) or not actor.kiosk_code:
        raise PermissionDenied(phrase("Only a lobby kiosk can do that."))
    kiosk = db.exec(select(KioskDevice).where(KioskDevice.code == actor.kiosk_code)).first()
    if kiosk is None:
        raise NotFound(phrase("kiosk"))
    cfg = db.exec(select(KioskBridgeConfig).where(KioskBridgeConfig.kiosk_id == kiosk.id)).first()
    if cfg is None:
        raise ServiceError(phrase("This kiosk is not paired with its hardware bridge yet; ask the platform admin."),
                           code="not_paired")
    return kiosk, cfg


def bridge_view(db: Session, actor: Actor) -> BridgeView:
    from community_hub.models import Community

    kiosk, cfg = this_kiosk(db, actor)
    community = db.get(Community, kiosk.community_id)
    return BridgeView(kiosk_code=kiosk.code, kiosk_name=kiosk.name, community=community.name if community else "",
                      url=cfg.bridge_url, token=cfg.pairing_token, terminal_device=cfg.terminal_device,
                      idle_seconds=cfg.idle_seconds)


def spend_nonce(db: Session, scope: str, nonce: str, signed_at: int) -> bool:
    """Record a nonce; False if it was already used (a replay). Old entries are cleaned up here."""
    cutoff = utcnow() - timedelta(seconds=2 * kiosk_signing.WINDOW_S + 60)
    for old in db.exec(select(KioskNonce).where(KioskNonce.signed_at < cutoff).limit(100)):
        db.delete(old)
    try:
        with db.begin_nested():
            db.add(KioskNonce(scope=scope, nonce=nonce,
                              signed_at=datetime.fromtimestamp(signed_at, tz=utcnow().tzinfo)))
    except IntegrityError:
        return False
    return True


def verify_signed(db: Session, kiosk: KioskDevice, cfg: KioskBridgeConfig, data: object,
                  now: float | None = None) -> dict:
    """Check a bridge-signed body for this kiosk; a readable ServiceError otherwise."""
    try:
        body = kiosk_signing.verify(cfg.secret, data, now if now is not None else time.time(),
                                    lambda nonce, ts: spend_nonce(db, f"bridge:{kiosk.code}", nonce, ts))
    except kiosk_signing.SignatureError as exc:
        messages = {"replayed": phrase("That reading was already used."),
                    "stale": phrase("That reading is too old; please scan again.")}
        refusal = messages.get(exc.reason, phrase("That reading did not come from this kiosk's devices."))
        raise ServiceError(refusal, code="sig_" + exc.reason) from exc
    if body.get("kiosk_id") != kiosk.code:
        raise ServiceError(phrase("That reading came from another kiosk."), code="sig_wrong_kiosk")
    return body


def _open(db: Session, kiosk: KioskDevice, user: User, method: str, now: datetime) -> MemberLogin:
    if user.status != "active":
        raise ServiceError(phrase("This member account is not active; please see the front desk."), code="inactive")
    actor = load_actor(db, user)
    if not actor.has(Role.RESIDENT) or actor.community_id != kiosk.community_id:
        raise ServiceError(phrase("This card is not for a member of this community."), code="other_community")
    token = secrets.token_urlsafe(32)
    db.add(KioskMemberSession(token_hash=_hash(token), kiosk_id=kiosk.id, user_id=user.id, method=method,
                              created_at=now, expires_at=now + MEMBER_SESSION))
    db.flush()
    return MemberLogin(token=token, user_id=user.id, name=user.display_name, expires_at=now + MEMBER_SESSION)


def kiosk_login(db: Session, kiosk_actor: Actor, signed_card_message: dict, *,
                now: float | None = None) -> MemberLogin:
    """A member card was read: check the bridge's signature (MAC, time window, nonce never seen),
    find the card's member and open a short kiosk session for them."""
    kiosk, cfg = this_kiosk(db, kiosk_actor)
    body = verify_signed(db, kiosk, cfg, signed_card_message, now)
    uid = body.get("card")
    if not isinstance(uid, str) or not uid:
        raise ServiceError(phrase("That card could not be read; please try again."), code="bad_card")
    card = db.exec(select(MemberCard).where(MemberCard.card_uid == uid)).first()
    if card is None and is_membership_card(uid):  # the reader read a membership card's number
        return _membership_open(db, kiosk, kiosk_actor, uid)
    if card is None or not card.active:
        raise ServiceError(phrase("This card is not registered (or was blocked); please see the front desk."),
                           code="unknown_card")
    user = db.get(User, card.user_id)
    return _open(db, kiosk, user, "card", utcnow())


# ---------------------------------------------------------------- a membership card (issue 16)


def is_membership_card(code: str) -> bool:
    """A membership card's QR ("hub-member:<number>" on the member's card page, "hub-card:<number>:<code>"
    printed on the card) or its bare 12-digit number — not the phone's one-time QR."""
    code = str(code or "").strip()
    if code.startswith(card_codes.QR_PREFIX):
        return True
    bare = code.removeprefix(PHONE_PREFIX)
    return card_codes.number_ok(bare)


def membership_login(db: Session, kiosk_actor: Actor, scanned: str) -> MemberLogin:
    """A membership card was scanned: its holder gets the same short kiosk session a kiosk member card
    opens (same checks, same 5 minutes); an unknown or disabled card gets identify's refusal."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    return _membership_open(db, kiosk, kiosk_actor, scanned)


def _membership_open(db: Session, kiosk: KioskDevice, kiosk_actor: Actor, scanned: str) -> MemberLogin:
    found = cardholders.identify(db, kiosk_actor, scanned)
    return _open(db, kiosk, db.get(User, found.user_id), "membership", utcnow())


# ---------------------------------------------------------------- the phone QR


def _phone_key() -> bytes:
    return hmac.new(settings().secret_key.encode(), b"kiosk-member-qr", hashlib.sha256).digest()


def _phone_mac(payload: str) -> str:
    return hmac.new(_phone_key(), payload.encode(), hashlib.sha256).hexdigest()[:32]


def member_qr_token(db: Session, actor: Actor, *, now: float | None = None) -> tuple[str, int]:
    """The text of the resident's phone QR: their id, an expiry, a one-time id, our MAC.
    Returns (text, seconds it stays valid)."""
    require_user(actor)
    if not actor.has(Role.RESIDENT):
        raise PermissionDenied(phrase("Only residents have a member card."))
    exp = int(now if now is not None else time.time()) + PHONE_TOKEN_S
    payload = f"{actor.user_id}:{exp}:{secrets.token_hex(8)}"
    return f"{PHONE_PREFIX}{payload}:{_phone_mac(payload)}", PHONE_TOKEN_S


def phone_login(db: Session, kiosk_actor: Actor, code: str, *, now: float | None = None) -> MemberLogin:
    """The scanner read a resident's phone QR: check our MAC, expiry and that it was not used."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    now_s = now if now is not None else time.time()
    parts = code[len(PHONE_PREFIX):].split(":") if code.startswith(PHONE_PREFIX) else []
    if len(parts) != 4 or not all(parts):
        raise ServiceError(phrase("Could not read that member code."), code="bad_card")
    uid, exp, once, mac = parts
    if not hmac.compare_digest(_phone_mac(f"{uid}:{exp}:{once}"), mac):
        raise ServiceError(phrase("That member code is not valid."), code="bad_card")
    if not exp.isdigit() or int(exp) < now_s:
        raise ServiceError(phrase("That member code has expired; refresh it on your phone."), code="expired")
    if not spend_nonce(db, "phone", once, int(exp)):
        raise ServiceError(phrase("That member code was already used; refresh it on your phone."), code="replayed")
    user = db.get(User, int(uid))
    if user is None:
        raise ServiceError(phrase("That member code is not valid."), code="bad_card")
    return _open(db, kiosk, user, "phone", utcnow())


# ---------------------------------------------------------------- using the session


def member_actor(db: Session, kiosk_actor: Actor, token: str, *, now: datetime | None = None) -> Actor:
    """The logged-in member's Actor, while their kiosk session is open at this kiosk."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    now = now or utcnow()
    s = db.exec(select(KioskMemberSession).where(KioskMemberSession.token_hash == _hash(token or ""))).first()
    if s is None or s.kiosk_id != kiosk.id or s.ended_at is not None or s.expires_at <= now:
        raise ServiceError(phrase("Your kiosk session has ended; scan your card again."), code="member_session")
    user = db.get(User, s.user_id)
    return load_actor(db, user)


def end_member_session(db: Session, kiosk_actor: Actor, token: str) -> None:
    """Log the member out of the kiosk (done, idle timeout). Ending an ended session is fine."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    s = db.exec(select(KioskMemberSession).where(KioskMemberSession.token_hash == _hash(token or ""))).first()
    if s is not None and s.kiosk_id == kiosk.id and s.ended_at is None:
        s.ended_at = utcnow()
        db.add(s)
