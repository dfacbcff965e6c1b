"""Demand -> quotes -> order, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.geo import offset
from community_hub.marketplace import demands, orders
from community_hub.models import OutboxMessage, Role
from community_hub.models.base import utcnow
from community_hub.models.demands import Demand, Quote
from community_hub.models.orders import Order, OrderLine
from tests import factories as f
from tests.unit.marketplace.conftest import fresh


def test_demand_quotes_accept_becomes_an_order_and_closes_the_rest(world, tx, db):
    w = world
    with tx() as s:
        bakery2 = f.merchant(s, lat=w.shop.lat, lon=w.shop.lon)  # another grocery in the circle
        m2 = f.actor(s, f.user(s, Role.MERCHANT, merchant_id=bakery2.id))
        far = f.merchant(s, lat=offset(40, -75, 3000, 0)[0], lon=-75.0)  # outside the 800 m circle
        far_m = f.actor(s, f.user(s, Role.MERCHANT, merchant_id=far.id))
        florist = f.merchant(s, lat=w.shop.lat, lon=w.shop.lon, category="florist")
        florist_m = f.actor(s, f.user(s, Role.MERCHANT, merchant_id=florist.id))
    with tx() as s:
        with pytest.raises(ServiceError, match="delivery address"):
            demands.post_demand(s, w.resident, category="grocery", title="Birthday cake")
    with tx() as s:
        d = demands.post_demand(s, w.resident, category="grocery", title="Birthday cake for 12",
                                budget_minor=4000, address="A-101", photos=["uploads/x.jpg"])
    told = set(db.exec(select(OutboxMessage.user_id).where(OutboxMessage.template == "demand_new")).all())
    assert told == {w.merchant.user_id, w.other_merchant.user_id, m2.user_id}  # groceries in the circle
    assert [x.id for x in demands.open_demands_for_merchant(db, w.merchant, w.shop.id)] == [d.id]
    assert demands.open_demands_for_merchant(db, far_m, far.id) == []
    assert demands.open_demands_for_merchant(db, florist_m, florist.id) == []
    for who, mid in ((far_m, far.id), (florist_m, florist.id)):
        with pytest.raises(NotFound), tx() as s:
            demands.send_quote(s, who, d.id, mid, price_minor=100)
    with tx() as s:
        q1 = demands.send_quote(s, w.merchant, d.id, w.shop.id, price_minor=3800, note="chocolate")
        q2 = demands.send_quote(s, m2, d.id, bakery2.id, price_minor=3500, valid_hours=2)
        q2 = demands.send_quote(s, m2, d.id, bakery2.id, price_minor=3300, valid_hours=2)  # revised
    views = demands.quotes_for_demand(db, w.resident, d.id)
    assert [(v.quote.id, v.quote.price_minor) for v in views] == [(q2.id, 3300), (q1.id, 3800)]
    with pytest.raises(NotFound):
        demands.quotes_for_demand(db, w.resident2, d.id)
    # The cheaper quote lapses after 2 hours; the resident takes the other one.
    later = utcnow() + timedelta(hours=3)
    with pytest.raises(ServiceError, match="expired"), tx() as s:
        demands.accept_quote(s, w.resident, q2.id, now=later)
    with tx() as s:
        order = demands.accept_quote(s, w.resident, q1.id, now=later)
    with tx() as s:
        assert demands.accept_quote(s, w.resident, q1.id, now=later).id == order.id  # twice: one order
    assert (order.total_minor, order.state, order.merchant_id, order.quote_id) == (3800, "placed", w.shop.id, q1.id)
    line = db.exec(select(OrderLine).where(OrderLine.order_id == order.id)).one()
    assert (line.name, line.unit_price_minor, line.product_id) == ("Birthday cake for 12", 3800, None)
    assert fresh(db, Quote, q2.id).state == "closed" and fresh(db, Demand, d.id).state == "accepted"
    assert len(db.exec(select(Order)).all()) == 1
    with pytest.raises(ServiceError, match="closed"), tx() as s:
        demands.send_quote(s, m2, d.id, bakery2.id, price_minor=3000)
    # From here it is an ordinary order.
    with tx() as s:
        orders.mark_paid(s, order.id, "pay_q")
        orders.accept_order(s, w.merchant, order.id)
    assert fresh(db, Order, order.id).state == "accepted"


def test_demands_expire_and_can_be_cancelled(world, tx, db):
    w = world
    with tx() as s:
        d1 = demands.post_demand(s, w.resident, category="grocery", title="Ice", fulfilment="pickup", expires_in_hours=1)
        d2 = demands.post_demand(s, w.resident, category="grocery", title="Salt", fulfilment="pickup")
        q = demands.send_quote(s, w.merchant, d1.id, w.shop.id, price_minor=200)
        q2 = demands.send_quote(s, w.merchant, d2.id, w.shop.id, price_minor=300)
    with tx() as s:
        demands.withdraw_quote(s, w.merchant, q2.id)
    assert demands.quotes_for_demand(db, w.resident, d2.id) == []  # withdrawn quotes are not shown
    assert [d.id for d in demands.my_demands(db, w.resident)] == [d2.id, d1.id]
    with tx() as s:
        assert demands.expire_demands(s, now=utcnow() + timedelta(hours=2)) == [d1.id]
    assert fresh(db, Demand, d1.id).state == "expired" and fresh(db, Quote, q.id).state == "closed"
    with pytest.raises(ServiceError, match="closed"), tx() as s:
        demands.accept_quote(s, w.resident, q.id)
    with pytest.raises(NotFound), tx() as s:
        demands.cancel_demand(s, w.resident2, d2.id)
    with tx() as s:
        demands.cancel_demand(s, w.resident, d2.id)
    assert fresh(db, Demand, d2.id).state == "cancelled"
    assert demands.open_demands_for_merchant(db, w.merchant, w.shop.id) == []
