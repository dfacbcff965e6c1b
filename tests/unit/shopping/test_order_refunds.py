"""A paid order that ends without the resident getting it refunds itself: cancelled, rejected, a
dispute decided with a refund, or money that arrived after the order was cancelled."""

from __future__ import annotations

from community_hub import housekeeping
from community_hub.marketplace import cart, checkout, order_payments, orders
from community_hub.models.orders import Order
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import intents, ledger, ledger_report
from tests.unit.shopping.steps import CARD, pay


def _order(tx, shop, n: int) -> int:
    with tx() as db:
        cart.add_to_cart(db, shop["resident"], shop["product"], 1)
        return checkout.place_order(db, shop["resident"], shop["merchant"], idempotency_key=f"refund-test-{n}",
                                    payment_method="card", address="A-1").id


def _money_back(db, pid: int, order_id: int) -> None:
    db.expire_all()
    payment = db.get(Payment, pid)
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_minor == 1200
    assert ledger.held_in_escrow(db, f"order:{order_id}", "USD") == 0
    assert ledger.paid_net(db, f"order:{order_id}", "USD") == 0
    assert ledger_report.check_ledger(db).ok


def test_a_paid_order_the_resident_cancels_is_refunded_once(tx, db, engine, shop):
    oid = _order(tx, shop, 1)
    pid = pay(tx, shop["resident"], oid)
    with tx() as s:
        orders.cancel_order(s, shop["resident"], oid, "ordered the wrong thing")
    assert housekeeping.run_once(engine)["ended paid orders refunded"] == 1
    _money_back(db, pid, oid)
    assert db.get(Order, oid).state == "refunded"
    assert housekeeping.run_once(engine)["ended paid orders refunded"] == 0  # nothing twice


def test_a_rejected_order_and_a_dispute_decided_for_the_resident_are_refunded(tx, db, engine, shop):
    rejected, disputed = _order(tx, shop, 2), _order(tx, shop, 3)
    p1, p2 = pay(tx, shop["resident"], rejected), pay(tx, shop["resident"], disputed)
    with tx() as s:
        orders.reject_order(s, shop["owner"], rejected, "closed today")
        for step in (orders.accept_order, orders.start_preparing):
            step(s, shop["owner"], disputed)
        orders.send_out(s, shop["owner"], disputed, "Sam")
        orders.mark_delivered(s, shop["owner"], disputed)
    with tx() as s:
        orders.dispute_order(s, shop["resident"], disputed, "eggs broken")
    with tx() as s:
        orders.resolve_dispute(s, shop["admin"], disputed, refund=True, note="photos show damage")
    assert housekeeping.run_once(engine)["ended paid orders refunded"] == 2
    _money_back(db, p1, rejected)
    _money_back(db, p2, disputed)


def test_money_arriving_after_the_order_was_cancelled_goes_back(tx, db, engine, shop):
    oid = _order(tx, shop, 4)
    with tx() as s:  # the resident opens the card form, then cancels in another tab
        pid = order_payments.start_order_payment(s, shop["resident"], oid).id
    with tx() as s:
        orders.cancel_order(s, shop["resident"], oid, "changed my mind")
    with tx() as s:  # the card payment still goes through at the provider
        intents.confirm_payment(s, shop["resident"], pid, CARD)
    db.expire_all()
    assert db.get(Payment, pid).status == PaymentStatus.SUCCEEDED
    housekeeping.run_once(engine)
    _money_back(db, pid, oid)
