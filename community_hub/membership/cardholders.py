"""What a cardholder sees of their card (level, privileges, points, the QR, the way up) and how
the lobby kiosk, a shop or staff identify a cardholder from the card's QR or number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.membership import card_codes, identity
from community_hub.membership.priority import region_of
from community_hub.membership.programmes import PERMISSIONS, levels_of
from community_hub.models import Community, Role, User
from community_hub.models.base import utcnow
from community_hub.models.membership import (
    Cardholding,
    CardLevel,
    CardProgramme,
    HoldingState,
    MembershipCard,
)
from community_hub.payments import points

DOWNGRADE_NOTE = phrase("Moving to a lower level refunds nothing of what you paid.")


@dataclass(frozen=True)
class UpgradeOption:
    level_id: int
    name: str
    pay_minor: int  # the difference to pay now
    up: bool  # False: a downgrade (refunds nothing)


@dataclass(frozen=True)
class CardView:
    holding_id: int
    programme: str
    level: str
    rank: int
    number: str
    qr_payload: str  # the kiosk and shops scan this (the card's number: no code after activation)
    identity_kind: str
    identity_shown: str
    discount_bps: int
    points_multiplier_pct: int
    permissions: list[str]  # in words
    points: int
    paid_minor: int
    currency: str
    registered_at: datetime
    expires_at: datetime | None
    holder_type: str
    options: list[UpgradeOption]
    downgrade_note: str


MEMBER_QR = "hub-member:"


def _view(db: Session, h: Cardholding) -> CardView:
    prog, level, card = db.get(CardProgramme, h.programme_id), db.get(CardLevel, h.level_id), db.get(MembershipCard, h.card_id)
    options = [UpgradeOption(lv.id, lv.name, max(0, lv.fee_minor - h.paid_minor) if lv.rank > level.rank else 0,
                             lv.rank > level.rank)
               for lv in levels_of(db, h.programme_id) if lv.active and lv.id != level.id]
    return CardView(h.id, prog.name, level.name, level.rank, card.number, MEMBER_QR + card.number, h.identity_kind,
                    identity.masked(h.identity_value), level.discount_bps, level.points_multiplier_pct,
                    [PERMISSIONS[p] for p in level.permissions.split(",") if p in PERMISSIONS],
                    points.balance(db, f"resident:{h.user_id}"), h.paid_minor, h.currency, h.registered_at,
                    h.expires_at, h.holder_type, options, DOWNGRADE_NOTE)


def active_holdings(db: Session, user_id: int) -> list[Cardholding]:
    """The user's cards in force (a yearly card past its year is not)."""
    now = utcnow()
    rows = db.exec(select(Cardholding).where(Cardholding.user_id == user_id, Cardholding.state == HoldingState.ACTIVE)
                   .order_by(Cardholding.id)).all()
    return [h for h in rows if h.expires_at is None or h.expires_at > now]


def my_cards(db: Session, actor: Actor) -> list[CardView]:
    require_user(actor)
    return [_view(db, h) for h in active_holdings(db, actor.user_id)]


@dataclass(frozen=True)
class Identified:
    user_id: int
    name: str
    programme: str
    level: str
    discount_bps: int


def identify(db: Session, actor: Actor, scanned: str) -> Identified:
    """A cardholder from a scanned card: the member QR ("hub-member:<number>"), a printed card's QR
    or its bare number. The lobby kiosk, shops, staff and admins only."""
    require_user(actor)
    if not (actor.kiosk_code or actor.merchant_ids or actor.holds(AdminPermission.CUSTOMER_SERVICE)
            or Role.PROPERTY_STAFF in actor.roles):
        raise PermissionDenied(phrase("Only a kiosk, a shop or staff can look up a card."))
    raw = str(scanned or "").strip()[:80]
    qr = card_codes.read_qr(raw)
    number = qr[0] if qr else card_codes.clean_number(raw.removeprefix(MEMBER_QR))
    card = db.exec(select(MembershipCard).where(MembershipCard.number == number)).first()
    holding = db.exec(select(Cardholding).where(Cardholding.card_id == card.id,
                                                Cardholding.state == HoldingState.ACTIVE)).first() if card else None
    if holding is None or (holding.expires_at is not None and holding.expires_at <= utcnow()):
        raise ServiceError(phrase("That card is not an active membership card."), code="no_card")
    user, level = db.get(User, holding.user_id), db.get(CardLevel, holding.level_id)
    prog = db.get(CardProgramme, holding.programme_id)
    return Identified(user.id, user.display_name, prog.name, level.name, level.discount_bps)


def holding_of(db: Session, actor: Actor, holding_id: int) -> CardView:
    require_user(actor)
    h = db.get(Cardholding, holding_id)
    if h is None or h.user_id != actor.user_id:
        raise NotFound(phrase("card"))
    return _view(db, h)


@dataclass(frozen=True)
class MemberRow:
    holding_id: int
    name: str
    level: str
    number: str
    identity_kind: str
    identity_shown: str
    holder_type: str
    registered_at: datetime
    expires_at: datetime | None
    state: str
    group: str = ""  # the region group: "community · district · city" (membership/priority.py)


def programme_members(db: Session, actor: Actor, programme_id: int, *, page: int = 1,
                      page_size: int = 50) -> tuple[list[MemberRow], int]:
    """Admins: a programme's cardholders in registration order, a page at a time, and the total."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    page_size = min(max(1, page_size), 200)
    q = (select(Cardholding, User, CardLevel, MembershipCard, Community).join(User, User.id == Cardholding.user_id)
         .join(CardLevel, CardLevel.id == Cardholding.level_id)
         .join(MembershipCard, MembershipCard.id == Cardholding.card_id)
         .join(Community, Community.id == Cardholding.community_id, isouter=True)
         .where(Cardholding.programme_id == programme_id))
    total = db.exec(select(func.count()).select_from(Cardholding).where(Cardholding.programme_id == programme_id)).one()
    rows = db.exec(q.order_by(Cardholding.registered_at, Cardholding.id)
                   .offset((max(1, page) - 1) * page_size).limit(page_size)).all()
    return [MemberRow(h.id, u.display_name, lv.name, c.number, h.identity_kind, identity.masked(h.identity_value),
                      h.holder_type, h.registered_at, h.expires_at, h.state, _group(place))
            for h, u, lv, c, place in rows], int(total)


def _group(place: Community | None) -> str:
    if place is None:
        return ""
    return " · ".join(p for p in (place.name, *region_of(place.address)) if p)
