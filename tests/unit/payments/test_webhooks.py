"""Webhooks signed in Stripe's scheme: accepted once, replays and reordering harmless, forgeries
and unknown payments without effect."""

from __future__ import annotations

import threading
import time

import stripe
from sqlmodel import select

from community_hub.models.ledger import LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus, ProcessedWebhookEvent, Refund
from community_hub.payments import hooks, ledger_report
from tests.unit.payments.helpers import WEBHOOK_SECRET, deliver, event, fresh, intent


def _payment(tx, people, pid="pi_wh_1", amount=2000, purpose="order:1", provider_id=True) -> int:
    with tx() as db:
        p = Payment(purpose=purpose, payer_user_id=people.resident.user_id, payee=f"merchant:{people.merchant_id}",
                    amount_minor=amount, currency="USD", provider="stripe",
                    provider_id=pid if provider_id else None, idempotency_key=f"{purpose}:pay:1")
        db.add(p)
        db.flush()
        return p.id


def _ledger(db, reference="order:1"):
    return [t.kind for t in db.exec(select(LedgerTransaction).where(LedgerTransaction.reference == reference))]


def test_valid_event_applies_once_even_when_delivered_twice(tx, db, people, stripe_recorded):
    pid = _payment(tx, people)
    raw, sig = event("payment_intent.succeeded", intent("pi_wh_1", "succeeded"))
    first = deliver(tx, raw, sig)
    assert (first.status, first.http_status) == ("processed", 200)
    assert fresh(db, Payment, pid).status == PaymentStatus.SUCCEEDED
    second = deliver(tx, raw, sig)
    assert (second.status, second.http_status) == ("duplicate", 200)
    # A different event saying the same thing (the provider's retry with a new id) posts nothing new.
    raw2, sig2 = event("payment_intent.succeeded", intent("pi_wh_1", "succeeded"))
    assert deliver(tx, raw2, sig2).status == "processed"
    assert _ledger(db) == ["order_paid"]
    assert len(db.exec(select(ProcessedWebhookEvent)).all()) == 2
    assert ledger_report.check_ledger(db).ok


def test_out_of_order_events_end_in_the_right_state(tx, db, people, stripe_recorded):
    pid = _payment(tx, people)
    now = int(time.time())
    ordered = [
        event("payment_intent.processing", intent("pi_wh_1", "processing"), created=now - 30),
        event("payment_intent.payment_failed", intent("pi_wh_1", "requires_payment_method",
                                                      last_payment_error={"message": "declined"}), created=now - 20),
        event("payment_intent.succeeded", intent("pi_wh_1", "succeeded"), created=now - 10),
    ]
    for raw, sig in reversed(ordered):  # newest first
        assert deliver(tx, raw, sig).http_status == 200
    row = fresh(db, Payment, pid)
    assert row.status == PaymentStatus.SUCCEEDED and row.failure_message == ""
    assert _ledger(db) == ["order_paid"]
    # A late "canceled" cannot undo money that moved.
    raw, sig = event("payment_intent.canceled", intent("pi_wh_1", "canceled"), created=now - 40)
    deliver(tx, raw, sig)
    assert fresh(db, Payment, pid).status == PaymentStatus.SUCCEEDED


def test_stale_failure_after_newer_processing_is_ignored(tx, db, people, stripe_recorded):
    pid = _payment(tx, people)
    now = int(time.time())
    deliver(tx, *event("payment_intent.processing", intent("pi_wh_1", "processing"), created=now))
    deliver(tx, *event("payment_intent.payment_failed", intent("pi_wh_1", "requires_payment_method"),
                       created=now - 60))
    assert fresh(db, Payment, pid).status == PaymentStatus.PROCESSING


def test_refund_events_reordered_and_replayed_post_one_refund(tx, db, people, stripe_recorded):
    pid = _payment(tx, people)
    deliver(tx, *event("payment_intent.succeeded", intent("pi_wh_1", "succeeded")))
    refund = {"id": "re_wh_1", "object": "refund", "amount": 500, "currency": "usd",
              "payment_intent": "pi_wh_1", "metadata": {}}
    done = event("refund.updated", {**refund, "status": "succeeded"})
    deliver(tx, *done)
    deliver(tx, *event("refund.created", {**refund, "status": "pending"}))  # arrives late
    deliver(tx, *done)  # and the provider redelivers
    row = fresh(db, Payment, pid)
    assert row.status == PaymentStatus.PARTIALLY_REFUNDED and row.refunded_minor == 500
    refunds = db.exec(select(Refund).where(Refund.payment_id == pid)).all()
    assert [(r.amount_minor, r.status, r.reason) for r in refunds] == [(500, "succeeded", "refunded at the provider")]
    assert sorted(_ledger(db)) == ["order_paid", "refund"]
    assert ledger_report.check_ledger(db).ok


