"""Cart to order: prices, coupons, radius, closed shops, stock races and double clicks."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.geo import offset
from community_hub.core.permissions import Actor
from community_hub.marketplace import cart, catalog, checkout, opening_hours, orders, shop_settings
from community_hub.models import OutboxMessage, Product
from community_hub.models.base import utcnow
from community_hub.models.orders import CartLine, Coupon, CouponRedemption, Order, OrderLine


def key() -> str:
    return uuid.uuid4().hex


def place(tx, who: Actor, merchant_id: int, **kw) -> Order:
    kw.setdefault("idempotency_key", key())
    kw.setdefault("payment_method", "card")
    kw.setdefault("address", "Block A, 101")
    with tx() as s:
        return checkout.place_order(s, who, merchant_id, **kw)


def stock(db, pid):
    return db.exec(select(Product.stock).where(Product.id == pid).execution_options(populate_existing=True)).one()


def test_checkout_records_prices_fees_coupon_and_clears_the_cart(world, tx, db):
    w = world
    with tx() as s:
        tea = catalog.create_product(s, w.merchant, w.shop.id, name="Tea", price_minor=450, stock=10)
        size = catalog.add_option(s, w.merchant, tea.id, "Size", "Large", 100)
        soap = catalog.create_product(s, w.merchant, w.shop.id, name="Soap", price_minor=200, stock=None)
        checkout.create_coupon(s, w.merchant, w.shop.id, code="save10", kind="percent", value=10, min_spend_minor=1000)
    with tx() as s:
        with pytest.raises(ServiceError, match="Choose Size"):
            cart.add_to_cart(s, w.resident, tea.id)
    with tx() as s:
        cart.add_to_cart(s, w.resident, tea.id, 2, option_ids=[size.id])
        cart.add_to_cart(s, w.resident, soap.id, 1)
    with tx() as s:
        soap_line = cart.add_to_cart(s, w.resident, soap.id, 1)
    with tx() as s:
        cart.set_quantity(s, w.resident, soap_line.id, 1)  # back to one soap
        with pytest.raises(ServiceError, match="Only 10 of Tea left"):
            cart.add_to_cart(s, w.resident, tea.id, 9, option_ids=[size.id])
    with pytest.raises(ServiceError), tx() as s:  # not the owner's line
        cart.set_quantity(s, w.resident2, soap_line.id, 5)
    assert [(c.merchant_id, c.items) for c in cart.my_carts(db, w.resident)] == [(w.shop.id, 3)]
    with tx() as s:
        view = cart.view_cart(s, w.resident, w.shop.id)
        assert (view.subtotal_minor, view.problems) == (1300, [])
        assert view.lines[0].options_text == "Size: Large"
        totals = checkout.preview(s, w.resident, w.shop.id, coupon_code="SAVE10")
        assert (totals.discount_minor, totals.delivery_fee_minor, totals.total_minor) == (130, 300, 1470)
    start = utcnow() + timedelta(hours=1)
    order = place(tx, w.resident, w.shop.id, coupon_code="save10", window_start=start,
                  window_end=start + timedelta(hours=1), payment_method="wallet")
    assert (order.state, order.total_minor, order.payment_method, order.address) == ("placed", 1470, "wallet", "Block A, 101")
    assert order.window_start == start and order.pickup_code is None
    lines = db.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    assert [(ln.name, ln.options_text, ln.unit_price_minor, ln.quantity) for ln in lines] == [
        ("Tea", "Size: Large", 550, 2), ("Soap", "", 200, 1)]
    assert stock(db, tea.id) == 8 and stock(db, soap.id) is None
    assert db.exec(select(CartLine)).all() == []
    assert db.exec(select(Coupon)).one().used_count == 1
    # The shop's staff hear about the new order.
    assert db.exec(select(OutboxMessage).where(OutboxMessage.user_id == w.merchant.user_id)).first().template == "order_new_for_merchant"
    # Later catalog edits do not change what the order says.
    with tx() as s:
        catalog.update_product(s, w.merchant, tea.id, name="Green tea", price_minor=999)
    assert db.exec(select(OrderLine).where(OrderLine.order_id == order.id)).first().name == "Tea"


def test_price_changed_since_added_refuses_and_shows_the_new_price(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Bread", price_minor=300, stock=5)
        cart.add_to_cart(s, w.resident, p.id, 1)
    with tx() as s:
        catalog.update_product(s, w.merchant, p.id, price_minor=350)
    assert "changed from $3.00 to $3.50" in " ".join(cart.view_cart(db, w.resident, w.shop.id).problems)
    with pytest.raises(ServiceError, match=r"Bread now costs \$3.50 \(was \$3.00\)"):
        place(tx, w.resident, w.shop.id)
    assert db.exec(select(Order)).all() == [] and stock(db, p.id) == 5
    # The cart now holds the new price, so placing again goes through at $3.50.
    assert place(tx, w.resident, w.shop.id).subtotal_minor == 350


PROBLEMS = ["closed", "minimum", "radius", "sold_out", "hidden", "no_pickup"]


def test_bad_checkouts_say_why_and_make_nothing(world, tx, db):
    w = world
    # One world for all six cases (a fresh schema per case would cost more than the cases).
    for problem in PROBLEMS:
        with tx() as s:
            shop_settings.update_shop(s, w.merchant, w.shop.id, is_open=True, min_order_minor=0, pickup_enabled=True)
            p = catalog.create_product(s, w.merchant, w.shop.id, name=f"Milk {problem}", price_minor=500, stock=3)
            cart.add_to_cart(s, w.resident, p.id, 2)
        kw = {}
        with tx() as s:
            if problem == "closed":
                shop_settings.update_shop(s, w.merchant, w.shop.id, is_open=False)
                msg = "closed now"
            elif problem == "minimum":
                shop_settings.update_shop(s, w.merchant, w.shop.id, min_order_minor=1500)
                msg = r"takes orders from \$15.00; add \$5.00 more"
            elif problem == "radius":
                kw = dict(zip(("lat", "lon"), offset(w.shop.lat, w.shop.lon, 2500, 0), strict=True))
                msg = "delivers within 2 km; this address is 2.5 km away"
            elif problem == "sold_out":
                catalog.set_stock(s, w.merchant, p.id, 1)
                msg = f"Only 1 of Milk {problem} left"
            elif problem == "hidden":
                catalog.set_available(s, w.merchant, p.id, False)
                msg = "not available any more"
            else:
                shop_settings.update_shop(s, w.merchant, w.shop.id, pickup_enabled=False)
                kw, msg = {"fulfilment": "pickup"}, "does not offer pickup"
        with pytest.raises(ServiceError, match=msg):
            place(tx, w.resident, w.shop.id, **kw)
        assert db.exec(select(Order)).all() == [], problem
        assert len(db.exec(select(CartLine)).all()) == 1, problem
        assert stock(db, p.id) == (1 if problem == "sold_out" else 3), problem
        with tx() as s:
            cart.remove_line(s, w.resident, db.exec(select(CartLine.id)).one())


def test_opening_hours_decide_whether_the_shop_takes_orders(world, tx):
    w = world
    monday_noon = utcnow().replace(year=2030, month=1, day=7, hour=12, minute=0)
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Cake", price_minor=500)
        cart.add_to_cart(s, w.resident, p.id)
        shop_settings.set_hours(s, w.merchant, w.shop.id, [(0, 9 * 60, 11 * 60), (0, 13 * 60, 18 * 60)])
    with pytest.raises(ServiceError, match="closed now"):
        place(tx, w.resident, w.shop.id, now=monday_noon)
    assert place(tx, w.resident, w.shop.id, now=monday_noon + timedelta(hours=2)).state == "placed"


def test_late_hours_run_past_midnight_into_the_next_day(world, tx, db):
    """Friday 18:00-02:00: open late on Friday and early Saturday, closed on Saturday evening."""
    w = world
    friday_late = utcnow().replace(year=2030, month=1, day=11, hour=23, minute=30)  # shop zone: UTC
    with tx() as s:
        shop_settings.set_hours(s, w.merchant, w.shop.id, [(4, 18 * 60, 2 * 60)])
        with pytest.raises(ServiceError, match="different opening and closing"):
            shop_settings.set_hours(s, w.merchant, w.shop.id, [(4, 18 * 60, 18 * 60)])
    shop = db.get(type(w.shop), w.shop.id)
    assert opening_hours.is_open_now(db, shop, friday_late)
    assert opening_hours.is_open_now(db, shop, friday_late + timedelta(hours=2))  # Saturday 01:30
    assert not opening_hours.is_open_now(db, shop, friday_late + timedelta(hours=3))  # Saturday 02:30
    assert not opening_hours.is_open_now(db, shop, friday_late + timedelta(hours=19))  # Saturday 18:30


def test_coupon_rules(world, tx, db):
    w = world
    now = utcnow()
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Wine", price_minor=1000)
        mk = lambda code, **kw: checkout.create_coupon(s, w.merchant, w.shop.id, code=code, **kw)  # noqa: E731
        mk("FIVE", kind="amount", value=500, min_spend_minor=1500)
        with pytest.raises(ServiceError, match="end date is in the past"):
            mk("PAST", kind="amount", value=100, ends_at=now - timedelta(days=1))
        old = mk("OLD", kind="amount", value=100, ends_at=now + timedelta(minutes=5))
        old.ends_at = now - timedelta(days=1)  # the days went by
        s.add(old)
        mk("SOON", kind="amount", value=100, starts_at=now + timedelta(days=1))
        mk("ONCE", kind="percent", value=50, total_limit=1)
        mk("BIG", kind="amount", value=5000)
        with pytest.raises(ServiceError, match="1 to 100 percent"):
            checkout.create_coupon(s, w.merchant, w.shop.id, code="HALF", kind="percent", value=150)
    with tx() as s:
        with pytest.raises(PermissionDenied):
            checkout.create_coupon(s, w.other_merchant, w.shop.id, code="MINE", kind="amount", value=1)
    for who in (w.resident, w.resident2):
        with tx() as s:
            cart.add_to_cart(s, who, p.id, 1)
    cases = [("NOPE", "not valid at"), ("OLD", "has expired"), ("SOON", "not valid yet"),
             ("FIVE", r"minimum spend of \$15.00")]
    for code, msg in cases:
        with pytest.raises(ServiceError, match=msg):
            place(tx, w.resident, w.shop.id, coupon_code=code)
    # A discount never makes the goods cost less than nothing (the delivery fee is still paid).
    assert checkout.preview(db, w.resident, w.shop.id, coupon_code="BIG").total_minor == 300
    first = place(tx, w.resident, w.shop.id, coupon_code="once")
    assert first.discount_minor == 500
    with pytest.raises(ServiceError, match="used up"):
        place(tx, w.resident2, w.shop.id, coupon_code="ONCE")
    # Cancelling gives the use back; the per-user limit then stops the same resident reusing BIG.
    with tx() as s:
        orders.cancel_order(s, w.resident, first.id, "changed my mind")
    assert db.exec(select(CouponRedemption)).all() == []
    assert place(tx, w.resident2, w.shop.id, coupon_code="ONCE").discount_minor == 500
    with tx() as s:
        cart.add_to_cart(s, w.resident, p.id, 1)
    place(tx, w.resident, w.shop.id, coupon_code="BIG")
    with tx() as s:
        cart.add_to_cart(s, w.resident, p.id, 1)
    with pytest.raises(ServiceError, match="already used the coupon BIG"):
        place(tx, w.resident, w.shop.id, coupon_code="BIG")


def _race(fns):
    """Run the callables at the same moment in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(fns))
    results: list = [None] * len(fns)

    def run(i, fn):
        barrier.wait()
        try:
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_residents_race_for_the_last_item_exactly_one_wins(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Last loaf", price_minor=400, stock=1)
        cart.add_to_cart(s, w.resident, p.id, 1)
        cart.add_to_cart(s, w.resident2, p.id, 1)
    for _ in range(3):  # a few rounds make a lucky pass unlikely
        results = _race([lambda who=who: place(tx, who, w.shop.id) for who in (w.resident, w.resident2)])
        won = [r for r in results if isinstance(r, Order)]
        lost = [r for r in results if isinstance(r, Exception)]
        assert len(won) == 1 and len(lost) == 1, results
        assert isinstance(lost[0], ServiceError) and "sold out" in lost[0].message
        assert stock(db, p.id) == 0
        assert len(db.exec(select(Order).where(Order.state == "placed")).all()) == 1
        # Put it back for the next round: the winner cancels (stock returns), the carts are refilled.
        with tx() as s:
            winner = w.resident if won[0].user_id == w.resident.user_id else w.resident2
            orders.cancel_order(s, winner, won[0].id)
            cart.add_to_cart(s, winner, p.id, 1)
        assert stock(db, p.id) == 1


def test_double_clicked_place_order_makes_one_order(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Eggs", price_minor=400, stock=5)
        cart.add_to_cart(s, w.resident, p.id, 2)
    k = key()
    results = _race([lambda: place(tx, w.resident, w.shop.id, idempotency_key=k)] * 2)
    assert all(isinstance(r, Order) for r in results), results
    assert results[0].id == results[1].id
    assert len(db.exec(select(Order)).all()) == 1 and stock(db, p.id) == 3
    # A third click, after the fact, still answers with the same order.
    assert place(tx, w.resident, w.shop.id, idempotency_key=k).id == results[0].id
