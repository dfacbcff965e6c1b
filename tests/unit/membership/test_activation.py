"""Activation: number and code (or the card's QR), an identity parameter, the level's fee paid
through the payment path; upgrades pay the difference, downgrades refund nothing; every bad input
is refused with no card given and no money moved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.membership import activation, batches, card_codes, cardholders, programmes
from community_hub.models import Role
from community_hub.models.base import utcnow
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.membership import Cardholding, MembershipCard
from community_hub.models.payments import Payment, Refund
from community_hub.payments import ledger, ledger_report
from tests import factories as f
from tests.unit.membership.conftest import MOBILE, NATIONAL_ID, code_of

CARD = "4242424242424242"
DECLINED = "4000000000000002"


def _card(tx, club, level: str = "gold") -> int:
    with tx() as s:
        batch = batches.create_batch(s, club["admin"], club["programme"], club[level], 1)
        return batches.batch_cards(s, club["admin"], batch.id)[0].id


def _pay(tx, who, step, card: str = CARD):
    with tx() as s:
        return activation.pay_card_fee(s, who, step.payment_id, card)


def test_a_paid_card_is_the_members_once_the_fee_arrives(tx, db, club):
    number, code = code_of(db, _card(tx, club))
    with tx() as s:
        step = activation.activate_card(s, club["resident"], number, code, "national_id", NATIONAL_ID, "both")
    assert step.payment_id and step.fee_minor == 2500 and step.holding_id is None
    assert db.exec(select(Cardholding)).all() == []  # nothing before the money
    done = _pay(tx, club["resident"], step)
    assert done.holding_id and str(done.message) == "Your card is active."
    with tx() as s:
        [card] = cardholders.my_cards(s, club["resident"])
    assert (card.level, card.discount_bps, card.paid_minor, card.holder_type) == ("Gold", 500, 2500, "both")
    assert card.identity_shown.endswith("002X") and NATIONAL_ID not in card.identity_shown
    assert card.expires_at is not None  # a yearly fee
    assert card.qr_payload == f"hub-member:{number}"
    assert db.exec(select(MembershipCard).where(MembershipCard.number == number)).one().state == "activated"
    assert ledger.balance_of(db, "platform_revenue", "platform", "USD") == -2500
    assert ledger_report.check_ledger(db).ok


def test_a_free_level_is_active_at_once_and_the_qr_works_too(tx, db, club):
    number, code = code_of(db, _card(tx, club, "standard"))
    with tx() as s:
        step = activation.activate_scanned(s, club["resident"], card_codes.qr_payload(number, code), "mobile",
                                           "+86 138 0013 8000")
    assert step.payment_id is None and step.holding_id
    assert db.get(Cardholding, step.holding_id).identity_value == MOBILE


def test_a_declined_fee_gives_no_card(tx, db, club):
    number, code = code_of(db, _card(tx, club))
    with tx() as s:
        step = activation.activate_card(s, club["resident"], number, code, "national_id", NATIONAL_ID)
    with pytest.raises(ServiceError, match="declined"):
        _pay(tx, club["resident"], step, DECLINED)
    assert db.exec(select(Cardholding)).all() == []
    assert db.exec(select(MembershipCard).where(MembershipCard.number == number)).one().state == "issued"
    done = _pay(tx, club["resident"], step)  # the member tries again with another card
    assert done.holding_id


def test_five_wrong_codes_lock_the_card_for_15_minutes(tx, db, club):
    card_id = _card(tx, club)
    number, code = code_of(db, card_id)
    for left in (4, 3, 2, 1):
        with pytest.raises(ServiceError, match=f"{left} tries left"), tx() as s:
            activation.activate_card(s, club["resident"], number, "WRONG123", "national_id", NATIONAL_ID)
    with pytest.raises(ServiceError, match="now locked for 15 minutes"), tx() as s:
        activation.activate_card(s, club["resident"], number, "WRONG123", "national_id", NATIONAL_ID)
    with pytest.raises(ServiceError, match="locked until"), tx() as s:  # even the right code waits
        activation.activate_card(s, club["resident"], number, code, "national_id", NATIONAL_ID)
    f.change(db, MembershipCard, card_id, locked_until=utcnow() - timedelta(seconds=1))
    db.commit()
    with tx() as s:
        assert activation.activate_card(s, club["resident"], number, code, "national_id", NATIONAL_ID).payment_id


def test_unknown_used_and_disabled_cards_are_refused(tx, db, club):
    with pytest.raises(ServiceError, match="not a card number"), tx() as s:
        activation.activate_card(s, club["resident"], "12345", "X", "national_id", NATIONAL_ID)
    body = "81234567890"
    with pytest.raises(ServiceError, match="No card has the number"), tx() as s:
        activation.activate_card(s, club["resident"], body + card_codes.luhn_digit(body), "X", "national_id", NATIONAL_ID)
    used_number, used_code = code_of(db, _card(tx, club, "standard"))
    with tx() as s:
        activation.activate_card(s, club["resident"], used_number, used_code, "national_id", NATIONAL_ID)
    with tx() as s:
        other = f.actor(s, f.user(s, Role.RESIDENT))
    with pytest.raises(ServiceError, match="already been activated"), tx() as s:
        activation.activate_card(s, other, used_number, used_code, "mobile", MOBILE)
    off_id = _card(tx, club)
    with tx() as s:
        batches.disable_card(s, club["admin"], off_id, "Stolen")
    number, code = code_of(db, off_id)
    with pytest.raises(ServiceError, match="has been disabled"), tx() as s:
        activation.activate_card(s, other, number, code, "mobile", MOBILE)
    assert len(db.exec(select(Cardholding)).all()) == 1
    assert db.exec(select(Payment)).all() == []


@pytest.mark.parametrize("kind, value, message", [
    ("national_id", "110105194912310021", "not valid"),  # wrong check digit
    ("national_id", "", "Enter your national ID number"),
    ("mobile", "12345", "mobile number is not valid"),
    ("passport", "E1234567", "does not accept that kind"),  # not enabled for this programme
    ("palmprint", "x", "does not accept that kind"),
    ("mobile", "1" * 41, "too long"),
])
def test_bad_identities_are_refused(tx, db, club, kind, value, message):
    number, code = code_of(db, _card(tx, club))
    with pytest.raises(ServiceError, match=message), tx() as s:
        activation.activate_card(s, club["resident"], number, code, kind, value)
    assert db.exec(select(Payment)).all() == []


def test_an_identity_holds_one_active_card_per_programme(tx, db, club):
    first, second = _card(tx, club, "standard"), _card(tx, club, "standard")
    number, code = code_of(db, first)
    with tx() as s:
        activation.activate_card(s, club["resident"], number, code, "national_id", NATIONAL_ID)
    number, code = code_of(db, second)
    with tx() as s:
        other = f.actor(s, f.user(s, Role.RESIDENT))
    with pytest.raises(ServiceError, match="already holds an active card"), tx() as s:
        activation.activate_card(s, other, number, code, "national_id", "110105 19491231 002x")
    with pytest.raises(ServiceError, match="already holds an active card"), tx() as s:
        activation.buy_online(s, other, club["gold"], "national_id", NATIONAL_ID)
    assert len(db.exec(select(Cardholding)).all()) == 1
    with tx() as s:  # another identity is fine
        assert activation.activate_card(s, other, number, code, "mobile", MOBILE).holding_id


def test_a_card_bought_online_needs_no_printed_one(tx, db, club):
    with tx() as s:
        step = activation.buy_online(s, club["resident"], club["silver"], "mobile", MOBILE, "provides")
    done = _pay(tx, club["resident"], step)
    holding = db.get(Cardholding, done.holding_id)
    assert holding.paid_minor == 1000 and db.get(MembershipCard, holding.card_id).batch_id is None


def test_upgrade_pays_the_difference_and_downgrade_refunds_nothing(tx, db, club):
    with tx() as s:
        step = activation.buy_online(s, club["resident"], club["silver"], "mobile", MOBILE)
    holding_id = _pay(tx, club["resident"], step).holding_id
    with tx() as s:
        [view] = cardholders.my_cards(s, club["resident"])
    options = {o.name: (o.pay_minor, o.up) for o in view.options}
    assert options == {"Gold": (1500, True), "Standard": (0, False)}
    assert "refunds nothing" in str(view.downgrade_note)
    with pytest.raises(ServiceError, match="not above your level"), tx() as s:
        activation.upgrade(s, club["resident"], holding_id, club["standard"])
    with tx() as s:
        up = activation.upgrade(s, club["resident"], holding_id, club["gold"])
    assert up.fee_minor == 1500
    _pay(tx, club["resident"], up)
    holding = db.get(Cardholding, holding_id)
    db.refresh(holding)
    assert (holding.level_id, holding.paid_minor) == (club["gold"], 2500)
    with tx() as s:
        activation.downgrade(s, club["resident"], holding_id, club["standard"])
    db.refresh(holding)
    assert holding.level_id == club["standard"] and holding.paid_minor == 2500
    assert db.exec(select(Refund)).all() == []
    with tx() as s:
        stranger = f.actor(s, f.user(s, Role.RESIDENT))
    with pytest.raises(NotFound), tx() as s:
        activation.upgrade(s, stranger, holding_id, club["gold"])


def test_editing_a_level_never_changes_what_a_member_paid(tx, db, club):
    with tx() as s:
        step = activation.buy_online(s, club["resident"], club["silver"], "mobile", MOBILE)
    holding_id = _pay(tx, club["resident"], step).holding_id
    with tx() as s:
        programmes.edit_level(s, club["admin"], club["silver"], fee_minor=4000, fee_period="one_off", discount_bps=400,
                              points_multiplier_pct=100, rank=2)
    assert db.get(Cardholding, holding_id).paid_minor == 1000
    assert len(db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "card_fee_paid")).all()) == 1


def test_a_card_taken_while_its_fee_was_paid_goes_to_suspense(tx, db, club):
    """Two members race for one card: the second's money arrives after the card became the first's;
    it is held in suspense for a refund, and the second gets no card."""
    number, code = code_of(db, _card(tx, club))
    with tx() as s:
        step = activation.activate_card(s, club["resident"], number, code, "national_id", NATIONAL_ID)
    f.change(db, MembershipCard, db.exec(select(MembershipCard).where(MembershipCard.number == number)).one().id,
             state="activated")
    db.commit()
    done = _pay(tx, club["resident"], step)
    assert done.holding_id is None
    payment = db.get(Payment, step.payment_id)
    assert "cannot be activated" in payment.held_reason
    assert ledger_report.check_ledger(db).ok


def test_two_cards_started_for_one_identity_only_the_first_paid_becomes_active(tx, db, club):
    first, second = (code_of(db, _card(tx, club)) for _ in range(2))
    with tx() as s:
        other = f.actor(s, f.user(s, Role.RESIDENT))
    with tx() as s:
        a = activation.activate_card(s, club["resident"], *first, "national_id", NATIONAL_ID)
    with tx() as s:
        b = activation.activate_card(s, other, *second, "national_id", NATIONAL_ID)
    assert _pay(tx, club["resident"], a).holding_id
    assert _pay(tx, other, b).holding_id is None  # refused when the money arrived: held for a refund
    assert "already holds an active card" in db.get(Payment, b.payment_id).held_reason
    assert len(db.exec(select(Cardholding)).all()) == 1
    assert ledger_report.check_ledger(db).ok


def test_a_yearly_card_is_renewed_for_another_year_at_todays_fee(tx, db, club):
    with tx() as s:
        step = activation.buy_online(s, club["resident"], club["gold"], "mobile", MOBILE)
    holding_id = _pay(tx, club["resident"], step).holding_id
    first_end = db.get(Cardholding, holding_id).expires_at
    f.change(db, Cardholding, holding_id, expires_at=utcnow() - timedelta(days=1))  # the year is over
    db.commit()
    with tx() as s:
        assert cardholders.my_cards(s, club["resident"]) == []  # an ended year gives no privileges
        programmes.edit_level(s, club["admin"], club["gold"], fee_minor=3000, fee_period="yearly", discount_bps=500,
                              points_multiplier_pct=200, rank=3)
        again = activation.renew(s, club["resident"], holding_id)
    assert again.fee_minor == 3000
    _pay(tx, club["resident"], again)
    db.expire_all()
    holding = db.get(Cardholding, holding_id)
    assert holding.expires_at > utcnow() + timedelta(days=364) and holding.paid_minor == 5500
    assert first_end is not None
    with tx() as s:
        [card] = cardholders.my_cards(s, club["resident"])
        rows, total = cardholders.programme_members(s, club["admin"], club["programme"])
    assert card.level == "Gold" and total == 1 and rows[0].identity_shown.endswith("8000")
    with tx() as s:
        plain = f.actor(s, f.user(s, Role.RESIDENT))
        standard = activation.buy_online(s, plain, club["standard"], "national_id", NATIONAL_ID)
    with pytest.raises(ServiceError, match="does not need renewing"), tx() as s:
        activation.renew(s, plain, standard.holding_id)
