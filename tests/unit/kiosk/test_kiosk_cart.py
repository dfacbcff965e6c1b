"""The member's cart at the lobby kiosk: lines with unit price and quantity, totals per shop and
overall, the big + and −, remove — only for the member logged in at this kiosk."""

from __future__ import annotations

import pytest

from community_hub.core.errors import ServiceError
from community_hub.kiosk import member_cart
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk import session as kiosk_session
from community_hub.marketplace import cart
from community_hub.models import Product
from tests import factories as f
from tests.unit.kiosk.conftest import card_message


def _member_with_cart(tx, world, quantity: int = 2) -> tuple[str, int]:
    with tx() as s:
        token = kiosk_session.kiosk_login(s, world.kiosk, card_message("CARD-RES")).token
    with tx() as s:
        line = cart.add_to_cart(s, kiosk_session.member_actor(s, world.kiosk, token), world.product_id, quantity)
    return token, line.id


def test_basket_lists_lines_with_unit_price_quantity_and_totals(tx, world):
    token, line_id = _member_with_cart(tx, world)
    with tx() as s:
        p = s.get(Product, world.product_id)
        p.photos = ["catalog/ab/milk.png"]
        s.add(p)
        other = f.product(s, world.merchant_id, price_minor=300)
        cart.add_to_cart(s, kiosk_session.member_actor(s, world.kiosk, token), other.id, 1)
    with tx() as s:
        b = member_cart.basket(s, world.kiosk, token)
    [c] = b.carts
    assert [(ln.line_id, ln.unit_price, ln.quantity, ln.line_total) for ln in c.lines][0] == \
        (line_id, "$12.50", 2, "$25.00")
    assert c.lines[0].photo_url == "/api/media/catalog/ab/milk.png"
    assert c.lines[1].photo_url == ""  # the screen shows a placeholder icon
    assert (c.items, c.total, b.items, b.total) == (3, "$28.00", 3, "$28.00")


def test_plus_and_minus_change_the_quantity_and_remove_takes_the_line_out(tx, world):
    token, line_id = _member_with_cart(tx, world, 1)
    with tx() as s:
        member_cart.step_quantity(s, world.kiosk, token, line_id, 1)
    with tx() as s:
        assert member_cart.basket(s, world.kiosk, token).total == "$25.00"
    with tx() as s:
        member_cart.step_quantity(s, world.kiosk, token, line_id, -1)
    # Below one is not a removal: a stray tap keeps the line.
    with pytest.raises(ServiceError, match="Tap Remove"), tx() as s:
        member_cart.step_quantity(s, world.kiosk, token, line_id, -1)
    with pytest.raises(ServiceError, match="Tap \\+ or"), tx() as s:
        member_cart.step_quantity(s, world.kiosk, token, line_id, 5)
    with tx() as s:
        member_cart.remove_line(s, world.kiosk, token, line_id)
    with tx() as s:
        b = member_cart.basket(s, world.kiosk, token)
    assert (b.carts, b.items, b.total) == ([], 0, "$0.00")


def test_plus_stops_at_the_stock_left(tx, world):
    token, line_id = _member_with_cart(tx, world, 2)
    with tx() as s:
        f.change(s, Product, world.product_id, stock=3)
    with tx() as s:
        member_cart.step_quantity(s, world.kiosk, token, line_id, 1)
    with tx() as s:
        assert member_cart.basket(s, world.kiosk, token).carts[0].lines[0].can_add is False
    with pytest.raises(ServiceError, match="Only 3"), tx() as s:
        member_cart.step_quantity(s, world.kiosk, token, line_id, 1)


def test_another_members_line_and_an_ended_session_are_refused(tx, world):
    token, line_id = _member_with_cart(tx, world)
    with tx() as s:
        other_token = kiosk_session.kiosk_login(s, world.kiosk, card_message("CARD-RES")).token
        kiosk_session.end_member_session(s, world.kiosk, token)
    with pytest.raises(ServiceError, match="session has ended"), tx() as s:
        member_cart.step_quantity(s, world.kiosk, token, line_id, 1)
    with pytest.raises(ServiceError, match="session has ended"), tx() as s:
        member_cart.basket(s, world.kiosk, token)
    with tx() as s:  # someone else's cart line (here: a stranger's) is not found
        stranger = f.user(s, "resident", community_id=world.community_id,
                          household_id=f.household(s, world.community_id).id)
        theirs = cart.add_to_cart(s, f.actor(s, stranger), world.product_id, 1)
    with pytest.raises(ServiceError), tx() as s:
        member_cart.remove_line(s, world.kiosk, other_token, theirs.id)
    with pytest.raises(ServiceError, match="Only a lobby kiosk"), tx() as s:
        member_cart.basket(s, world.resident, other_token)


def test_the_terminal_charge_carries_the_amount_to_show(tx, world):
    token, _ = _member_with_cart(tx, world)
    with tx() as s:
        order = kiosk_pay.order_cart(s, world.kiosk, token, world.merchant_id, idempotency_key="kiosk-cart-0001")
    with tx() as s:
        charge = kiosk_pay.start(s, world.kiosk, token, "order", order.id)
    assert charge.amount == "$25.00"


def test_a_cart_under_the_shops_minimum_says_how_much_more_before_paying(tx, world):
    from community_hub.models import Merchant

    token, line_id = _member_with_cart(tx, world, 1)
    with tx() as s:
        f.change(s, Merchant, world.merchant_id, min_order_minor=2000)
    with tx() as s:
        [c] = member_cart.basket(s, world.kiosk, token).carts
    assert not c.can_order and c.problems[-1].endswith("takes orders from $20.00; add $7.50 more.")
    with tx() as s:
        member_cart.step_quantity(s, world.kiosk, token, line_id, 1)
    with tx() as s:
        [c] = member_cart.basket(s, world.kiosk, token).carts
    assert c.can_order and c.problems == []
