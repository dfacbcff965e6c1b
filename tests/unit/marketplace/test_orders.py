"""The order state machine: every step by the right person, the wrong ones refused, the timeline."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.marketplace import cart, catalog, checkout, orders
from community_hub.models import InboxItem, OutboxMessage, Product
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderEvent
from tests.unit.marketplace.conftest import fresh


def _order(tx, w, fulfilment="delivery", paid=True, qty=2) -> Order:
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name=f"Item {uuid.uuid4().hex[:4]}", price_minor=700, stock=5)
        cart.add_to_cart(s, w.resident, p.id, qty)
    with tx() as s:
        o = checkout.place_order(s, w.resident, w.shop.id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                 fulfilment=fulfilment, address="A-101")
    if paid:
        with tx() as s:
            orders.mark_paid(s, o.id, f"pay_{o.id}")
    return o


def _refused(tx, fn, *args, match=None, exc=ServiceError):
    with pytest.raises(exc, match=match), tx() as s:
        fn(s, *args)


def test_delivery_order_from_paid_to_settled_with_timeline_and_notices(world, tx, db):
    w = world
    o = _order(tx, w)
    with tx() as s:  # the payment report arriving twice changes nothing
        orders.mark_paid(s, o.id, f"pay_{o.id}")
    _refused(tx, orders.accept_order, w.resident, o.id, match="cannot mark this order accepted", exc=PermissionDenied)
    _refused(tx, orders.accept_order, w.other_merchant, o.id, exc=NotFound)  # another shop cannot even see it
    _refused(tx, orders.send_out, w.merchant, o.id, "Sam", match="cannot be out for delivery")  # must accept first
    with tx() as s:
        orders.accept_order(s, w.merchant, o.id)
    _refused(tx, orders.cancel_order, w.resident, o.id, match="cannot be cancelled now")
    with tx() as s:
        orders.start_preparing(s, w.merchant, o.id)
    _refused(tx, orders.ready_for_pickup, w.merchant, o.id, match="delivery order")
    _refused(tx, orders.send_out, w.merchant, o.id, " ", match="courier's name")
    with tx() as s:
        orders.send_out(s, w.merchant, o.id, "Sam", "+15550100")
    view = orders.get_order(db, w.resident, o.id)
    assert view.actions == [] and view.order.courier_name == "Sam"
    assert "delivered" in orders.get_order(db, w.merchant, o.id).actions
    _refused(tx, orders.sign_order, w.resident, o.id, match="cannot be signed for now")
    state_before, version_before = orders.order_version(db, w.resident, o.id)
    with tx() as s:
        orders.mark_delivered(s, w.merchant, o.id)
    state, version = orders.order_version(db, w.resident, o.id)
    assert (state_before, state) == ("out_for_delivery", "delivered") and version > version_before
    _refused(tx, orders.sign_order, w.merchant, o.id, exc=PermissionDenied)
    with tx() as s:
        orders.sign_order(s, w.resident, o.id)
    with tx() as s:
        orders.settle(s, fresh(db, Order, o.id), "settle_1")
        orders.settle(s, fresh(db, Order, o.id), "settle_1")  # idempotent
    view = orders.get_order(db, w.resident, o.id)
    assert [t.state for t in view.timeline] == ["placed", "paid", "accepted", "preparing", "out_for_delivery",
                                                 "delivered", "signed", "settled"]
    assert all(a.at <= b.at for a, b in zip(view.timeline, view.timeline[1:], strict=False))
    assert view.order.signed_at is not None and view.order.delivered_at is not None
    inbox = db.exec(select(OutboxMessage.subject).where(OutboxMessage.user_id == w.resident.user_id)).all()
    assert f"Order #{o.id}: out for delivery" in inbox and f"Order #{o.id}: accepted" in inbox
    # The resident hears about the shop's moves, not about their own signature.
    assert f"Order #{o.id}: signed for" not in inbox
    merchant_inbox = db.exec(select(OutboxMessage.subject).where(OutboxMessage.user_id == w.merchant.user_id)).all()
    assert f"Order #{o.id}: signed for" in merchant_inbox
    assert db.exec(select(InboxItem)).all() == []  # delivery to the inbox is the outbox worker's job
    _refused(tx, orders.get_order, w.resident2, o.id, exc=NotFound)


def test_pickup_order_needs_the_code_from_the_qr(world, tx, db):
    w = world
    o = _order(tx, w, fulfilment="pickup")
    assert len(o.pickup_code) == 6 and o.delivery_fee_minor == 0 and o.address == ""
    with tx() as s:
        orders.accept_order(s, w.merchant, o.id)
        orders.start_preparing(s, w.merchant, o.id)
    _refused(tx, orders.send_out, w.merchant, o.id, "Sam", match="pickup order")
    with tx() as s:
        orders.ready_for_pickup(s, w.merchant, o.id)
    qr = orders.get_order(db, w.resident, o.id).pickup_qr
    assert qr == f"hub-pickup:{o.id}:{o.pickup_code}"
    assert orders.get_order(db, w.merchant, o.id).pickup_qr is None
    _refused(tx, orders.mark_delivered, w.merchant, o.id, "WRONG1", match="does not match")
    with tx() as s:
        orders.mark_delivered(s, w.merchant, o.id, qr)  # the scanned QR text works as the code
    assert fresh(db, Order, o.id).state == "delivered"


def test_cancel_reject_and_refund_rules(world, tx, db):
    w = world
    unpaid = _order(tx, w, paid=False)
    pid = db.exec(select(Product.id).order_by(Product.id.desc())).first()
    _refused(tx, orders.accept_order, w.merchant, unpaid.id, match="cannot be accepted")
    with tx() as s:
        orders.cancel_order(s, w.resident, unpaid.id, "wrong address")
    assert fresh(db, Product, pid).stock == 5  # stock is back
    assert not orders.refund_due(fresh(db, Order, unpaid.id))
    with pytest.raises(ServiceError, match="cannot take a payment"), tx() as s:
        orders.mark_paid(s, unpaid.id, "late_payment")

    rejected = _order(tx, w)
    _refused(tx, orders.reject_order, w.merchant, rejected.id, "", match="why")
    seen = []
    orders.ON_TRANSITION.append(lambda _db, order, a, b: seen.append((order.id, a, b)))
    try:
        with tx() as s:
            orders.reject_order(s, w.merchant, rejected.id, "out of flour")
    finally:
        orders.ON_TRANSITION.pop()
    assert seen == [(rejected.id, "paid", "rejected")]
    assert orders.refund_due(fresh(db, Order, rejected.id))
    with tx() as s:
        orders.mark_refunded(s, rejected.id, "re_1")
        orders.mark_refunded(s, rejected.id, "re_1")
    assert fresh(db, Order, rejected.id).state == "refunded"

    accepted = _order(tx, w)
    with tx() as s:
        orders.accept_order(s, w.merchant, accepted.id)
        orders.cancel_order(s, w.merchant, accepted.id, "shop closing early")
    assert orders.refund_due(fresh(db, Order, accepted.id))
    _refused(tx, orders.accept_order, w.merchant, accepted.id, match="cannot be accepted")


def test_dispute_resolution_and_auto_sign(world, tx, db):
    w = world
    a, b, c = (_order(tx, w, qty=1) for _ in range(3))
    for o in (a, b, c):
        with tx() as s:
            for step in (orders.accept_order, orders.start_preparing):
                step(s, w.merchant, o.id)
            orders.send_out(s, w.merchant, o.id, "Sam")
            orders.mark_delivered(s, w.merchant, o.id)
    _refused(tx, orders.dispute_order, w.resident, a.id, "", match="Describe")
    with tx() as s:
        orders.dispute_order(s, w.resident, a.id, "eggs broken", ["uploads/ab/1.jpg"])
    ev = db.exec(select(OrderEvent).where(OrderEvent.order_id == a.id, OrderEvent.to_state == "disputed")).one()
    assert (ev.note, ev.photos) == ("eggs broken", ["uploads/ab/1.jpg"])
    with pytest.raises(PermissionDenied), tx() as s:
        orders.resolve_dispute(s, w.merchant, a.id, refund=False, note="they were fine")
    with tx() as s:
        orders.resolve_dispute(s, w.admin, a.id, refund=True, note="photos show damage")
    assert fresh(db, Order, a.id).state == "refunded"
    # Auto-sign: only orders delivered long enough ago, never disputed ones.
    with tx() as s:
        orders.sign_order(s, w.resident, b.id)
    with tx() as s:
        assert orders.auto_sign_due(s, now=utcnow() + timedelta(hours=47)) == []
    with tx() as s:
        assert orders.auto_sign_due(s, now=utcnow() + timedelta(hours=49)) == [c.id]
    assert fresh(db, Order, c.id).state == "signed"
    assert db.exec(select(OrderEvent).where(OrderEvent.order_id == c.id, OrderEvent.to_state == "signed")).one().by_role == "system"


def test_merchant_dashboard_lists_and_today(world, tx, db):
    w = world
    o1, o2 = _order(tx, w), _order(tx, w, paid=False)
    assert [o.id for o in orders.merchant_orders(db, w.merchant, w.shop.id, state="paid")] == [o1.id]
    today = orders.merchant_today(db, w.merchant, w.shop.id)
    assert today.orders_today == 2 and today.revenue_today_minor == o1.total_minor
    assert today.by_state == {"paid": 1, "placed": 1}
    with pytest.raises(PermissionDenied):
        orders.merchant_orders(db, w.other_merchant, w.shop.id)
    assert [o.id for o in orders.my_orders(db, w.resident)] == [o2.id, o1.id]


def test_merchant_customers_and_sales_chart(world, tx, db):
    w = world
    a, b = _order(tx, w), _order(tx, w)
    _order(tx, w, paid=False)  # unpaid: not a sale
    customers = orders.merchant_customers(db, w.merchant, w.shop.id)
    assert [(c.user_id, c.orders, c.spent_minor) for c in customers] == [(w.resident.user_id, 2, a.total_minor + b.total_minor)]
    assert customers[0].last_order_at.tzinfo is not None
    chart = orders.sales_by_day(db, w.merchant, w.shop.id, days=7)
    assert len(chart) == 7 and chart[-1].orders == 2 and chart[-1].sales_minor == a.total_minor + b.total_minor
    assert sum(d.orders for d in chart[:-1]) == 0
    with pytest.raises(PermissionDenied):
        orders.sales_by_day(db, w.other_merchant, w.shop.id)
