"""StripeProvider against a local server answering with recorded Stripe responses: the real
stripe library makes the calls (transfers, Terminal, timeouts) and we check what arrived."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus, Payout
from community_hub.payments import intents, ledger, ledger_postings, ledger_report, payouts
from community_hub.payments.providers import registry
from community_hub.payments.providers.stripe import StripeProvider
from tests.throwaway import free_port
from tests.unit.payments.helpers import WEBHOOK_SECRET, deliver, event, fresh, intent

# These tests are about the wire protocol with Stripe; the database half that differs between
# SQLite and PostgreSQL (locking, de-duplication) is covered by the demo-flow and webhook tests.
pytestmark = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


def _owed(tx, people, amount=10_000):
    """The shop is owed money: an order paid through Stripe and settled (5% grocery fee)."""
    with tx() as db:
        ledger_postings.order_paid(db, reference="order:50", source="payment:x50", amount_minor=amount, currency="USD",
                          provider="stripe", counterparty=f"merchant:{people.merchant_id}")
        ledger_postings.order_settled(db, reference="order:50", merchant_id=people.merchant_id, category="grocery",
                             currency="USD")


def test_payout_transfers_to_the_connected_account_with_our_idempotency_key(tx, db, people, recorded, stripe_recorded):
    _owed(tx, people)
    with tx() as s:
        payouts.set_payout_account(s, people.merchant, people.merchant_id, "acct_1QWcz1Q6Rd6yT4Hk")
    with tx() as s:
        payout = payouts.send_payout(s, people.admin, people.merchant_id)
    sent = [r for r in recorded.requests if r.path == "/v1/transfers"]
    assert len(sent) == 1
    assert sent[0].headers["idempotency-key"] == f"payout:{payout.id}:transfer"
    assert sent[0].headers["authorization"] == "Bearer sk_test_recorded"
    assert sent[0].form["amount"] == "9500" and sent[0].form["destination"] == "acct_1QWcz1Q6Rd6yT4Hk"
    assert sent[0].form["currency"] == "usd"
    row = fresh(db, Payout, payout.id)
    assert row.status == "sent" and row.provider_transfer_id.startswith("tr_") and row.sent_at is not None
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 0
    with pytest.raises(ServiceError, match="nothing to pay out"), tx() as s:
        payouts.send_payout(s, people.admin, people.merchant_id)
    with pytest.raises(ServiceError, match="Only a platform admin"), tx() as s:
        payouts.send_payout(s, people.merchant, people.merchant_id)
    assert ledger_report.check_ledger(db).ok


def test_payout_without_a_connected_account_is_refused_and_sends_nothing(tx, db, people, recorded, stripe_recorded,
                                                                       caplog):
    _owed(tx, people)
    with pytest.raises(ServiceError, match="has not connected a payout account") as err, tx() as s:
        payouts.send_payout(s, people.admin, people.merchant_id)
    assert err.value.code == "no_payout_account"
    assert "no connected account" in caplog.text
    assert recorded.requests == [] and db.exec(select(Payout)).all() == []
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 9500
    with pytest.raises(ServiceError, match="acct_"), tx() as s:
        payouts.set_payout_account(s, people.merchant, people.merchant_id, "not-an-account")
    with pytest.raises(ServiceError, match="your own shop"), tx() as s:
        payouts.set_payout_account(s, people.other_merchant, people.merchant_id, "acct_1234567")


def test_transfer_that_times_out_is_retried_with_the_same_key_and_sent_once(tx, db, people, recorded,
                                                                         stripe_recorded):
    _owed(tx, people)
    with tx() as s:
        payouts.set_payout_account(s, people.admin, people.merchant_id, "acct_1QWcz1Q6Rd6yT4Hk")
    recorded.slow["/v1/transfers"] = 1  # Stripe makes the transfer but answers after our timeout
    with pytest.raises(ServiceError, match="not answering") as err, tx() as s:
        payouts.send_payout(s, people.admin, people.merchant_id)
    assert err.value.code == "provider_unavailable"
    payout = db.exec(select(Payout)).one()
    assert payout.status == "pending" and payout.provider_transfer_id is None
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 9500  # nothing posted yet
    with tx() as s:
        again = payouts.send_payout(s, people.admin, people.merchant_id)  # the retry takes the pending one
    assert again.id == payout.id and fresh(db, Payout, payout.id).status == "sent"
    keys = [r.headers["idempotency-key"] for r in recorded.requests if r.path == "/v1/transfers"]
    assert keys == [f"payout:{payout.id}:transfer"] * 2
    assert recorded.created["transfer"] == 1
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 0


def test_terminal_payment_is_processed_by_the_reader_and_paid_by_the_webhook(tx, db, people, recorded,
                                                                           stripe_recorded):
    with tx() as s:
        p, action = intents.start_terminal_payment(s, people.kiosk, purpose="order:60", amount_minor=1500,
                                               reader_id="tmr_FDOt2wlRZEdpd7",
                                               payee=f"merchant:{people.merchant_id}")
    create = next(r for r in recorded.requests if r.path == "/v1/payment_intents")
    assert create.form["payment_method_types[0]"] == "card_present"
    assert create.headers["idempotency-key"] == "order:60:pay:1"
    proc = next(r for r in recorded.requests if r.path.endswith("/process_payment_intent"))
    assert proc.path == "/v1/terminal/readers/tmr_FDOt2wlRZEdpd7/process_payment_intent"
    assert proc.form["payment_intent"] == p.provider_id
    assert proc.headers["idempotency-key"] == "order:60:pay:1:terminal:tmr_FDOt2wlRZEdpd7"
    assert (action.status, action.payment_id) == ("in_progress", p.provider_id)
    # The reader's answer does not move our state: only the provider's webhook does.
    assert fresh(db, Payment, p.id).status == PaymentStatus.REQUIRES_PAYMENT
    deliver(tx, *event("payment_intent.succeeded", intent(p.provider_id, "succeeded", amount=1500)))
    assert fresh(db, Payment, p.id).status == PaymentStatus.SUCCEEDED
    assert [t.kind for t in db.exec(select(LedgerTransaction))] == ["order_paid"]


def test_terminal_timeout_cancels_the_reader_and_the_payment(tx, db, people, recorded, stripe_recorded):
    with tx() as s:
        p, _ = intents.start_terminal_payment(s, people.kiosk, purpose="order:61", amount_minor=1500,
                                          reader_id="tmr_lobby", payee=f"merchant:{people.merchant_id}")
    with tx() as s:
        intents.cancel_terminal_payment(s, people.kiosk, p.id, "tmr_lobby")
    posts = recorded.paths("POST")
    assert "/v1/terminal/readers/tmr_lobby/cancel_action" in posts
    assert f"/v1/payment_intents/{p.provider_id}/cancel" in posts
    assert fresh(db, Payment, p.id).status == PaymentStatus.CANCELED
    recorded.offline_readers.add("tmr_offline")
    with pytest.raises(ServiceError, match="Reader is currently offline"), tx() as s:
        intents.start_terminal_payment(s, people.kiosk, purpose="order:62", amount_minor=900, reader_id="tmr_offline")


def test_create_that_times_out_is_retried_with_the_same_key_and_charges_once(tx, db, people, recorded,
                                                                          stripe_recorded):
    recorded.slow["/v1/payment_intents"] = 1
    with pytest.raises(ServiceError, match="not answering"), tx() as s:
        intents.start_payment(s, people.resident, purpose="order:70", amount_minor=4200,
                          payee=f"merchant:{people.merchant_id}")
    row = db.exec(select(Payment).where(Payment.purpose == "order:70")).one()
    assert row.status == PaymentStatus.REQUIRES_PAYMENT and row.provider_id is None
    with tx() as s:
        again = intents.start_payment(s, people.resident, purpose="order:70", amount_minor=4200,
                                  payee=f"merchant:{people.merchant_id}")
    assert again.id == row.id and again.provider_id in recorded.intents
    keys = [r.headers["idempotency-key"] for r in recorded.requests if r.path == "/v1/payment_intents"]
    assert keys == ["order:70:pay:1", "order:70:pay:1"]
    assert recorded.created["payment_intent"] == 1


def test_provider_not_listening_leaves_the_payment_unpaid(tx, db, people):
    dead = StripeProvider("sk_test_x", WEBHOOK_SECRET, api_base=f"http://127.0.0.1:{free_port()}", timeout=1,
                          max_network_retries=0, hosted_checkout=False)
    registry.use_provider(dead)
    with pytest.raises(ServiceError, match="not answering") as err, tx() as s:
        intents.start_payment(s, people.resident, purpose="order:80", amount_minor=1000)
    assert err.value.code == "provider_unavailable"
    row = db.exec(select(Payment).where(Payment.purpose == "order:80")).one()
    assert (row.status, row.provider_id) == (PaymentStatus.REQUIRES_PAYMENT, None)
    assert db.exec(select(LedgerTransaction)).all() == []
