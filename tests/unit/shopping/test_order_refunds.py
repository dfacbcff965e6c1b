"""A paid order that ends without the resident getting it refunds itself: cancelled, rejected, a
dispute decided with a refund, or money that arrived after the order was cancelled."""

from __future__ import annotations

import pytest

from community_hub import housekeeping
from community_hub.marketplace import cart, checkout, order_payments, orders
from community_hub.models import Role
from community_hub.models.orders import Order
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import intents, ledger, ledger_report
from tests import factories as f
from tests.unit.shopping.steps import CARD, pay


@pytest.fixture
def w(tx):
    with tx() as db:
        c = f.community(db)
        m = f.merchant(db)
        p = f.product(db, m.id, price_minor=1200, stock=9)
        resident = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id))
        owner = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=m.id))
        admin = f.actor(db, f.user(db, Role.PLATFORM_ADMIN))
        return {"resident": resident, "owner": owner, "admin": admin, "product": p.id, "merchant": m.id}


def _order(tx, w, n: int) -> int:
    with tx() as db:
        cart.add_to_cart(db, w["resident"], w["product"], 1)
        return checkout.place_order(db, w["resident"], w["merchant"], idempotency_key=f"refund-test-{n}",
                                    payment_method="card", address="A-1").id


def _money_back(db, pid: int, order_id: int) -> None:
    db.expire_all()
    payment = db.get(Payment, pid)
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_minor == 1200
    assert ledger.held_in_escrow(db, f"order:{order_id}", "USD") == 0
    assert ledger.paid_net(db, f"order:{order_id}", "USD") == 0
    assert ledger_report.check_ledger(db).ok


def test_a_paid_order_the_resident_cancels_is_refunded_once(tx, db, engine, w):
    oid = _order(tx, w, 1)
    pid = pay(tx, w["resident"], oid)
    with tx() as s:
        orders.cancel_order(s, w["resident"], oid, "ordered the wrong thing")
    assert housekeeping.run_once(engine)["ended paid orders refunded"] == 1
    _money_back(db, pid, oid)
    assert db.get(Order, oid).state == "refunded"
    assert housekeeping.run_once(engine)["ended paid orders refunded"] == 0  # nothing twice


def test_a_rejected_order_and_a_dispute_decided_for_the_resident_are_refunded(tx, db, engine, w):
    rejected, disputed = _order(tx, w, 2), _order(tx, w, 3)
    p1, p2 = pay(tx, w["resident"], rejected), pay(tx, w["resident"], disputed)
    with tx() as s:
        orders.reject_order(s, w["owner"], rejected, "closed today")
        for step in (orders.accept_order, orders.start_preparing):
            step(s, w["owner"], disputed)
        orders.send_out(s, w["owner"], disputed, "Sam")
        orders.mark_delivered(s, w["owner"], disputed)
    with tx() as s:
        orders.dispute_order(s, w["resident"], disputed, "eggs broken")
    with tx() as s:
        orders.resolve_dispute(s, w["admin"], disputed, refund=True, note="photos show damage")
    assert housekeeping.run_once(engine)["ended paid orders refunded"] == 2
    _money_back(db, p1, rejected)
    _money_back(db, p2, disputed)


def test_money_arriving_after_the_order_was_cancelled_goes_back(tx, db, engine, w):
    oid = _order(tx, w, 4)
    with tx() as s:  # the resident opens the card form, then cancels in another tab
        pid = order_payments.start_order_payment(s, w["resident"], oid).id
    with tx() as s:
        orders.cancel_order(s, w["resident"], oid, "changed my mind")
    with tx() as s:  # the card payment still goes through at the provider
        intents.confirm_payment(s, w["resident"], pid, CARD)
    db.expire_all()
    assert db.get(Payment, pid).status == PaymentStatus.SUCCEEDED
    housekeeping.run_once(engine)
    _money_back(db, pid, oid)
