"""Checkout with the offline demo provider: test cards, retries, refunds, what people see."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus, ProcessedWebhookEvent, Refund
from community_hub.payments import hooks, intents, ledger, ledger_report, receipts, refunds
from tests.unit.payments.helpers import fresh


def _start(tx, people, purpose="order:1", amount=2500, **kw):
    with tx() as db:
        return intents.start_payment(db, people.resident, purpose=purpose, amount_minor=amount,
                                 payee=f"merchant:{people.merchant_id}", **kw)


def _pay(tx, people, payment_id, card):
    with tx() as db:
        return intents.confirm_payment(db, people.resident, payment_id, card)


def _tx_kinds(db, reference):
    return [t.kind for t in db.exec(select(LedgerTransaction).where(LedgerTransaction.reference == reference)
                                    .order_by(LedgerTransaction.id)).all()]


def test_test_card_pays_through_the_webhook_path_once_and_runs_the_hook(tx, db, people, demo):
    paid = []
    hooks.on_payment_succeeded("order", lambda s, p: paid.append((p.purpose, p.status)))
    p = _start(tx, people)
    assert p.status == PaymentStatus.REQUIRES_PAYMENT and p.provider_id.startswith("pi_demo_")
    assert p.idempotency_key == "order:1:pay:1"
    _pay(tx, people, p.id, "4242 4242 4242 4242")
    row = fresh(db, Payment, p.id)
    assert row.status == PaymentStatus.SUCCEEDED and row.captured_minor == 2500
    assert paid == [("order:1", PaymentStatus.SUCCEEDED)]
    assert _tx_kinds(db, "order:1") == ["order_paid"]
    # The success came as a signed event through the same handler Stripe's would use.
    events = db.exec(select(ProcessedWebhookEvent).where(ProcessedWebhookEvent.payment_id == p.id)).all()
    assert "payment_intent.succeeded" in {e.type for e in events}
    assert ledger.held_in_escrow(db, "order:1", "USD") == 2500
    assert ledger_report.check_ledger(db).ok
    # A fresh read afterwards changes nothing and posts nothing more.
    with tx() as s:
        intents.confirm_from_provider(s, people.resident, p.id)
    assert _tx_kinds(db, "order:1") == ["order_paid"] and paid == [("order:1", PaymentStatus.SUCCEEDED)]
    with pytest.raises(ServiceError, match="already been paid"), tx() as s:
        intents.start_payment(s, people.resident, purpose="order:1", amount_minor=2500,
                          payee=f"merchant:{people.merchant_id}")


@pytest.mark.parametrize(("card", "message"), [
    ("4000000000000002", "Your card was declined"),
    ("4000 0000 0000 9995", "insufficient funds"),
    ("1234123412341234", "card number is incorrect"),
])
def test_declined_card_says_why_posts_nothing_and_another_card_can_pay(tx, db, people, demo, card, message):
    p = _start(tx, people)
    with pytest.raises(ServiceError, match=message), tx() as s:
        intents.confirm_payment(s, people.resident, p.id, card)
    row = fresh(db, Payment, p.id)
    assert row.status == PaymentStatus.FAILED and message.lower() in row.failure_message.lower()
    assert _tx_kinds(db, "order:1") == []
    again = _start(tx, people)  # the resident comes back: same payment, same provider intent
    assert again.id == p.id and again.provider_id == p.provider_id
    _pay(tx, people, p.id, "4242424242424242")
    assert fresh(db, Payment, p.id).status == PaymentStatus.SUCCEEDED
    assert _tx_kinds(db, "order:1") == ["order_paid"]


def test_provider_down_leaves_the_order_unpaid_and_the_retry_charges_once(tx, db, people, demo):
    demo.outage = True
    with pytest.raises(ServiceError, match="not answering") as err, tx() as s:
        intents.start_payment(s, people.resident, purpose="order:7", amount_minor=900,
                          payee=f"merchant:{people.merchant_id}")
    assert err.value.code == "provider_unavailable"
    row = db.exec(select(Payment).where(Payment.purpose == "order:7")).one()
    assert row.status == PaymentStatus.REQUIRES_PAYMENT and row.provider_id is None
    demo.outage = False
    again = _start(tx, people, purpose="order:7", amount=900)
    assert again.id == row.id and again.idempotency_key == "order:7:pay:1"
    _pay(tx, people, again.id, "4242424242424242")
    assert len(db.exec(select(Payment).where(Payment.purpose == "order:7")).all()) == 1
    assert _tx_kinds(db, "order:7") == ["order_paid"]


def test_changed_amount_cancels_the_old_attempt_and_starts_the_next(tx, db, people, demo):
    first = _start(tx, people, amount=1000)
    second = _start(tx, people, amount=1200)
    assert second.attempt == 2 and second.idempotency_key == "order:1:pay:2"
    assert fresh(db, Payment, first.id).status == PaymentStatus.CANCELED
    assert demo.retrieve(first.provider_id).status == "canceled"


def test_merchant_refunds_partially_then_fully_and_the_resident_sees_it(tx, db, people, demo):
    p = _start(tx, people, amount=3000)
    _pay(tx, people, p.id, "4242424242424242")
    with pytest.raises(ServiceError, match="Only the shop"), tx() as s:
        refunds.refund_payment(s, people.other_merchant, p.id, 500)
    with pytest.raises(ServiceError, match="Only the shop"), tx() as s:
        refunds.refund_payment(s, people.resident, p.id, 500)
    with tx() as s:
        r1 = refunds.refund_payment(s, people.merchant, p.id, 1000, reason="one item missing")
    assert fresh(db, Refund, r1.id).status == "succeeded"
    assert fresh(db, Payment, p.id).status == PaymentStatus.PARTIALLY_REFUNDED
    with pytest.raises(ServiceError, match=r"at most \$20\.00") as err, tx() as s:
        refunds.refund_payment(s, people.merchant, p.id, 2001)
    assert err.value.code == "refund_too_large"
    assert _tx_kinds(db, "order:1") == ["order_paid", "refund"]
    with tx() as s:
        refunds.refund_payment(s, people.admin, p.id)  # the rest
    row = fresh(db, Payment, p.id)
    assert row.status == PaymentStatus.REFUNDED and row.refunded_minor == 3000
    assert demo.retrieve(p.provider_id).amount_refunded == 3000
    assert _tx_kinds(db, "order:1") == ["order_paid", "refund", "refund"]
    assert ledger.paid_net(db, "order:1", "USD") == 0
    with db.begin_nested():
        history = receipts.resident_history(db, people.resident)
    assert [(h.kind, h.amount_minor) for h in history if h.kind == "refund"] == [("refund", -2000), ("refund", -1000)]
    assert receipts.resident_history(db, people.other_resident) == []
    rc = receipts.receipt(db, people.resident, p.id)
    assert rc.number == f"R-{p.id:06d}" and rc.net_minor == 0 and len(rc.refunds) == 2
    with pytest.raises(ServiceError):
        receipts.receipt(db, people.other_resident, p.id)
    assert ledger_report.check_ledger(db).ok


def test_hold_is_captured_by_the_shop_or_released(tx, db, people, demo):
    hold = _start(tx, people, purpose="deposit:3", amount=5000, capture_method="manual")
    _pay(tx, people, hold.id, "4242424242424242")
    assert fresh(db, Payment, hold.id).status == PaymentStatus.REQUIRES_CAPTURE
    assert _tx_kinds(db, "deposit:3") == []  # an authorisation moves no money yet
    with tx() as s:
        intents.capture_payment(s, people.merchant, hold.id, 4000)
    row = fresh(db, Payment, hold.id)
    assert row.status == PaymentStatus.SUCCEEDED and row.captured_minor == 4000
    assert _tx_kinds(db, "deposit:3") == ["deposit_held"]
    other = _start(tx, people, purpose="deposit:4", amount=5000, capture_method="manual")
    _pay(tx, people, other.id, "4242424242424242")
    with tx() as s:
        intents.cancel_payment(s, people.resident, other.id)
    assert fresh(db, Payment, other.id).status == PaymentStatus.CANCELED
    assert _tx_kinds(db, "deposit:4") == []


def test_kiosk_terminal_payment_with_the_demo_reader(tx, db, people, demo):
    with tx() as s:
        p, action = intents.start_terminal_payment(s, people.kiosk, purpose="order:9", amount_minor=700,
                                               reader_id="tmr_demo_lobby", payee=f"merchant:{people.merchant_id}")
    assert action.status == "succeeded"
    assert fresh(db, Payment, p.id).status == PaymentStatus.SUCCEEDED
    with tx() as s:
        q, action = intents.start_terminal_payment(s, people.kiosk, purpose="order:10", amount_minor=700,
                                               reader_id="tmr_demo_decline", payee=f"merchant:{people.merchant_id}")
    assert action.status == "failed"
    with tx() as s:
        intents.cancel_terminal_payment(s, people.kiosk, q.id, "tmr_demo_decline")
    assert fresh(db, Payment, q.id).status == PaymentStatus.CANCELED


def test_refund_with_the_provider_down_stays_pending_and_is_sent_once_on_retry(tx, db, people, demo):
    p = _start(tx, people, amount=2000)
    _pay(tx, people, p.id, "4242424242424242")
    demo.outage = True
    with pytest.raises(ServiceError, match="not answering"), tx() as s:
        refunds.refund_payment(s, people.merchant, p.id, 800)
    pending = db.exec(select(Refund).where(Refund.payment_id == p.id)).one()
    assert pending.status == "pending" and pending.provider_refund_id is None
    assert _tx_kinds(db, "order:1") == ["order_paid"]
    with pytest.raises(ServiceError, match="still being sent"), tx() as s:
        refunds.refund_payment(s, people.merchant, p.id, 300)  # a different refund must wait
    demo.outage = False
    with tx() as s:
        again = refunds.refund_payment(s, people.merchant, p.id, 800)
    assert again.id == pending.id and fresh(db, Refund, pending.id).status == "succeeded"
    assert demo.retrieve(p.provider_id).amount_refunded == 800
    assert _tx_kinds(db, "order:1") == ["order_paid", "refund"]
    assert fresh(db, Payment, p.id).refunded_minor == 800
