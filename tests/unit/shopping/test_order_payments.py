"""Paying an order with the demo provider: the order moves to paid only on the provider's answer;
a declined card leaves it unpaid and retryable with one charge in the end; refunds are listed."""

from __future__ import annotations

import pytest

from community_hub.core.errors import NotFound, ServiceError
from community_hub.marketplace import order_payments, orders, reviews
from community_hub.models.orders import Order
from community_hub.models.payments import Payment
from community_hub.payments import refunds


def test_decline_then_success_pays_once_and_moves_the_order(tx, db, world):
    resident, oid = world["resident"], world["order_id"]
    with tx() as s:
        pid = order_payments.start_order_payment(s, resident, oid).id
    with pytest.raises(ServiceError, match="declined"):
        with tx() as s:
            order_payments.pay_order(s, resident, pid, "4000000000000002")
    db.expire_all()
    assert db.get(Order, oid).state == "placed"
    with tx() as s:  # the retry gets the same payment back: no second charge is opened
        assert order_payments.start_order_payment(s, resident, oid).id == pid
        order_payments.pay_order(s, resident, pid, "4242424242424242")
    db.expire_all()
    assert db.get(Order, oid).state == "paid"
    assert db.get(Payment, pid).captured_minor == 2400
    with tx() as s:
        page = order_payments.payment_page(s, resident, pid)
        assert page.paid and page.order_id == oid
        with pytest.raises(ServiceError, match="nothing to pay"):
            order_payments.start_order_payment(s, resident, oid)


def test_only_the_buyer_sees_or_pays(tx, world):
    other, oid = world["other"], world["order_id"]
    with tx() as s:
        pid = order_payments.start_order_payment(s, world["resident"], oid).id
    with tx() as s:
        with pytest.raises(NotFound):
            order_payments.start_order_payment(s, other, oid)
        with pytest.raises(NotFound):
            order_payments.payment_page(s, other, pid)
        with pytest.raises(NotFound):
            order_payments.order_refunds(s, other, oid)
        with pytest.raises(NotFound):
            reviews.my_review(s, other, oid)


def test_refund_is_listed_and_moves_the_live_page_version(tx, world):
    resident, owner, oid = world["resident"], world["owner"], world["order_id"]
    with tx() as s:
        pid = order_payments.start_order_payment(s, resident, oid).id
        order_payments.pay_order(s, resident, pid, "4242424242424242")
    with tx() as s:
        before = order_payments.refunds_version(s, resident, oid)
        orders.accept_order(s, owner, oid)
    with tx() as s:
        refunds.refund_payment(s, owner, pid, 300, reason="one bottle broken")
    with tx() as s:
        rows = order_payments.order_refunds(s, resident, oid)
        assert [(r.amount_minor, r.status, r.reason) for r in rows] == [(300, "succeeded", "one bottle broken")]
        assert order_payments.refunds_version(s, resident, oid) != before
        assert s.get(Order, oid).state == "accepted"  # a partial refund leaves the order going
        # The live page's one-read poll says the same as the reads one by one.
        state, last = orders.order_version(s, resident, oid)
        assert order_payments.order_page_versions(s, resident, oid) == (
            state, last, order_payments.refunds_version(s, resident, oid), "")


def test_a_cancelled_order_cannot_be_charged_from_an_open_payment_page(tx, db, world):
    resident, oid = world["resident"], world["order_id"]
    with tx() as s:
        pid = order_payments.start_order_payment(s, resident, oid).id
    with tx() as s:
        orders.cancel_order(s, resident, oid, "changed my mind")
    with tx() as s:
        assert not order_payments.payment_page(s, resident, pid).payable
        with pytest.raises(ServiceError, match="cannot be paid now"):
            order_payments.pay_order(s, resident, pid, "4242424242424242")
    db.expire_all()
    assert db.get(Payment, pid).captured_minor == 0
