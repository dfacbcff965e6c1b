"""Becoming a cardholder: a member types (or scans) a card's number and secret code, or buys a card
online without one, gives an identity parameter, and pays the level's fee through the payment
path (purpose "card_fee:<activation id>", paid to the platform). The card is theirs when the
money arrives (membership/card_fee_payments.py); a free level is theirs at once. An upgrade pays
the difference between the new level's fee and what was paid; a downgrade refunds nothing.

Wrong codes count per card: the 5th locks it for 15 minutes (kept: the count survives the refusal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.local_time import fmt
from community_hub.core.permissions import Actor, require_user
from community_hub.core.rows import get_or_not_found
from community_hub.membership import card_codes, identity
from community_hub.membership.batches import new_card
from community_hub.models import HouseholdMember
from community_hub.models.base import utcnow
from community_hub.models.community import Household
from community_hub.models.membership import (
    ActivationState,
    CardActivation,
    Cardholding,
    CardLevel,
    CardProgramme,
    CardState,
    FeePeriod,
    HolderType,
    HoldingState,
    MembershipCard,
)
from community_hub.payments import intents
from community_hub.payments.common import load_payment

MAX_TRIES = 5
LOCK = timedelta(minutes=15)
STALE = timedelta(minutes=30)  # a fee not paid in this time frees the card for someone else


@dataclass(frozen=True)
class ActivationStep:
    activation_id: int
    payment_id: int | None  # the card payment to open (/pay/<id>); None when nothing is to pay
    holding_id: int | None  # set when the card is already theirs (a free level)
    fee_minor: int
    currency: str
    message: str


def _holder_type(value: str) -> str:
    if value not in set(HolderType):
        raise ServiceError(phrase("Say whether you provide services, need them, or both."))
    return value


def _check_code(db: Session, number: str, code: str) -> MembershipCard:
    """The card behind the number, if the code is right; every wrong code counts (kept)."""
    number = card_codes.clean_number(number)
    if not card_codes.number_ok(number):
        raise ServiceError(phrase("That is not a card number: check the 12 digits on the card."), code="bad_number")
    card = db.exec(select(MembershipCard).where(MembershipCard.number == number).with_for_update()).first()
    if card is None:
        raise ServiceError(phrase("No card has the number {number}.", number=number), code="unknown_card")
    if card.state == CardState.DISABLED:
        raise ServiceError(phrase("Card {number} has been disabled.", number=number), code="disabled")
    if card.state == CardState.ACTIVATED:
        raise ServiceError(phrase("Card {number} has already been activated.", number=number), code="used")
    now = utcnow()
    if card.locked_until and card.locked_until > now:
        raise ServiceError(phrase("Too many wrong codes: card {number} is locked until {time}.", number=number,
                                  time=fmt(card.locked_until, "UTC")), code="locked")
    if not card_codes.code_matches(card.code_salt, card.code_hash, code):
        card.failed_tries += 1
        if card.failed_tries >= MAX_TRIES:
            card.failed_tries, card.locked_until = 0, now + LOCK
            db.add(card)
            raise ServiceError(phrase("Wrong code. Card {number} is now locked for 15 minutes.", number=number),
                               code="locked", keep=True)
        db.add(card)
        raise ServiceError(phrase("Wrong code for card {number}: {left} tries left before it locks.", number=number,
                                  left=MAX_TRIES - card.failed_tries), code="wrong_code", keep=True)
    card.failed_tries = 0
    db.add(card)
    return card


def _identity_free(db: Session, programme_id: int, ident: identity.Identity, *, but: int | None = None) -> None:
    q = select(Cardholding.id).where(Cardholding.programme_id == programme_id, Cardholding.state == HoldingState.ACTIVE,
                                     Cardholding.identity_kind == ident.kind, Cardholding.identity_value == ident.value)
    if but is not None:
        q = q.where(Cardholding.id != but)
    if db.exec(q).first() is not None:
        raise ServiceError(phrase("That identity already holds an active card of this programme."), code="identity_taken")


def _free_card(db: Session, actor: Actor, card: MembershipCard) -> None:
    """Refuse a card someone else is paying for right now; an abandoned payment frees it."""
    waiting = db.exec(select(CardActivation).where(CardActivation.card_id == card.id,
                                                   CardActivation.state == ActivationState.WAITING)
                      .with_for_update()).first()
    if waiting is None:
        return
    if waiting.user_id != actor.user_id and waiting.created_at > utcnow() - STALE:
        raise ServiceError(phrase("Someone is activating this card right now."), code="busy")
    waiting.state, waiting.failure = ActivationState.FAILED, "abandoned"
    db.add(waiting)
    db.flush()


def _begin(db: Session, actor: Actor, card: MembershipCard, ident: identity.Identity, holder_type: str) -> ActivationStep:
    prog = db.get(CardProgramme, card.programme_id)
    level = db.get(CardLevel, card.level_id)
    if not prog.active or not level.active:
        raise ServiceError(phrase("This card's programme or level is closed."), code="closed")
    if ident.kind not in identity.kinds_list(prog.identity_kinds):
        raise ServiceError(phrase("This programme does not accept that kind of identity."), code="identity_kind")
    _identity_free(db, prog.id, ident)
    _free_card(db, actor, card)
    act = CardActivation(user_id=actor.user_id, programme_id=prog.id, level_id=level.id, card_id=card.id,
                         identity_kind=ident.kind, identity_value=ident.value, identity_region=ident.region,
                         holder_type=holder_type, fee_minor=level.fee_minor, currency=prog.currency)
    db.add(act)
    db.flush()
    return _pay_or_finish(db, actor, act, phrase("Card fee for {level}, {programme}", level=level.name,
                                                 programme=prog.name))


def _pay_or_finish(db: Session, actor: Actor, act: CardActivation, description: str) -> ActivationStep:
    if act.fee_minor == 0:
        holding = complete(db, act)
        return ActivationStep(act.id, None, holding.id, 0, act.currency, phrase("Your card is active."))
    payment = intents.start_payment(db, actor, purpose=f"card_fee:{act.id}", amount_minor=act.fee_minor,
                                    currency=act.currency, payee="platform", description=str(description)[:200])
    return ActivationStep(act.id, payment.id, None, act.fee_minor, act.currency,
                          phrase("Pay the card fee to activate the card."))


def activate_card(db: Session, actor: Actor, number: str, code: str, identity_kind: str, identity_value: str,
                  holder_type: str = HolderType.NEEDS) -> ActivationStep:
    """Number and code typed (or read from the card's QR with `card_codes.read_qr`)."""
    require_user(actor)
    holder_type = _holder_type(holder_type)
    card = _check_code(db, number, code)
    prog = db.get(CardProgramme, card.programme_id)
    ident = identity.parse(identity_kind, identity_value, identity.kinds_list(prog.identity_kinds))
    return _begin(db, actor, card, ident, holder_type)


def activate_scanned(db: Session, actor: Actor, qr: str, identity_kind: str, identity_value: str,
                     holder_type: str = HolderType.NEEDS) -> ActivationStep:
    read = card_codes.read_qr(qr)
    if read is None:
        raise ServiceError(phrase("That QR is not a membership card."), code="bad_qr")
    return activate_card(db, actor, read[0], read[1], identity_kind, identity_value, holder_type)


def buy_online(db: Session, actor: Actor, level_id: int, identity_kind: str, identity_value: str,
               holder_type: str = HolderType.NEEDS) -> ActivationStep:
    """A card bought without a printed one: a new card of the level, activated when paid."""
    require_user(actor)
    holder_type = _holder_type(holder_type)
    level = get_or_not_found(db, CardLevel, level_id, phrase("level"))
    prog = db.get(CardProgramme, level.programme_id)
    ident = identity.parse(identity_kind, identity_value, identity.kinds_list(prog.identity_kinds))
    _identity_free(db, prog.id, ident)
    card = new_card(db, prog.id, level.id, None)
    db.flush()
    return _begin(db, actor, card, ident, holder_type)


def upgrade(db: Session, actor: Actor, holding_id: int, level_id: int) -> ActivationStep:
    """Move up a level by paying the difference between its fee and what was paid; a lower level
    is refused here (a downgrade refunds nothing: `downgrade` says so and does it)."""
    require_user(actor)
    holding = db.get(Cardholding, holding_id)
    if holding is None or holding.user_id != actor.user_id or holding.state != HoldingState.ACTIVE:
        raise NotFound(phrase("card"))
    current, target = db.get(CardLevel, holding.level_id), get_or_not_found(db, CardLevel, level_id, phrase("level"))
    if target.programme_id != holding.programme_id or not target.active:
        raise ServiceError(phrase("That level is not one of this programme's."), code="bad_level")
    if target.rank <= current.rank:
        raise ServiceError(phrase("{level} is not above your level; moving down refunds nothing.", level=target.name),
                           code="not_up")
    waiting = db.exec(select(CardActivation).where(CardActivation.holding_id == holding.id,
                                                   CardActivation.state == ActivationState.WAITING)).first()
    if waiting is not None and waiting.level_id == target.id:
        payment = intents.start_payment(db, actor, purpose=f"card_fee:{waiting.id}", amount_minor=waiting.fee_minor,
                                        currency=waiting.currency, payee="platform")
        return ActivationStep(waiting.id, payment.id, None, waiting.fee_minor, waiting.currency,
                              phrase("Pay the difference to move up."))
    if waiting is not None:
        waiting.state, waiting.failure = ActivationState.FAILED, "replaced by another upgrade"
        db.add(waiting)
    diff = max(0, target.fee_minor - holding.paid_minor)
    act = CardActivation(user_id=actor.user_id, programme_id=holding.programme_id, level_id=target.id,
                         card_id=holding.card_id, holding_id=holding.id, fee_minor=diff, currency=holding.currency)
    db.add(act)
    db.flush()
    return _pay_or_finish(db, actor, act, phrase("Upgrade to {level}", level=target.name))


def renew(db: Session, actor: Actor, holding_id: int) -> ActivationStep:
    """Another year of a yearly card at its level's fee now (from the end of the year paid for, or
    from today when it has ended)."""
    require_user(actor)
    holding = db.get(Cardholding, holding_id)
    if holding is None or holding.user_id != actor.user_id or holding.state != HoldingState.ACTIVE:
        raise NotFound(phrase("card"))
    if holding.fee_period != FeePeriod.YEARLY:
        raise ServiceError(phrase("This card does not need renewing."), code="not_yearly")
    level = db.get(CardLevel, holding.level_id)
    act = CardActivation(user_id=actor.user_id, programme_id=holding.programme_id, level_id=level.id,
                         card_id=holding.card_id, holding_id=holding.id, fee_minor=level.fee_minor,
                         currency=holding.currency)
    db.add(act)
    db.flush()
    return _pay_or_finish(db, actor, act, phrase("Another year of {level}", level=level.name))


def downgrade(db: Session, actor: Actor, holding_id: int, level_id: int) -> Cardholding:
    """Move down a level at once. Nothing is refunded; what was paid stays on record."""
    require_user(actor)
    holding = db.get(Cardholding, holding_id)
    if holding is None or holding.user_id != actor.user_id or holding.state != HoldingState.ACTIVE:
        raise NotFound(phrase("card"))
    current, target = db.get(CardLevel, holding.level_id), get_or_not_found(db, CardLevel, level_id, phrase("level"))
    if target.programme_id != holding.programme_id or target.rank >= current.rank:
        raise ServiceError(phrase("{level} is not below your level.", level=target.name), code="not_down")
    holding.level_id = target.id
    db.add(holding)
    db.flush()
    return holding


def _community_of(db: Session, user_id: int) -> int | None:
    return db.exec(select(Household.community_id).join(HouseholdMember, HouseholdMember.household_id == Household.id)
                   .where(HouseholdMember.user_id == user_id)).first()


def complete(db: Session, act: CardActivation) -> Cardholding:
    """The fee is in (or there was none): the card becomes the member's, or the holding moves up.
    Everything is checked again under the card's lock; a refusal here is a ServiceError (the
    payment hook turns it into money held in suspense for an admin to refund)."""
    card = db.exec(select(MembershipCard).where(MembershipCard.id == act.card_id).with_for_update()).one()
    now = utcnow()
    if act.holding_id is not None:  # an upgrade
        holding = db.exec(select(Cardholding).where(Cardholding.id == act.holding_id).with_for_update()).one()
        if holding.state != HoldingState.ACTIVE:
            raise ServiceError(phrase("This card is no longer active."), code="ended")
        if act.level_id == holding.level_id:  # a renewal: one more year
            holding.expires_at = max(holding.expires_at or now, now) + timedelta(days=365)
        holding.level_id, holding.paid_minor = act.level_id, holding.paid_minor + act.fee_minor
    else:
        if card.state in (CardState.ACTIVATED, CardState.DISABLED):
            raise ServiceError(phrase("Card {number} cannot be activated any more.", number=card.number), code="used")
        ident = identity.Identity(act.identity_kind, act.identity_value, act.identity_region)
        _identity_free(db, act.programme_id, ident)
        level = db.get(CardLevel, act.level_id)
        holding = Cardholding(user_id=act.user_id, programme_id=act.programme_id, level_id=act.level_id,
                              card_id=card.id, identity_kind=ident.kind, identity_value=ident.value,
                              identity_region=ident.region, community_id=_community_of(db, act.user_id),
                              holder_type=act.holder_type, paid_minor=act.fee_minor, currency=act.currency,
                              fee_period=level.fee_period,
                              expires_at=now + timedelta(days=365) if level.fee_period == FeePeriod.YEARLY else None,
                              registered_at=now)
        card.state, card.activated_at = CardState.ACTIVATED, now
        db.add(card)
    try:  # two cards paid at once for one identity: the partial unique index lets one in
        with db.begin_nested():
            db.add(holding)
            db.flush()
    except IntegrityError:
        raise ServiceError(phrase("That identity already holds an active card of this programme."),
                           code="identity_taken") from None
    act.state, act.done_at, act.holding_id = ActivationState.DONE, now, holding.id
    db.add(act)
    db.flush()
    return holding


def pay_card_fee(db: Session, actor: Actor, payment_id: int, card: str) -> ActivationStep:
    """The demo payment page's Pay for a card fee: the member's own payment only. A decline raises
    ServiceError(code="declined") and no card is given."""
    require_user(actor)
    payment = load_payment(db, payment_id, lock=False)
    if payment.payer_user_id != actor.user_id or not payment.purpose.startswith("card_fee:"):
        raise NotFound(phrase("payment"))
    intents.confirm_payment(db, actor, payment_id, card)
    act = db.get(CardActivation, int(payment.purpose.split(":", 1)[1]))
    db.refresh(act)
    done = act.state == ActivationState.DONE
    return ActivationStep(act.id, payment.id, act.holding_id if done else None, act.fee_minor, act.currency,
                          phrase("Your card is active.") if done else phrase("The payment is being processed."))
