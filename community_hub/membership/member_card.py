"""What the member's card page needs beyond the card itself: the levels a card can be bought at
online, the identity kinds the platform's open programmes accept, and the member choosing whether
they provide services, need them, or both (shown in their group's directory)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, require_user
from community_hub.membership import cardholders, identity, priority
from community_hub.models.membership import (
    Cardholding,
    CardLevel,
    CardProgramme,
    HolderType,
    HoldingState,
)


@dataclass(frozen=True)
class BuyOption:
    level_id: int
    label: str  # "Neighbours · Silver — $10.00"
    fee_minor: int
    currency: str


def buy_options(db: Session, actor: Actor) -> list[BuyOption]:
    """Every open level of every open programme, programme by name, levels from the lowest rank."""
    require_user(actor)
    rows = db.exec(select(CardLevel, CardProgramme).join(CardProgramme, CardProgramme.id == CardLevel.programme_id)
                   .where(CardProgramme.active, CardLevel.active)
                   .order_by(CardProgramme.name, CardLevel.rank, CardLevel.id)).all()
    return [BuyOption(lv.id, f"{p.name} · {lv.name} — {format_money(lv.fee_minor, p.currency)}", lv.fee_minor, p.currency)
            for lv, p in rows]


def identity_kinds(db: Session, actor: Actor) -> list[tuple[str, str]]:
    """(kind, its name) for the kinds any open programme accepts, in the platform's order."""
    require_user(actor)
    enabled: set[str] = set()
    for raw in db.exec(select(CardProgramme.identity_kinds).where(CardProgramme.active)).all():
        enabled.update(identity.kinds_list(raw))
    return [(k, label) for k, label in identity.KINDS.items() if k in enabled]


def set_holder_type(db: Session, actor: Actor, holding_id: int, holder_type: str) -> Cardholding:
    """The member's own active card only."""
    require_user(actor)
    if holder_type not in set(HolderType):
        raise ServiceError(phrase("Say whether you provide services, need them, or both."))
    holding = db.exec(select(Cardholding).where(Cardholding.id == holding_id).with_for_update()).first()
    if holding is None or holding.user_id != actor.user_id or holding.state != HoldingState.ACTIVE:
        raise NotFound(phrase("card"))
    holding.holder_type = holder_type
    db.add(holding)
    db.flush()
    return holding


def card_page(db: Session, actor: Actor):
    """The member's card page in one read: their first card in force (or None), the directory of
    its group, the levels to buy online, the identity kinds accepted."""
    cards = cardholders.my_cards(db, actor)
    card = cards[0] if cards else None
    directory = []
    if card is not None:
        holding = db.get(Cardholding, card.holding_id)
        directory = priority.my_group_directory(db, actor, holding.programme_id)
    return card, directory, buy_options(db, actor), identity_kinds(db, actor)
