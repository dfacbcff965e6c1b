"""Card batches (platform admins): N new cards of a level, each a number and a secret code;
assigning a batch to the agent or staff member who hands the cards out; disabling a card (an admin
only, with a reason, audited). States: issued -> assigned -> activated; disabled from any of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.membership import card_codes
from community_hub.membership.common import audit, text
from community_hub.models import Role, User, UserRole
from community_hub.models.base import utcnow
from community_hub.models.membership import (
    CardBatch,
    Cardholding,
    CardLevel,
    CardProgramme,
    CardState,
    HoldingState,
    MembershipCard,
)

MAX_BATCH = 500


@dataclass(frozen=True)
class BatchView:
    id: int
    programme: str
    level: str
    size: int
    note: str
    assigned_to: str  # the person's name, "" while in the issuing centre
    created_at: datetime
    counts: dict[str, int]  # cards by state


@dataclass(frozen=True)
class CardRow:
    id: int
    number: str
    state: str
    level: str
    disabled_reason: str


def new_card(db: Session, programme_id: int, level_id: int, batch_id: int | None) -> MembershipCard:
    """One card with a fresh number (drawn again on the rare clash) and a salt for its code."""
    for _ in range(20):
        number = card_codes.new_number()
        if db.exec(select(MembershipCard.id).where(MembershipCard.number == number)).first() is None:
            break
    salt = card_codes.new_salt()
    card = MembershipCard(batch_id=batch_id, programme_id=programme_id, level_id=level_id, number=number,
                          code_salt=salt, code_hash=card_codes.code_hash(salt, card_codes.code_for(number, salt)))
    db.add(card)
    return card


def create_batch(db: Session, actor: Actor, programme_id: int, level_id: int, count: int, note: str = "") -> BatchView:
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    prog = get_or_not_found(db, CardProgramme, programme_id, phrase("programme"))
    level = get_or_not_found(db, CardLevel, level_id, phrase("level"))
    if level.programme_id != prog.id:
        raise ServiceError(phrase("That level is not one of {programme}'s.", programme=prog.name))
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_BATCH:
        raise ServiceError(phrase("A batch has 1 to {most} cards.", most=MAX_BATCH))
    note = text(note, N_("note"), 200, required=False)
    batch = CardBatch(programme_id=prog.id, level_id=level.id, size=count, note=note, created_by=actor.user_id)
    db.add(batch)
    db.flush()
    for _ in range(count):
        new_card(db, prog.id, level.id, batch.id)
    db.flush()
    audit(db, actor, "membership.batch_created", f"batch:{batch.id}", f"{count} {prog.name} {level.name}")
    return batch_view(db, batch)


def _may_hand_out(db: Session, user_id: int) -> bool:
    roles = set(db.exec(select(UserRole.role).where(UserRole.user_id == user_id)).all())
    return bool(roles & {Role.AGENT, Role.PROPERTY_STAFF, Role.PLATFORM_ADMIN})


def assign_batch(db: Session, actor: Actor, batch_id: int, user_id: int) -> BatchView:
    """Hand the batch to an agent or staff member: its issued cards become assigned to them."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    batch = get_or_not_found(db, CardBatch, batch_id, phrase("batch"), lock=True)
    person = db.get(User, user_id) if isinstance(user_id, int) else None
    if person is None or not _may_hand_out(db, person.id):
        raise ServiceError(phrase("Cards are handed out by an agent or a staff member; choose one of them."))
    batch.assigned_to, batch.assigned_at = person.id, utcnow()
    db.add(batch)
    for card in db.exec(select(MembershipCard).where(MembershipCard.batch_id == batch.id,
                                                     MembershipCard.state == CardState.ISSUED)).all():
        card.state = CardState.ASSIGNED
        db.add(card)
    db.flush()
    audit(db, actor, "membership.batch_assigned", f"batch:{batch.id}", f"user:{person.id}")
    return batch_view(db, batch)


def disable_card(db: Session, actor: Actor, card_id: int, reason: str) -> CardRow:
    """A card stops working for good (lost, misused): its holding ends. Admins only, with a reason."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    reason = text(reason, N_("reason"), 200)
    card = get_or_not_found(db, MembershipCard, card_id, phrase("card"), lock=True)
    if card.state == CardState.DISABLED:
        raise ServiceError(phrase("Card {number} is already disabled.", number=card.number), code="disabled")
    before = card.state
    card.state, card.disabled_reason, card.disabled_at = CardState.DISABLED, reason, utcnow()
    db.add(card)
    holding = db.exec(select(Cardholding).where(Cardholding.card_id == card.id,
                                                Cardholding.state == HoldingState.ACTIVE)).first()
    if holding is not None:
        holding.state = HoldingState.ENDED
        db.add(holding)
    db.flush()
    audit(db, actor, "membership.card_disabled", f"card:{card.id}",
          f"{card.number}: {before} -> disabled: {reason}")
    return _row(db, card)


def _row(db: Session, card: MembershipCard) -> CardRow:
    level = db.get(CardLevel, card.level_id)
    return CardRow(card.id, card.number, card.state, level.name if level else "", card.disabled_reason)


def batch_view(db: Session, batch: CardBatch) -> BatchView:
    prog, level = db.get(CardProgramme, batch.programme_id), db.get(CardLevel, batch.level_id)
    person = db.get(User, batch.assigned_to) if batch.assigned_to else None
    counts = dict(db.exec(select(MembershipCard.state, func.count()).where(MembershipCard.batch_id == batch.id)
                          .group_by(MembershipCard.state)).all())
    return BatchView(batch.id, prog.name, level.name, batch.size, batch.note, person.display_name if person else "",
                     batch.created_at, {s: int(counts.get(s, 0)) for s in CardState})


def list_batches(db: Session, actor: Actor) -> list[BatchView]:
    """Admins with customer service see every batch; an agent or staff member (or another admin)
    the batches handed to them."""
    q = select(CardBatch).order_by(CardBatch.id.desc())
    if not actor.holds(AdminPermission.CUSTOMER_SERVICE):
        if not actor.is_authenticated:
            require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
        q = q.where(CardBatch.assigned_to == actor.user_id)
    return [batch_view(db, b) for b in db.exec(q).all()]


def batch_cards(db: Session, actor: Actor, batch_id: int) -> list[CardRow]:
    batch = get_or_not_found(db, CardBatch, batch_id, phrase("batch"))
    if not (actor.is_authenticated and batch.assigned_to == actor.user_id):  # not the person it was handed to
        require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    cards = db.exec(select(MembershipCard).where(MembershipCard.batch_id == batch.id).order_by(MembershipCard.id)).all()
    return [_row(db, c) for c in cards]
