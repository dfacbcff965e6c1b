"""The coupon applied to a cart is saved there: the cart, the checkout totals and the order read
the same one, after going back and forth, and it is checked again each time."""

from __future__ import annotations

import uuid

import pytest

from community_hub.core.errors import ServiceError
from community_hub.marketplace import cart, cart_coupon, catalog, checkout


def _place(tx, who, shop_id):
    with tx() as s:
        return checkout.place_order(s, who, shop_id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                    address="Block A, 101")


def test_applied_coupon_is_one_source_for_cart_checkout_and_order(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Wine", price_minor=1000)
        checkout.create_coupon(s, w.merchant, w.shop.id, code="FIVE", kind="amount", value=500, min_spend_minor=1500)
        line = cart.add_to_cart(s, w.resident, p.id, 2)
    with tx() as s:
        with pytest.raises(ServiceError, match="not valid at"):
            cart_coupon.apply_coupon(s, w.resident, w.shop.id, "nope")
    with tx() as s:
        assert cart_coupon.apply_coupon(s, w.resident, w.shop.id, " five ") == "FIVE"
    # Back on the cart, then on checkout again: the same coupon, and its discount in the totals.
    assert cart.view_cart(db, w.resident, w.shop.id).coupon_code == "FIVE"
    t = checkout.preview(db, w.resident, w.shop.id)
    assert (t.coupon_code, t.discount_minor, t.coupon_note) == ("FIVE", 500, "")
    # Another resident's cart knows nothing of it.
    assert checkout.preview(db, w.resident2, w.shop.id).coupon_code is None

    # Below the minimum spend: the totals say why and give no discount; placing refuses, saying why.
    with tx() as s:
        cart.set_quantity(s, w.resident, line.id, 1)
    t = checkout.preview(db, w.resident, w.shop.id)
    assert (t.coupon_code, t.discount_minor) == (None, 0)
    assert "minimum spend" in t.coupon_note
    with pytest.raises(ServiceError, match="minimum spend"):
        _place(tx, w.resident, w.shop.id)

    with tx() as s:
        cart.set_quantity(s, w.resident, line.id, 2)
    order = _place(tx, w.resident, w.shop.id)
    assert order.discount_minor == 500 and order.total_minor == 2000 - 500 + order.delivery_fee_minor
    # Used by that order: the next cart at the shop starts without a coupon.
    with tx() as s:
        cart.add_to_cart(s, w.resident, p.id, 2)
    assert cart.view_cart(db, w.resident, w.shop.id).coupon_code is None


def test_removing_the_coupon_and_empty_carts(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Wine", price_minor=1000)
        checkout.create_coupon(s, w.merchant, w.shop.id, code="ONE", kind="amount", value=100)
    with tx() as s, pytest.raises(ServiceError, match="cart at this shop is empty"):
        cart_coupon.apply_coupon(s, w.resident, w.shop.id, "ONE")
    with tx() as s:
        cart.add_to_cart(s, w.resident, p.id, 1)
        cart_coupon.apply_coupon(s, w.resident, w.shop.id, "ONE")
    with tx() as s:
        cart_coupon.remove_coupon(s, w.resident2, w.shop.id)  # someone else's "remove" touches only their own cart
    assert checkout.preview(db, w.resident, w.shop.id).discount_minor == 100
    with tx() as s:
        cart_coupon.remove_coupon(s, w.resident, w.shop.id)
    assert checkout.preview(db, w.resident, w.shop.id).discount_minor == 0
    with tx() as s, pytest.raises(ServiceError, match="at most 30"):
        cart_coupon.apply_coupon(s, w.resident, w.shop.id, "X" * 31)
