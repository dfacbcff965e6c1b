"""The demo world's membership cards (seed/membership.py): a programme with Standard, Silver and Gold,
a batch of printed Silver cards, and Grace Obi holding a Silver card, so her checkout shows the
member price; seeding twice changes nothing, and Riley (the demo resident most tests use) has no card."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from community_hub.membership import member_price
from community_hub.models import User
from community_hub.models.membership import (
    Cardholding,
    CardLevel,
    CardProgramme,
    HoldingState,
    MembershipCard,
)
from community_hub.seed import seed


def _user(db, email: str) -> User:
    return db.exec(select(User).where(User.email == email)).one()


def test_the_demo_has_a_card_programme_and_grace_holds_silver(tx, db):
    with tx() as s:
        seed(s)
    with tx() as s:
        seed(s)  # idempotent
    progs = db.exec(select(CardProgramme)).all()
    assert [p.name for p in progs] == ["Residents' Club"]
    levels = {lv.name: lv for lv in db.exec(select(CardLevel).where(CardLevel.programme_id == progs[0].id)).all()}
    assert sorted(levels) == ["Gold", "Silver", "Standard"]
    assert levels["Standard"].fee_minor == 0 and levels["Gold"].discount_bps > levels["Silver"].discount_bps > 0
    assert db.exec(select(func.count()).select_from(MembershipCard)).one() == 5

    grace, riley = _user(db, "grace@demo.hub"), _user(db, "resident@demo.hub")
    holding = db.exec(select(Cardholding).where(Cardholding.user_id == grace.id)).one()
    assert holding.state == HoldingState.ACTIVE and holding.level_id == levels["Silver"].id
    assert holding.community_id is not None
    line = member_price.price_line(db, grace.id, 2000, "USD")
    assert line is not None and line.amount_minor == 60 and "Silver" in str(line.label)
    assert member_price.price_line(db, riley.id, 2000, "USD") is None
