"""StripeProvider against a real localstripe process on 127.0.0.1: intents, confirm, capture,
cancel, refunds, declines, and reconciliation against what the provider says."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import intents, ledger, ledger_report, money_admin, refunds
from tests.unit.payments.conftest import localstripe_card
from tests.unit.payments.helpers import fresh

# These tests are about the wire protocol with Stripe; the database half that differs between
# SQLite and PostgreSQL (locking, de-duplication) is covered by the demo-flow and webhook tests.
pytestmark = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


def _kinds(db, reference):
    return [t.kind for t in db.exec(select(LedgerTransaction).where(LedgerTransaction.reference == reference)
                                    .order_by(LedgerTransaction.id))]


def _start(tx, people, purpose, amount, **kw):
    with tx() as db:
        return intents.start_payment(db, people.resident, purpose=purpose, amount_minor=amount,
                                 payee=f"merchant:{people.merchant_id}", **kw)


def test_intent_confirm_refund_partial_then_full(tx, db, people, stripe_local):
    p = _start(tx, people, "order:1", 3000)
    assert p.provider_id.startswith("pi_") and p.client_secret.startswith(p.provider_id)
    assert stripe_local.retrieve(p.provider_id).metadata == {"hub_payment_id": str(p.id), "purpose": "order:1"}
    with tx() as s:
        intents.confirm_payment(s, people.resident, p.id, localstripe_card(stripe_local, "4242424242424242"))
    row = fresh(db, Payment, p.id)
    assert row.status == PaymentStatus.SUCCEEDED and row.captured_minor == 3000
    assert _kinds(db, "order:1") == ["order_paid"]
    with tx() as s:
        refunds.refund_payment(s, people.merchant, p.id, 1200, reason="late delivery")
    assert stripe_local.retrieve(p.provider_id).amount_refunded == 1200
    with pytest.raises(ServiceError, match=r"at most \$18\.00"), tx() as s:
        refunds.refund_payment(s, people.merchant, p.id, 1801)
    assert _kinds(db, "order:1") == ["order_paid", "refund"]
    with tx() as s:
        refunds.refund_payment(s, people.merchant, p.id)
    row = fresh(db, Payment, p.id)
    assert row.status == PaymentStatus.REFUNDED and row.refunded_minor == 3000
    assert stripe_local.retrieve(p.provider_id).amount_refunded == 3000
    assert ledger.paid_net(db, "order:1", "USD") == 0
    report = money_admin.reconciliation_report(db, people.admin)
    assert report.ok and report.rows[0].provider_net_minor == 0 == report.rows[0].ledger_net_minor
    assert ledger_report.check_ledger(db).ok


def test_manual_capture_and_cancel(tx, db, people, stripe_local):
    hold = _start(tx, people, "order:2", 5000, capture_method="manual")
    with tx() as s:
        intents.confirm_payment(s, people.resident, hold.id, localstripe_card(stripe_local, "4242424242424242"))
    assert fresh(db, Payment, hold.id).status == PaymentStatus.REQUIRES_CAPTURE
    assert _kinds(db, "order:2") == []
    with tx() as s:
        intents.capture_payment(s, people.merchant, hold.id)
    assert fresh(db, Payment, hold.id).status == PaymentStatus.SUCCEEDED
    assert stripe_local.retrieve(hold.provider_id).status == "succeeded"
    assert _kinds(db, "order:2") == ["order_paid"]

    other = _start(tx, people, "order:3", 5000, capture_method="manual")
    with tx() as s:
        intents.confirm_payment(s, people.resident, other.id, localstripe_card(stripe_local, "4242424242424242"))
    with tx() as s:
        intents.cancel_payment(s, people.resident, other.id)
    assert fresh(db, Payment, other.id).status == PaymentStatus.CANCELED
    assert stripe_local.retrieve(other.provider_id).status == "canceled"
    assert _kinds(db, "order:3") == []


def test_declined_card_is_a_clear_message_and_nothing_is_posted(tx, db, people, stripe_local):
    p = _start(tx, people, "order:4", 1800)
    card = localstripe_card(stripe_local, "4000000000000341")  # attaches, then the charge is declined
    with pytest.raises(ServiceError, match="Your card was declined") as err, tx() as s:
        intents.confirm_payment(s, people.resident, p.id, card)
    assert err.value.code == "declined"
    row = fresh(db, Payment, p.id)
    assert row.status == PaymentStatus.FAILED and "declined" in row.failure_message
    assert _kinds(db, "order:4") == []
    with pytest.raises(ServiceError, match="Only a completed payment"), tx() as s:
        refunds.refund_payment(s, people.merchant, p.id, 100)


def test_fresh_read_moves_state_and_reconciliation_lists_a_mismatch(tx, db, people, stripe_local):
    p = _start(tx, people, "order:5", 2200)
    # The card form confirms in the browser: we hear nothing until we read the intent fresh.
    stripe_local.confirm(p.provider_id, localstripe_card(stripe_local, "4242424242424242"), "browser-side")
    assert fresh(db, Payment, p.id).status == PaymentStatus.REQUIRES_PAYMENT
    report = money_admin.reconciliation_report(db, people.admin)
    assert [m.payment_id for m in report.mismatches] == [p.id]
    assert "provider says succeeded" in report.mismatches[0].problem
    with tx() as s:
        intents.confirm_from_provider(s, people.resident, p.id)
    assert fresh(db, Payment, p.id).status == PaymentStatus.SUCCEEDED
    assert _kinds(db, "order:5") == ["order_paid"]
    assert money_admin.reconciliation_report(db, people.admin).ok
    with pytest.raises(ServiceError, match="platform admin"):
        money_admin.reconciliation_report(db, people.merchant)