def test_refund_event_before_the_payment_event_reads_the_payment_fresh(tx, db, people, recorded, stripe_recorded):
    pid = _payment(tx, people)
    recorded.intents["pi_wh_1"] = intent("pi_wh_1", "succeeded")  # what a fresh GET will say
    raw, sig = event("refund.created", {"id": "re_wh_2", "object": "refund", "amount": 2000, "currency": "usd",
                                        "payment_intent": "pi_wh_1", "status": "succeeded", "metadata": {}})
    assert deliver(tx, raw, sig).status == "processed"
    assert "/v1/payment_intents/pi_wh_1" in recorded.paths("GET")
    row = fresh(db, Payment, pid)
    assert row.status == PaymentStatus.REFUNDED
    assert sorted(_ledger(db)) == ["order_paid", "refund"]


def test_bad_signature_tampered_body_and_stale_timestamp_change_nothing(tx, db, people, stripe_recorded):
    pid = _payment(tx, people)
    raw, sig = event("payment_intent.succeeded", intent("pi_wh_1", "succeeded"))
    forged = stripe.WebhookSignature.generate_signature_header(raw.decode(), "whsec_wrong_secret")
    tampered = raw.replace(b'"amount": 2000', b'"amount": 1')
    old_body = raw.decode()
    stale = stripe.WebhookSignature.generate_signature_header(old_body, WEBHOOK_SECRET,
                                                              timestamp=int(time.time()) - 3600)
    for body, header in [(raw, forged), (tampered, sig), (raw, stale), (raw, ""), (raw, "t=abc,v1=zz"),
                         (b"not json", sig)]:
        result = deliver(tx, body, header)
        assert (result.status, result.http_status) == ("rejected", 400)
    assert fresh(db, Payment, pid).status == PaymentStatus.REQUIRES_PAYMENT
    assert db.exec(select(ProcessedWebhookEvent)).all() == []
    assert _ledger(db) == []


def test_unknown_payment_is_acknowledged_and_logged_without_effect(tx, db, people, stripe_recorded, caplog):
    raw, sig = event("payment_intent.succeeded", intent("pi_nobody", "succeeded"))
    result = deliver(tx, raw, sig)
    assert (result.status, result.http_status) == ("unknown_payment", 200)
    assert "no payment of ours" in caplog.text
    assert db.exec(select(LedgerTransaction)).all() == []
    assert db.exec(select(ProcessedWebhookEvent)).one().outcome == "unknown_payment"


def test_event_for_a_create_that_timed_out_is_matched_by_our_payment_id(tx, db, people, stripe_recorded):
    pid = _payment(tx, people, provider_id=False)
    raw, sig = event("payment_intent.succeeded",
                     intent("pi_late_1", "succeeded", metadata={"hub_payment_id": str(pid), "purpose": "order:1"}))
    assert deliver(tx, raw, sig).status == "processed"
    row = fresh(db, Payment, pid)
    assert row.provider_id == "pi_late_1" and row.status == PaymentStatus.SUCCEEDED


def test_hook_failure_rolls_back_the_event_so_the_retry_applies_it(tx, db, people, stripe_recorded):
    pid = _payment(tx, people)
    calls = []

    def flaky(db, payment):
        calls.append(payment.id)
        if len(calls) == 1:
            raise RuntimeError("orders service hiccup")

    hooks.on_payment_succeeded("order", flaky)
    raw, sig = event("payment_intent.succeeded", intent("pi_wh_1", "succeeded"))
    try:
        deliver(tx, raw, sig)
    except RuntimeError:
        pass
    assert fresh(db, Payment, pid).status == PaymentStatus.REQUIRES_PAYMENT
    assert db.exec(select(ProcessedWebhookEvent)).all() == [] and _ledger(db) == []
    assert deliver(tx, raw, sig).status == "processed"  # the provider's retry
    assert fresh(db, Payment, pid).status == PaymentStatus.SUCCEEDED and _ledger(db) == ["order_paid"]


def test_the_same_event_delivered_concurrently_has_one_effect(tx, db, people, stripe_recorded):
    pid = _payment(tx, people)
    raw, sig = event("payment_intent.succeeded", intent("pi_wh_1", "succeeded"))
    results, errors = [], []
    start = threading.Barrier(3)

    def worker():
        start.wait()
        try:
            results.append(deliver(tx, raw, sig).status)
        except Exception as exc:  # noqa: BLE001 - a failed delivery is retried by the provider
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and sorted(results) == ["duplicate", "duplicate", "processed"]
    assert fresh(db, Payment, pid).status == PaymentStatus.SUCCEEDED
    assert _ledger(db) == ["order_paid"]
    assert len(db.exec(select(ProcessedWebhookEvent)).all()) == 1
