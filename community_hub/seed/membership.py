"""Demo membership cards (issue 16): the "Residents' Club" programme with three levels — Standard
(free), Silver (10.00 a year, 3 % member price) and Gold (25.00 a year, 5 %, served first for
services) — a batch of five printed Silver cards in the issuing centre, and Grace Obi holding a
Silver card, so the demo shows the card page, the member price at checkout and priority.

Rows are written directly (like the other demo data) so the demo starts with an empty audit log;
Grace's card is given through `activation.complete` with no fee, as a free card would be.
Idempotent: a second run finds the programme and changes nothing.
"""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.membership import activation, batches
from community_hub.models import User
from community_hub.models.membership import (
    CardActivation,
    CardBatch,
    CardLevel,
    CardProgramme,
    FeePeriod,
)

PROGRAMME = "Residents' Club"  # sorts after the names tests give their own programmes
LEVELS = (  # name, fee, period, member discount (bps), points multiplier (%), rank, permissions
    ("Standard", 0, FeePeriod.ONE_OFF, 0, 100, 1, ""),
    ("Silver", 1000, FeePeriod.YEARLY, 300, 120, 2, "post_demands"),
    ("Gold", 2500, FeePeriod.YEARLY, 500, 150, 3, "post_demands,book_services_first"),
)
HOLDER = "grace@demo.hub"
HOLDER_MOBILE = "+12125550142"


def seed_membership(db: Session, admin: User) -> None:
    if db.exec(select(CardProgramme).where(CardProgramme.name == PROGRAMME)).first() is not None:
        return
    prog = CardProgramme(name=PROGRAMME, currency="USD", created_by=admin.id)
    db.add(prog)
    db.flush()
    levels = {}
    for name, fee, period, bps, mult, rank, perms in LEVELS:
        levels[name] = CardLevel(programme_id=prog.id, name=name, fee_minor=fee, fee_period=period, discount_bps=bps,
                                 points_multiplier_pct=mult, rank=rank, permissions=perms)
        db.add(levels[name])
    db.flush()
    silver = levels["Silver"]
    batch = CardBatch(programme_id=prog.id, level_id=silver.id, size=5, note="Demo cards", created_by=admin.id)
    db.add(batch)
    db.flush()
    cards = [batches.new_card(db, prog.id, silver.id, batch.id) for _ in range(batch.size)]
    db.flush()
    holder = db.exec(select(User).where(User.email == HOLDER)).first()
    if holder is None:
        return
    act = CardActivation(user_id=holder.id, programme_id=prog.id, level_id=silver.id, card_id=cards[0].id,
                         identity_kind="mobile", identity_value=HOLDER_MOBILE, holder_type="both", fee_minor=0,
                         currency=prog.currency)
    db.add(act)
    db.flush()
    activation.complete(db, act)
