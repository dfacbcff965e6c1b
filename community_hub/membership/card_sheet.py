"""A printable PDF sheet of a batch: credit-card-sized cards with the programme, level, number,
secret code and a QR of both (what the activation screen scans). Admins, or the agent or staff
member the batch was handed to; activated and disabled cards are left off (nothing to hand out)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.membership import card_codes
from community_hub.models.membership import (
    CardBatch,
    CardLevel,
    CardProgramme,
    CardState,
    MembershipCard,
)


@dataclass(frozen=True)
class _Printed:
    number: str
    code: str


def batch_sheet_pdf(db: Session, actor: Actor, batch_id: int) -> bytes:
    batch = get_or_not_found(db, CardBatch, batch_id, phrase("batch"))
    if not (actor.is_authenticated and batch.assigned_to == actor.user_id):  # not the person it was handed to
        require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    cards = db.exec(select(MembershipCard).where(MembershipCard.batch_id == batch.id,
                                                 MembershipCard.state.in_([CardState.ISSUED, CardState.ASSIGNED]))
                    .order_by(MembershipCard.id)).all()
    if not cards:
        raise ServiceError(phrase("Every card of this batch is activated or disabled: nothing to print."), code="no_cards")
    prog, level = db.get(CardProgramme, batch.programme_id), db.get(CardLevel, batch.level_id)
    printed = [_Printed(c.number, card_codes.code_for(c.number, c.code_salt)) for c in cards]
    return _draw(prog.name, level.name, printed)


def _latin(s: str) -> str:
    return s.encode("latin-1", "replace").decode("latin-1")


def _draw(programme: str, level: str, cards: list[_Printed]) -> bytes:
    import segno  # only the sheet pays for these imports
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    w, h, gap, left, top = 85.6, 54.0, 6.0, 16.0, 14.0  # ID-1 card size, two across, five down
    for i, card in enumerate(cards):
        if i % 10 == 0:
            pdf.add_page()
        col, row = i % 2, (i % 10) // 2
        x, y = left + col * (w + gap), top + row * (h + gap)
        pdf.rect(x, y, w, h)
        pdf.set_font("Helvetica", size=10)
        pdf.set_xy(x + 4, y + 4)
        pdf.cell(w - 44, 5, _latin(programme)[:36])
        pdf.set_font("Helvetica", style="B", size=13)
        pdf.set_xy(x + 4, y + 12)
        pdf.cell(w - 44, 6, _latin(level)[:24])
        pdf.set_font("Courier", size=10)
        pdf.set_xy(x + 4, y + 30)
        pdf.cell(w - 44, 5, f"No. {card.number}")
        pdf.set_xy(x + 4, y + 37)
        pdf.cell(w - 44, 5, f"Code {card.code}")
        buf = io.BytesIO()
        segno.make(card_codes.qr_payload(card.number, card.code), error="m").save(buf, kind="png", scale=8, border=1)
        buf.seek(0)
        pdf.image(buf, x=x + w - 40, y=y + 6, w=36, h=36)
    return bytes(pdf.output())
