"""The versions open resident pages poll: requests to shops (a quote arrives, is revised or
withdrawn) and the orders list (a shop moves an order). Each tells a resident about their own only."""

from __future__ import annotations

import uuid

import pytest

from community_hub.core.errors import NotLoggedIn
from community_hub.core.permissions import ANONYMOUS
from community_hub.marketplace import cart, catalog, checkout, demands, orders
from tests.bell_rings import rings


def test_a_quote_arriving_changing_and_withdrawn_each_moves_the_requesters_version(world, tx):
    w = world
    with tx() as s:
        d = demands.post_demand(s, w.resident, category="grocery", title="Birthday cake", address="A-101")
    seen = []
    with tx() as s:
        seen.append(demands.my_demands_version(s, w.resident))
        q = demands.send_quote(s, w.merchant, d.id, w.shop.id, price_minor=3800)
    with tx() as s:
        seen.append(demands.my_demands_version(s, w.resident))
        demands.send_quote(s, w.merchant, d.id, w.shop.id, price_minor=3500)  # revised
    with tx() as s:
        seen.append(demands.my_demands_version(s, w.resident))
        demands.withdraw_quote(s, w.merchant, q.id)
    with tx() as s:
        seen.append(demands.my_demands_version(s, w.resident))
    assert len(set(seen)) == 4


def test_the_version_is_the_residents_own_and_needs_a_log_in(world, tx):
    w = world
    with tx() as s:
        empty = demands.my_demands_version(s, w.resident2)
        d = demands.post_demand(s, w.resident, category="grocery", title="Birthday cake", address="A-101")
        demands.send_quote(s, w.merchant, d.id, w.shop.id, price_minor=3800)
    with tx() as s:
        assert demands.my_demands_version(s, w.resident2) == empty  # a neighbour's request is not theirs
        with pytest.raises(NotLoggedIn):
            demands.my_demands_version(s, ANONYMOUS)


def _placed(w, tx):
    """The resident's new order at the shop (placed, not paid)."""
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name=f"Item {uuid.uuid4().hex[:4]}", price_minor=700,
                                   stock=5)
        cart.add_to_cart(s, w.resident, p.id, 1)
    with tx() as s:
        return checkout.place_order(s, w.resident, w.shop.id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                    fulfilment="delivery", address="A-101")


def test_the_orders_list_version_moves_when_the_shop_moves_an_order_and_is_the_buyers_own(world, tx):
    w = world
    with tx() as s:
        empty = orders.my_orders_version(s, w.resident2)
    o = _placed(w, tx)
    seen = []
    with tx() as s:
        seen.append(orders.my_orders_version(s, w.resident))
        orders.mark_paid(s, o.id, f"pay_{o.id}")
    with tx() as s:
        seen.append(orders.my_orders_version(s, w.resident))
        orders.accept_order(s, w.merchant, o.id)
    with tx() as s:
        seen.append(orders.my_orders_version(s, w.resident))
        assert orders.my_orders_version(s, w.resident2) == empty  # someone else's order is not theirs
        with pytest.raises(NotLoggedIn):
            orders.my_orders_version(s, ANONYMOUS)
    assert len(set(seen)) == 3


def test_the_order_pages_versions_read_together_are_what_each_says_and_the_buyers_own(world, tx):
    """The live order page polls (state, last step), its refunds and its balance in one read
    (order_payments.order_page_versions): the same values the three give one by one, moving when
    the shop moves the order; anyone else's order is not found."""
    from community_hub.core.errors import NotFound
    from community_hub.marketplace import order_payments
    from community_hub.marketplace.made_to_order import money as made_to_order_money

    w = world
    o = _placed(w, tx)
    seen = []
    for move in (lambda s: orders.mark_paid(s, o.id, f"pay_{o.id}"), lambda s: orders.accept_order(s, w.merchant, o.id)):
        with tx() as s:
            together = order_payments.order_page_versions(s, w.resident, o.id)
            assert together == (*orders.order_version(s, w.resident, o.id),
                                order_payments.refunds_version(s, w.resident, o.id),
                                made_to_order_money.balance_version(s, w.resident, o.id))
            seen.append(together)
            move(s)
    with tx() as s:
        seen.append(order_payments.order_page_versions(s, w.resident, o.id))
        with pytest.raises(NotFound):
            order_payments.order_page_versions(s, w.resident2, o.id)
    assert len(set(seen)) == 3


def test_an_open_requests_page_is_rung_by_a_shops_quote_and_not_by_a_neighbours(engine, world, tx):
    """The requests page waits on the change bell (core/change_bell.py) instead of polling: a quote
    arriving, revised or withdrawn on the resident's request rings it; one on a neighbour's does not."""
    w = world
    with tx() as s:
        d = demands.post_demand(s, w.resident, category="grocery", title="Birthday cake", address="A-101")
        theirs = demands.post_demand(s, w.resident2, category="grocery", title="Bread", address="A-102")
    with tx() as s:
        keys, wake_in = demands.my_demands_keys(s, w.resident)
        neighbours = demands.my_demands_keys(s, w.resident2)[0]
        with pytest.raises(NotLoggedIn):
            demands.my_demands_keys(s, ANONYMOUS)
    assert wake_in is None

    def quote(demand_id, price):
        def write():
            with tx() as s:
                demands.send_quote(s, w.merchant, demand_id, w.shop.id, price_minor=price)
        return write

    assert rings(engine, quote(d.id, 3800), keys)
    assert rings(engine, quote(d.id, 3500), keys)  # revised
    assert not rings(engine, quote(theirs.id, 400), keys, heard=neighbours)
