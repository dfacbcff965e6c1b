"""A resident's wallet: top-ups by card, paying orders and bills from it, refunds back into it,
its history with receipts; every movement balanced, nothing paid twice, nothing lost."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.models.ledger import AccountKind
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import hooks, intents, ledger, ledger_report, refunds, wallet
from tests.unit.payments.helpers import fresh

CARD = "4242424242424242"


def _top_up(tx, actor, amount="20.00"):
    with tx() as db:
        p = wallet.start_top_up(db, actor, amount)
    with tx() as db:
        intents.confirm_payment(db, actor, p.id, CARD)
    return p


def _order(tx, people, purpose="order:1", amount=1500):
    with tx() as db:
        return intents.start_payment(db, people.resident, purpose=purpose, amount_minor=amount,
                                     payee=f"merchant:{people.merchant_id}")


def _balance(db, actor):
    db.expire_all()
    return wallet.balance(db, actor)


def _wallet_clearing(db):
    return ledger.balance_of(db, AccountKind.PROVIDER_CLEARING, ledger.provider_owner("wallet"), "USD")


@pytest.mark.parametrize(("amount", "message"), [
    ("4.99", "smallest top-up is \\$5.00"), ("500.01", "largest top-up is \\$500.00"),
    ("abc", "as a number"), ("-5", ""), ("", "Enter the"), ("1.234", ""),
])
def test_a_top_up_outside_the_limits_is_refused_and_starts_nothing(tx, db, people, demo, amount, message):
    with pytest.raises(ServiceError, match=message or None), tx() as s:
        wallet.start_top_up(s, people.resident, amount)
    assert db.exec(select(Payment)).all() == []


def test_a_paid_top_up_is_credit_once_whatever_the_replays(tx, db, people, demo):
    p = _top_up(tx, people.resident, "20.00")
    assert _balance(db, people.resident) == 2000
    for _ in range(2):  # fresh reads and a second start change nothing
        with tx() as s:
            intents.confirm_from_provider(s, people.resident, p.id)
    with pytest.raises(ServiceError, match="already been paid"), tx() as s:
        intents.start_payment(s, people.resident, purpose=fresh(db, Payment, p.id).purpose, amount_minor=2000)
    assert _balance(db, people.resident) == 2000
    assert _balance(db, people.other_resident) == 0
    moves = wallet.history(db, people.resident)
    assert [(m.kind, m.amount_minor, m.receipt_payment_id) for m in moves] == [("wallet_topup", 2000, p.id)]
    assert ledger_report.check_ledger(db).ok
    with pytest.raises(ServiceError, match="not refunded"), tx() as s:
        refunds.refund_payment(s, people.admin, p.id)
    assert _balance(db, people.resident) == 2000


def test_a_declined_top_up_adds_nothing(tx, db, people, demo):
    with tx() as s:
        p = wallet.start_top_up(s, people.resident, "30")
    with pytest.raises(ServiceError, match="declined"), tx() as s:
        intents.confirm_payment(s, people.resident, p.id, "4000000000000002")
    assert _balance(db, people.resident) == 0 and wallet.history(db, people.resident) == []


def test_an_order_paid_from_the_wallet_moves_like_a_card_payment(tx, db, people, demo):
    paid = []
    hooks.on_payment_succeeded("order", lambda s, p: paid.append((p.purpose, p.status, p.provider)))
    top = _top_up(tx, people.resident, "20")
    card = _order(tx, people, amount=1500)
    with tx() as s:
        done = wallet.pay_from_wallet(s, people.resident, card.id)
    assert paid == [("order:1", PaymentStatus.SUCCEEDED, "wallet")]
    assert fresh(db, Payment, card.id).status == PaymentStatus.CANCELED  # the card attempt gave up
    row = fresh(db, Payment, done.id)
    assert row.status == PaymentStatus.SUCCEEDED and row.captured_minor == 1500 and row.attempt == 2
    assert intents.paid_payment_for(db, "order:1").id == done.id
    assert _balance(db, people.resident) == 500
    assert ledger.held_in_escrow(db, "order:1", "USD") == 1500
    assert _wallet_clearing(db) == 0
    moves = wallet.history(db, people.resident)
    assert [(m.kind, m.amount_minor, m.receipt_payment_id) for m in moves] == [
        ("wallet_spent", -1500, done.id), ("wallet_topup", 2000, top.id)]
    assert ledger_report.check_ledger(db).ok
    with pytest.raises(ServiceError, match="already been paid"), tx() as s:  # nothing paid twice
        wallet.pay_from_wallet(s, people.resident, done.id)
    assert _balance(db, people.resident) == 500 and paid == [("order:1", PaymentStatus.SUCCEEDED, "wallet")]


def test_a_wallet_smaller_than_the_bill_pays_nothing_and_says_so(tx, db, people, demo):
    _top_up(tx, people.resident, "10")
    card = _order(tx, people, amount=1500)
    with pytest.raises(ServiceError, match=r"Your wallet holds \$10.00; this costs \$15.00. Nothing was paid") as err, \
            tx() as s:
        wallet.pay_from_wallet(s, people.resident, card.id)
    assert err.value.code == "wallet_too_low"
    assert fresh(db, Payment, card.id).status == PaymentStatus.REQUIRES_PAYMENT  # the card can still pay
    assert _balance(db, people.resident) == 1000 and ledger.held_in_escrow(db, "order:1", "USD") == 0
    with tx() as s:
        intents.confirm_payment(s, people.resident, card.id, CARD)
    assert fresh(db, Payment, card.id).status == PaymentStatus.SUCCEEDED


def test_no_one_pays_another_residents_payment_from_their_wallet(tx, db, people, demo):
    _top_up(tx, people.other_resident, "50")
    card = _order(tx, people)
    with pytest.raises(NotFound), tx() as s:
        wallet.pay_from_wallet(s, people.other_resident, card.id)
    assert _balance(db, people.other_resident) == 5000


def test_a_bill_paid_from_the_wallet_is_collected_for_the_company(tx, db, people, demo):
    _top_up(tx, people.resident, "40")
    with tx() as s:
        bill = intents.start_payment(s, people.resident, purpose="bill:9", amount_minor=3000, payee="property:1")
    with tx() as s:
        wallet.pay_from_wallet(s, people.resident, bill.id)
    assert _balance(db, people.resident) == 1000
    assert ledger.owed_to(db, "property:1", "USD") == 3000
    assert ledger_report.check_ledger(db).ok


def test_a_refund_of_a_wallet_payment_goes_back_into_the_wallet(tx, db, people, demo):
    refunded = []
    hooks.on_payment_refunded("order", lambda s, p: refunded.append(p.refunded_minor))
    _top_up(tx, people.resident, "20")
    card = _order(tx, people, amount=1500)
    with tx() as s:
        done = wallet.pay_from_wallet(s, people.resident, card.id)
    with tx() as s:
        refunds.refund_payment(s, people.merchant, done.id, 500, "one cake was missing")
    assert _balance(db, people.resident) == 1000 and refunded == [500]
    assert fresh(db, Payment, done.id).status == PaymentStatus.PARTIALLY_REFUNDED
    with tx() as s:
        refunds.refund_payment(s, people.merchant, done.id)
    assert _balance(db, people.resident) == 2000 and refunded == [500, 1500]
    assert fresh(db, Payment, done.id).status == PaymentStatus.REFUNDED
    with pytest.raises(ServiceError, match="Only a completed payment"), tx() as s:
        refunds.refund_payment(s, people.merchant, done.id, 1)
    assert _wallet_clearing(db) == 0 and ledger.held_in_escrow(db, "order:1", "USD") == 0
    kinds = [m.kind for m in wallet.history(db, people.resident)]
    assert kinds == ["wallet_refund", "wallet_refund", "wallet_spent", "wallet_topup"]
    assert {m.receipt_payment_id for m in wallet.history(db, people.resident)[:3]} == {done.id}
    assert ledger_report.check_ledger(db).ok


_example = itertools.count(1)
steps = st.lists(st.tuples(st.sampled_from(["top_up", "pay", "pay", "refund"]), st.integers(500, 4000)),
                 min_size=3, max_size=8)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_any_sequence_keeps_the_wallet_equal_to_the_ledger_and_never_negative(tx, db, people, demo, steps):
    n = next(_example)
    expected = _balance(db, people.resident)
    paid: list[tuple[int, int]] = []  # (payment id, what is left to refund)
    for i, (kind, amount) in enumerate(steps):
        if kind == "top_up":
            _top_up(tx, people.resident, str(amount // 100))
            expected += amount // 100 * 100
        elif kind == "pay":
            card = _order(tx, people, purpose=f"order:h{n}x{i}", amount=amount)
            try:
                with tx() as s:
                    done = wallet.pay_from_wallet(s, people.resident, card.id)
            except ServiceError as exc:
                assert exc.code == "wallet_too_low" and expected < amount
            else:
                expected -= amount
                paid.append((done.id, amount))
        elif paid:
            pid, left = paid.pop(0)
            part = min(left, amount)
            with tx() as s:
                refunds.refund_payment(s, people.merchant, pid, part)
            expected += part
        assert _balance(db, people.resident) == expected >= 0
    assert _wallet_clearing(db) == 0
    assert ledger_report.check_ledger(db).ok


def test_a_card_refund_goes_where_the_payer_chose(tx, db, people, demo):
    for purpose in ("order:21", "order:22"):
        card = _order(tx, people, purpose=purpose, amount=1200)
        with tx() as s:
            intents.confirm_payment(s, people.resident, card.id, CARD)
    first, second = (intents.paid_payment_for(db, p) for p in ("order:21", "order:22"))
    with tx() as s:
        assert wallet.refund_choice(s, people.resident) is False  # default: back to the card
    with tx() as s:
        refunds.refund_payment(s, people.merchant, first.id, 200)
    assert _balance(db, people.resident) == 0
    with tx() as s:
        wallet.set_refund_choice(s, people.resident, True)
    with tx() as s:
        refunds.refund_payment(s, people.merchant, first.id, 300)
        refunds.refund_payment(s, people.merchant, second.id)
    assert _balance(db, people.resident) == 1500
    assert fresh(db, Payment, second.id).status == PaymentStatus.REFUNDED
    assert ledger.held_in_escrow(db, "order:21", "USD") == 700 and ledger.held_in_escrow(db, "order:22", "USD") == 0
    with pytest.raises(ServiceError, match="Only a completed payment"), tx() as s:  # nothing paid back twice
        refunds.refund_payment(s, people.merchant, second.id, 1)
    assert [m.receipt_payment_id for m in wallet.history(db, people.resident)] == [second.id, first.id]
    with tx() as s:
        wallet.set_refund_choice(s, people.resident, False)
    with tx() as s:
        refunds.refund_payment(s, people.merchant, first.id, 100)
    assert _balance(db, people.resident) == 1500  # back to the card again
    with pytest.raises(ServiceError, match="wallet or the card"), tx() as s:
        wallet.set_refund_choice(s, people.resident, "yes")
    assert ledger_report.check_ledger(db).ok
