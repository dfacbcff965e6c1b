"""Card entry on Stripe's hosted page (issue 20): the real `stripe` library against a local stand-in
answering with recorded Checkout Session objects (tests/stripe_checkout.py), and signed webhook
events through the app's one webhook path. Nothing of Stripe's runs in our pages; the payment moves
only on Stripe's word, once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import hooks, hosted_checkout, intents, ledger_report, refunds
from community_hub.payments.providers import registry
from community_hub.payments.providers.stripe import StripeProvider
from tests.stripe_checkout import CheckoutStandIn, serve_checkout
from tests.unit.payments.helpers import WEBHOOK_SECRET, deliver, fresh

ORIGIN = "http://localhost:3000"  # the app's own address (config.allowed_origins)


@pytest.fixture
def checkout() -> Iterator[CheckoutStandIn]:
    with serve_checkout(WEBHOOK_SECRET) as standin:
        registry.use_provider(StripeProvider("sk_test_checkout", WEBHOOK_SECRET, api_base=standin.url, timeout=2,
                                             max_network_retries=0))
        yield standin


def _start(tx, people, amount=2500, purpose="order:7"):
    with tx() as db:
        return intents.start_payment(db, people.resident, purpose=purpose, amount_minor=amount,
                                     payee=f"merchant:{people.merchant_id}", description="Order #7 at Shop 1")


def _open(tx, people, payment_id, origin=ORIGIN) -> str:
    with tx() as db:
        return hosted_checkout.open_checkout(db, people.resident, payment_id, origin)


def _deliver_last(tx, checkout):
    body, signature = checkout.events[-1]
    return deliver(tx, body, signature)


def _kinds(db, reference):
    return [t.kind for t in db.exec(select(LedgerTransaction).where(LedgerTransaction.reference == reference)
                                    .order_by(LedgerTransaction.id)).all()]


def test_the_payer_pays_on_stripes_page_and_the_webhook_pays_the_order_once(tx, db, people, checkout):
    paid = []
    hooks.on_payment_succeeded("order", lambda s, p: paid.append(p.purpose))
    payment = _start(tx, people)
    assert payment.provider_id is None and checkout.requests == []  # nothing asked of Stripe before Pay
    url = _open(tx, people, payment.id)
    session_id = url.rsplit("/", 1)[-1]
    assert url == f"{checkout.url}/c/pay/{session_id}"
    [(method, path, form)] = checkout.requests
    assert (method, path) == ("POST", "/v1/checkout/sessions")
    assert form["line_items[0][price_data][unit_amount]"] == "2500" and form["mode"] == "payment"
    assert form["success_url"] == f"{ORIGIN}/pay/{payment.id}?back=1"
    assert form["cancel_url"] == f"{ORIGIN}/pay/{payment.id}?cancelled=1"
    assert form["metadata[hub_payment_id]"] == str(payment.id)
    assert form["payment_intent_data[metadata][hub_payment_id]"] == str(payment.id)
    assert checkout.idempotency_keys == ["order:7:pay:1:checkout:1"]
    assert _open(tx, people, payment.id) == url  # Pay again while it is open: the same page, no new one

    checkout.pay(session_id)
    result = _deliver_last(tx, checkout)
    assert result.status == "processed"
    row = fresh(db, Payment, payment.id)
    assert row.status == PaymentStatus.SUCCEEDED and row.captured_minor == 2500
    assert row.provider_id == checkout.sessions[session_id]["payment_intent"]
    assert paid == ["order:7"] and _kinds(db, "order:7") == ["order_paid"]
    assert _deliver_last(tx, checkout).status == "duplicate"  # Stripe delivers again: nothing twice
    with tx() as s:
        hosted_checkout.refresh_checkout(s, people.resident, payment.id)
    assert paid == ["order:7"] and _kinds(db, "order:7") == ["order_paid"]
    assert ledger_report.check_ledger(db).ok
    with pytest.raises(ServiceError, match="already been paid"):
        _open(tx, people, payment.id)


def test_the_return_page_confirms_from_stripe_when_the_webhook_is_late(tx, db, people, checkout):
    payment = _start(tx, people)
    session_id = _open(tx, people, payment.id).rsplit("/", 1)[-1]
    with tx() as s:  # back without paying: still open, nothing changed
        assert hosted_checkout.refresh_checkout(s, people.resident, payment.id).status == PaymentStatus.REQUIRES_PAYMENT
    checkout.pay(session_id)  # Stripe's event is not here yet
    with tx() as s:
        hosted_checkout.refresh_checkout(s, people.resident, payment.id)
    assert fresh(db, Payment, payment.id).status == PaymentStatus.SUCCEEDED
    assert _deliver_last(tx, checkout).status == "processed"  # late event: recorded, no second posting
    assert _kinds(db, "order:7") == ["order_paid"]


def test_a_declined_card_leaves_the_page_open_and_nothing_paid(tx, db, people, checkout):
    payment = _start(tx, people)
    session_id = _open(tx, people, payment.id).rsplit("/", 1)[-1]
    assert checkout.pay(session_id, "4000 0000 0000 0002") == {"declined": True}
    with tx() as s:
        hosted_checkout.refresh_checkout(s, people.resident, payment.id)
    assert fresh(db, Payment, payment.id).status == PaymentStatus.REQUIRES_PAYMENT and checkout.events == []


def test_an_expired_page_keeps_the_payment_open_and_the_next_pay_makes_a_new_one(tx, db, people, checkout):
    payment = _start(tx, people)
    first = _open(tx, people, payment.id).rsplit("/", 1)[-1]
    assert deliver(tx, *checkout.expire(first)).status == "processed"
    row = fresh(db, Payment, payment.id)
    assert row.status == PaymentStatus.REQUIRES_PAYMENT and row.checkout_id is None
    second = _open(tx, people, payment.id).rsplit("/", 1)[-1]
    assert second != first
    assert checkout.idempotency_keys == ["order:7:pay:1:checkout:1", "order:7:pay:1:checkout:2"]


def test_a_changed_amount_closes_the_old_page_before_the_new_attempt(tx, db, people, checkout):
    payment = _start(tx, people)
    old = _open(tx, people, payment.id).rsplit("/", 1)[-1]
    again = _start(tx, people, amount=3100)  # the order changed: a new attempt
    assert again.attempt == 2 and checkout.sessions[old]["status"] == "expired"
    assert fresh(db, Payment, payment.id).status == PaymentStatus.CANCELED
    with pytest.raises(ValueError, match="expired"):
        checkout.pay(old)  # Stripe's page no longer takes money


def test_refunds_work_on_the_payment_intent_the_page_made(tx, db, people, checkout):
    payment = _start(tx, people)
    session_id = _open(tx, people, payment.id).rsplit("/", 1)[-1]
    checkout.pay(session_id)
    _deliver_last(tx, checkout)
    with tx() as s:
        refunds.refund_payment(s, people.admin, payment.id, 1000, reason="one item missing")
    [refund] = checkout.refunds
    assert refund["payment_intent"] == checkout.sessions[session_id]["payment_intent"] and refund["amount"] == 1000
    assert fresh(db, Payment, payment.id).refunded_minor == 1000
    assert ledger_report.check_ledger(db).ok


def test_bad_signatures_unknown_pages_and_strange_return_addresses_change_nothing(tx, db, people, checkout):
    payment = _start(tx, people)
    session_id = _open(tx, people, payment.id).rsplit("/", 1)[-1]
    checkout.deliver = False
    checkout.pay(session_id)
    body, _signature = checkout.events[-1]
    assert deliver(tx, body, "t=1,v1=forged").status == "rejected"
    assert fresh(db, Payment, payment.id).status == PaymentStatus.REQUIRES_PAYMENT
    stranger = CheckoutStandIn(webhook_secret=WEBHOOK_SECRET)
    stranger.sessions["cs_test_unknown"] = {"id": "cs_test_unknown", "status": "complete", "payment_status": "paid",
                                            "amount_total": 999, "currency": "usd", "metadata": {}}
    assert deliver(tx, *stranger._event("checkout.session.completed", stranger.sessions["cs_test_unknown"])).status \
        == "unknown_payment"
    other = _start(tx, people, purpose="order:8")
    with pytest.raises(ServiceError, match="not the app's own"):
        _open(tx, people, other.id, origin="https://evil.example")
    with pytest.raises(ServiceError, match="payment"), tx() as s:
        hosted_checkout.open_checkout(s, people.other_resident, other.id, ORIGIN)  # not theirs: not found


def test_a_bill_paid_with_stripe_goes_on_at_the_hosted_page_and_is_paid_by_its_webhook(tx, db, people, checkout):
    from community_hub.core.errors import ContinueElsewhere
    from community_hub.models import Role
    from community_hub.models.billing import Bill
    from community_hub.payment_hooks import register_payment_hooks
    from community_hub.property import bill_payments, billing
    from tests import factories as f

    register_payment_hooks()
    with tx() as s:
        staff = f.actor(s, f.user(s, Role.PROPERTY_STAFF, community_id=people.community_id))
        billing.add_fee_item(s, staff, people.community_id, name="Cleaning", kind="fixed", rate_minor=1500)
        billing.generate_bills(s, staff, people.community_id, "2026-11")
        bill_id = s.exec(select(Bill.id).where(Bill.household_id == people.resident.household_id)).one()
    with pytest.raises(ContinueElsewhere) as went, tx() as s:
        bill_payments.pay_bill(s, people.resident, bill_id, "4242 4242 4242 4242")  # the card is never sent
    payment = db.exec(select(Payment).where(Payment.purpose == f"bill:{bill_id}")).one()
    assert went.value.path == f"/pay/{payment.id}" and checkout.requests == []
    session_id = _open(tx, people, payment.id).rsplit("/", 1)[-1]
    checkout.pay(session_id)
    assert _deliver_last(tx, checkout).status == "processed"
    assert fresh(db, Bill, bill_id).status == "paid"
    assert ledger_report.check_ledger(db).ok
