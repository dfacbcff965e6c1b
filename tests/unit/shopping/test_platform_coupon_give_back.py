"""A collected platform coupon comes back to "My coupons" when the order that used it is cancelled
(before or after paying) or refunded in full, in the same transaction; a partial refund keeps it used."""

from __future__ import annotations

from datetime import timedelta

from community_hub.marketplace import cart, checkout, orders, promotions, shop_orders
from community_hub.models.base import utcnow
from community_hub.models.orders import Order
from community_hub.models.promotions import CollectedCoupon, PlatformCoupon
from community_hub.payments import ledger_report
from tests.bell_rings import rings
from tests.unit.shopping.steps import deliver, pay


def _ordered_with_coupon(tx, shop, key: str, **terms) -> tuple[int, int, int]:
    """(coupon id, collected row id, order id): the resident collected a $3 coupon and used it."""
    admin, me, mid = shop["admin"], shop["resident"], shop["merchant"]
    with tx() as s:
        cid = promotions.create_platform_coupon(s, admin, **{"name": "Welcome", "kind": "amount", "value": 300,
                                                             **terms}).id
        row = promotions.collect(s, me, cid)
        cart.add_to_cart(s, me, shop["product"], 2)
        oid = checkout.place_order(s, me, mid, idempotency_key=f"give-back-{key}", payment_method="card",
                                   address="A-1", platform_coupon=row.id).id
        return cid, row.id, oid


def _state(db, cid: int, row_id: int) -> tuple[int | None, int, int]:
    db.expire_all()
    row, c = db.get(CollectedCoupon, row_id), db.get(PlatformCoupon, cid)
    return row.order_id, c.used_count, c.collected_count


def test_cancelling_before_paying_gives_the_coupon_back_usable_again(tx, db, shop):
    me = shop["resident"]
    cid, row_id, oid = _ordered_with_coupon(tx, shop, "unpaid")
    assert _state(db, cid, row_id) == (oid, 1, 1)
    with tx() as s:
        orders.cancel_order(s, me, oid, reason="changed my mind")
    assert _state(db, cid, row_id) == (None, 0, 1)  # still collected once, used by nobody
    assert [(m.name, m.status) for m in promotions.my_coupons(db, me)] == [("Welcome", "usable")]
    with tx() as s:  # and it takes off the next order again
        cart.add_to_cart(s, me, shop["product"], 1)
        again = checkout.place_order(s, me, shop["merchant"], idempotency_key="give-back-again",
                                     payment_method="card", address="A-1", platform_coupon=row_id)
        assert again.discount_minor == 300
    assert _state(db, cid, row_id) == (again.id, 1, 1)


def test_a_coupon_given_back_after_its_dates_is_expired_not_usable(tx, db, shop):
    me = shop["resident"]
    cid, row_id, oid = _ordered_with_coupon(tx, shop, "dates", ends_at=utcnow() + timedelta(days=1))
    with tx() as s:
        orders.cancel_order(s, me, oid)
    assert [m.status for m in promotions.my_coupons(db, me, now=utcnow() + timedelta(days=2))] == ["expired"]


def test_a_paid_order_cancelled_gives_it_back_and_its_refund_changes_nothing_more(tx, db, shop):
    me = shop["resident"]
    cid, row_id, oid = _ordered_with_coupon(tx, shop, "paid")
    pay(tx, me, oid)
    with tx() as s:
        orders.cancel_order(s, me, oid)
    assert _state(db, cid, row_id) == (None, 0, 1)
    assert db.get(Order, oid).state == "cancelled"


def test_a_full_refund_gives_it_back_a_partial_one_keeps_it_used(tx, db, shop):
    me, owner = shop["resident"], shop["owner"]
    cid, row_id, oid = _ordered_with_coupon(tx, shop, "refund")
    paid = db.get(Order, oid).total_minor
    pay(tx, me, oid)
    deliver(tx, owner, oid)
    with tx() as s:
        orders.sign_order(s, me, oid)
    with tx() as s:
        shop_orders.refund_order(s, owner, oid, amount_minor=100, reason="one was dented")
    assert _state(db, cid, row_id) == (oid, 1, 1)  # partly refunded: still used
    with tx() as s:
        shop_orders.refund_order(s, owner, oid, amount_minor=paid - 100, reason="all of it after all")
    assert _state(db, cid, row_id) == (None, 0, 1)
    assert [m.status for m in promotions.my_coupons(db, me)] == ["usable"]
    report = ledger_report.check_ledger(db)
    assert report.ok, report.problems()
    from community_hub.payments import promotion_postings  # the platform's share came back first
    assert promotion_postings.platform_coupon_funded_so_far(db, oid, "USD") == 0


def test_my_coupons_page_is_rung_when_the_shop_rejects_the_order_that_used_one_and_not_for_a_neighbour(
        engine, tx, shop):
    """My coupons waits on the change bell (core/change_bell.py) instead of polling: the shop
    rejecting the paid order gives the coupon back and rings the page; another member's collecting does not."""
    me, other, owner = shop["resident"], shop["other"], shop["owner"]
    cid, _row_id, oid = _ordered_with_coupon(tx, shop, "bell")
    pay(tx, me, oid)
    with tx() as s:
        keys, wake_in = promotions.my_coupons_keys(s, me)
        others = promotions.my_coupons_keys(s, other)[0]
    assert wake_in is None

    def reject():
        with tx() as s:
            orders.reject_order(s, owner, oid, reason="out of stock")

    def collect():
        with tx() as s:
            promotions.collect(s, other, cid)

    assert rings(engine, reject, keys)
    assert not rings(engine, collect, keys, heard=others)
