"""Member cards for the lobby kiosk, kept by the community's property staff: issue one to a member
of a household, revoke it (a lost card stops working at once), and print a sheet of cards as a
PDF. Each printed card carries its QR: the card's number, which is what the lobby card reader
reports and `kiosk.session.kiosk_login` looks up.

A card belongs to the community of its member's household; staff of another community (or
company) cannot see, issue or revoke it.
"""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, Community, Household, HouseholdMember, User
from community_hub.models.kiosk_cards import MemberCard
from community_hub.property.household_access import household_label

_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHEET_LIMIT = 60  # cards on one printed sheet request (a few pages)


@dataclass(frozen=True)
class CardRow:
    id: int
    number: str
    name: str
    unit: str
    active: bool
    issued_at: datetime


def _number() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"HUB-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _member_home(db: Session, user_id: int) -> Household | None:
    return db.exec(select(Household).join(HouseholdMember, HouseholdMember.household_id == Household.id)
                   .where(HouseholdMember.user_id == user_id)).first()


def issue_card(db: Session, actor: Actor, household_id: int, user_id: int) -> CardRow:
    """A new card for a member of the household; an earlier card of theirs stops working (a
    replacement for a lost one)."""
    h = get_or_not_found(db, Household, household_id, phrase("household"))
    require_staff_of(actor, h.community_id)
    member = db.exec(select(HouseholdMember).where(HouseholdMember.household_id == h.id,
                                                   HouseholdMember.user_id == user_id)).first()
    if member is None:
        raise ServiceError("That person is not a member of this household.", code="not_member")
    for old in db.exec(select(MemberCard).where(MemberCard.user_id == user_id, MemberCard.active)).all():
        old.active = False
        db.add(old)
    card = MemberCard(card_uid=_number(), user_id=user_id)
    db.add(card)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="kiosk.card_issued", subject=f"household:{h.id}",
                      detail=f"user:{user_id} {card.card_uid}"))
    db.flush()
    user = db.get(User, user_id)
    return CardRow(card.id, card.card_uid, user.display_name, household_label(h), True, card.created_at)


@dataclass(frozen=True)
class Candidate:
    household_id: int
    user_id: int
    label: str  # "A-101 · Ann Lee"


def card_candidates(db: Session, actor: Actor, community_id: int) -> list[Candidate]:
    """Who may get a card: the members of the community's households, by unit."""
    require_staff_of(actor, community_id)
    rows = db.exec(select(Household, User).join(HouseholdMember, HouseholdMember.household_id == Household.id)
                   .join(User, User.id == HouseholdMember.user_id)
                   .where(Household.community_id == community_id)
                   .order_by(Household.building, Household.unit, User.display_name)).all()
    return [Candidate(h.id, u.id, f"{household_label(h)} · {u.display_name}") for h, u in rows]


def _rows(db: Session, community_id: int, *, active_only: bool = False, ids: list[int] | None = None) -> list[CardRow]:
    stmt = (select(MemberCard, User, Household)
            .join(User, User.id == MemberCard.user_id)
            .join(HouseholdMember, HouseholdMember.user_id == MemberCard.user_id)
            .join(Household, Household.id == HouseholdMember.household_id)
            .where(Household.community_id == community_id))
    if active_only:
        stmt = stmt.where(MemberCard.active)
    if ids is not None:
        stmt = stmt.where(MemberCard.id.in_(ids))
    rows = db.exec(stmt.order_by(Household.building, Household.unit, User.display_name, MemberCard.id.desc())).all()
    return [CardRow(c.id, c.card_uid, u.display_name, household_label(h), c.active, c.created_at) for c, u, h in rows]


def community_cards(db: Session, actor: Actor, community_id: int) -> list[CardRow]:
    """The cards of the community's household members, working ones first."""
    require_staff_of(actor, community_id)
    return sorted(_rows(db, community_id), key=lambda r: not r.active)


def revoke_card(db: Session, actor: Actor, card_id: int) -> CardRow:
    card = get_or_not_found(db, MemberCard, card_id, phrase("card"), lock=True)
    home = _member_home(db, card.user_id)
    if home is None:
        if not actor.holds(AdminPermission.SUPER):
            raise NotFound(phrase("card"))
    else:
        require_staff_of(actor, home.community_id)
    if not card.active:
        raise ServiceError(phrase("Card {number} was already revoked.", number=card.card_uid), code="revoked")
    card.active = False
    db.add(card)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="kiosk.card_revoked",
                      subject=f"household:{home.id}" if home else f"user:{card.user_id}", detail=card.card_uid))
    db.flush()
    user = db.get(User, card.user_id)
    return CardRow(card.id, card.card_uid, user.display_name, household_label(home) if home else "", False,
                   card.created_at)


# ---------------------------------------------------------------- the printed sheet


def card_sheet_pdf(db: Session, actor: Actor, community_id: int, card_ids: list[int] | None = None) -> bytes:
    """A4 sheet(s) of credit-card-sized cards: community, member, unit, QR and number. Working cards
    only; `card_ids` narrows to some (ids of another community are simply not found)."""
    require_staff_of(actor, community_id)
    c = get_or_not_found(db, Community, community_id, phrase("community"))
    if card_ids is not None:
        card_ids = [int(i) for i in card_ids[:SHEET_LIMIT]]
    cards = _rows(db, community_id, active_only=True, ids=card_ids)[:SHEET_LIMIT]
    if not cards:
        raise ServiceError("There are no working cards to print. Issue a card first.", code="no_cards")
    return _draw(c.name, cards)


def _font(pdf) -> str:
    """A Unicode font for names in any script when HUB_PDF_FONT names a TTF/OTF file (a CJK font
    for Chinese names); otherwise the PDF core font, which writes Latin-1 only."""
    path = os.environ.get("HUB_PDF_FONT", "")
    if path and os.path.isfile(path):
        pdf.add_font("hub", "", path)
        return "hub"
    return "Helvetica"


def _text(font: str, s: str) -> str:
    return s if font != "Helvetica" else s.encode("latin-1", "replace").decode("latin-1")


def _draw(community: str, cards: list[CardRow]) -> bytes:
    import segno  # only the sheet pays for these imports
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    font = _font(pdf)
    w, h, gap, left, top = 85.6, 54.0, 6.0, 16.0, 14.0  # ID-1 card size, two across, five down
    for i, card in enumerate(cards):
        if i % 10 == 0:
            pdf.add_page()
        col, row = i % 2, (i % 10) // 2
        x, y = left + col * (w + gap), top + row * (h + gap)
        pdf.rect(x, y, w, h)
        pdf.set_font(font, size=9)
        pdf.set_xy(x + 4, y + 4)
        pdf.cell(w - 44, 5, _text(font, community)[:40])
        pdf.set_font(font, size=13)
        pdf.set_xy(x + 4, y + 14)
        pdf.multi_cell(w - 46, 6, _text(font, card.name)[:60])
        pdf.set_font(font, size=10)
        pdf.set_xy(x + 4, y + 34)
        pdf.cell(w - 44, 5, _text(font, card.unit))
        pdf.set_font("Courier", size=8)
        pdf.set_xy(x + 4, y + h - 9)
        pdf.cell(w - 8, 5, card.number)
        buf = io.BytesIO()
        segno.make(card.number, error="m").save(buf, kind="png", scale=8, border=1)
        buf.seek(0)
        pdf.image(buf, x=x + w - 40, y=y + 6, w=36, h=36)
    return bytes(pdf.output())
