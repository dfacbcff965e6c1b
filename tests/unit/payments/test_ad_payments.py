"""A merchant pays an ad booking by card: the ad is scheduled, the platform earns the money in a
balanced ledger transaction, and a replayed payment event changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.ads import AdBooking, AdSlot, AdStatus
from community_hub.models.base import utcnow
from community_hub.models.ledger import AccountKind, LedgerPosting, LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payment_hooks import register_payment_hooks
from community_hub.payments import intents, ledger, ledger_report
from community_hub.property import ad_payments, ads
from tests.unit.payments.helpers import deliver, event, fresh, intent


@pytest.fixture(autouse=True)
def _ad_hooks():
    # The payments conftest starts each test with no hooks; this module needs the app's (ads paid, refunds).
    register_payment_hooks()


def _booking(tx, people, days=3, price=1500) -> int:
    today = utcnow().date()
    with tx() as db:
        slot = AdSlot(community_id=people.community_id, placement="home_carousel", name="Home", currency="USD",
                      price_per_day_minor=price, capacity=1)
        db.add(slot)
        db.flush()
        b = ads.book_slot(db, people.merchant, slot.id, people.merchant_id, starts_on=today,
                          ends_on=today + timedelta(days=days - 1), kind="text", pay_with="money", text="Fresh bread")
        return b.id


def _ad_txs(db, booking_id):
    return db.exec(select(LedgerTransaction).where(LedgerTransaction.reference == f"ad:{booking_id}")).all()


def _assert_balanced(db, tx_row):
    postings = db.exec(select(LedgerPosting).where(LedgerPosting.transaction_id == tx_row.id)).all()
    assert len(postings) == 2 and sum(p.amount_minor for p in postings) == 0


def test_card_payment_schedules_the_ad_and_books_platform_revenue_once(tx, db, people, demo):
    bid = _booking(tx, people)
    revenue_before = ledger.balance_of(db, AccountKind.PLATFORM_REVENUE, "platform", "USD")
    with tx() as s:
        payment = ad_payments.pay_ad(s, people.merchant, bid, "4242 4242 4242 4242")
    booking = fresh(db, AdBooking, bid)
    assert booking.status == AdStatus.SCHEDULED and booking.payment_ref == f"payment:{payment.id}"
    assert fresh(db, Payment, payment.id).captured_minor == 4500
    txs = _ad_txs(db, bid)
    assert [t.kind for t in txs] == ["ad_paid"]
    _assert_balanced(db, txs[0])
    assert ledger.balance_of(db, AccountKind.PLATFORM_REVENUE, "platform", "USD") == revenue_before - 4500
    assert ledger_report.check_ledger(db).ok
    # The provider's answer read again, and the hook run again: nothing more is posted or changed.
    with tx() as s:
        intents.confirm_from_provider(s, people.merchant, payment.id)
        ad_payments.ad_paid(s, s.get(Payment, payment.id))
    assert len(_ad_txs(db, bid)) == 1 and fresh(db, AdBooking, bid).payment_ref == f"payment:{payment.id}"
    with pytest.raises(ServiceError, match="already paid"), tx() as s:
        ad_payments.pay_ad(s, people.merchant, bid, "4242424242424242")


def test_declined_card_leaves_the_booking_pending_and_posts_nothing(tx, db, people, demo):
    bid = _booking(tx, people, days=1)
    with pytest.raises(ServiceError), tx() as s:
        ad_payments.pay_ad(s, people.merchant, bid, "4000000000000002")
    assert fresh(db, AdBooking, bid).status == AdStatus.PENDING_PAYMENT
    assert _ad_txs(db, bid) == []


def test_another_merchant_cannot_pay_or_see_the_booking(tx, db, people, demo):
    bid = _booking(tx, people, days=1)
    with pytest.raises(ServiceError, match="not found|No such|does not exist"), tx() as s:
        ad_payments.pay_ad(s, people.other_merchant, bid, "4242424242424242")
    assert fresh(db, AdBooking, bid).status == AdStatus.PENDING_PAYMENT


def test_replayed_webhook_event_posts_once_and_schedules_once(tx, db, people, stripe_recorded):
    bid = _booking(tx, people, days=2, price=1000)
    with tx() as s:
        p = Payment(purpose=f"ad:{bid}", payer_user_id=people.merchant.user_id, payee="platform", amount_minor=2000,
                    currency="USD", provider="stripe", provider_id="pi_ad_1", idempotency_key=f"ad:{bid}:pay:1")
        s.add(p)
        s.flush()
        pid = p.id
    raw, sig = event("payment_intent.succeeded", intent("pi_ad_1", "succeeded", amount=2000))
    assert deliver(tx, raw, sig).status == "processed"
    assert deliver(tx, raw, sig).status == "duplicate"
    raw2, sig2 = event("payment_intent.succeeded", intent("pi_ad_1", "succeeded", amount=2000))
    deliver(tx, raw2, sig2)  # the provider's retry under a new event id
    assert fresh(db, Payment, pid).status == PaymentStatus.SUCCEEDED
    assert fresh(db, AdBooking, bid).status == AdStatus.SCHEDULED
    txs = _ad_txs(db, bid)
    assert [t.kind for t in txs] == ["ad_paid"]
    _assert_balanced(db, txs[0])
    assert ledger_report.check_ledger(db).ok
