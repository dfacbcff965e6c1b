"""Platform coupons (issue 18): admins make them, residents collect them (dates, limits, who may),
checkout takes the best one with a shop's coupon beside it, and when the order is signed the
platform pays the discount: the shop is settled on the full price, the ledger balances."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import cart, checkout, orders, promotions
from community_hub.membership import activation, programmes
from community_hub.models import Role
from community_hub.models.base import utcnow
from community_hub.models.orders import Order
from community_hub.models.promotions import CollectedCoupon, PlatformCoupon
from community_hub.payments import ledger, ledger_report, statements
from tests import factories as f
from tests.unit.shopping.steps import deliver, pay


def _coupon(tx, admin, **terms):
    terms = {"name": "Welcome", "kind": "amount", "value": 300, **terms}
    with tx() as s:
        return promotions.create_platform_coupon(s, admin, **terms).id


def test_admins_make_coupons_with_checked_terms(tx, shop):
    admin = shop["admin"]
    with tx() as s:
        with pytest.raises(PermissionDenied):
            promotions.create_platform_coupon(s, shop["resident"], name="X", kind="amount", value=100)
        with pytest.raises(PermissionDenied):
            promotions.create_platform_coupon(s, shop["owner"], name="X", kind="amount", value=100)
    bad = [({"name": ""}, "name"), ({"name": "x" * 81}, "at most 80"), ({"value": 0}, "above zero"),
           ({"kind": "percent", "value": 101}, "1 to 100"), ({"per_member_limit": 0}, "at least 1"),
           ({"ends_at": utcnow() - timedelta(days=1)}, "in the past"),
           ({"audience": "community"}, "community"), ({"audience": "level"}, "card level"),
           ({"audience": "everyone?"}, "who may collect")]
    for change, message in bad:
        with pytest.raises(ServiceError, match=message), tx() as s:
            promotions.create_platform_coupon(s, admin, **{"name": "Welcome", "kind": "amount", "value": 300, **change})
    cid = _coupon(tx, admin, min_spend_minor=1000)
    with tx() as s:
        assert [c.id for c in promotions.list_platform_coupons(s, admin)] == [cid]
        assert str(promotions.terms_text(s.get(PlatformCoupon, cid))) == "$3.00 off, from $10.00"


def test_collecting_keeps_to_dates_limits_and_audience(tx, db, shop):
    admin, me, other = shop["admin"], shop["resident"], shop["other"]
    now = utcnow()
    later = _coupon(tx, admin, name="Later", starts_at=now + timedelta(days=1))
    two = _coupon(tx, admin, name="Two each", per_member_limit=2, total_limit=4)
    with tx() as s:
        with pytest.raises(ServiceError, match="Later is not valid yet"):
            promotions.collect(s, me, later)
        with pytest.raises(ServiceError, match="Gone has expired"):
            promotions.collect(s, me, _coupon_expired(s, admin))
    for who in (me, me, other):
        with tx() as s:
            promotions.collect(s, who, two)
    with pytest.raises(ServiceError, match="already collected the coupon Two each 2 times"), tx() as s:
        promotions.collect(s, me, two)
    with tx() as s:
        someone = f.actor(s, f.user(s, Role.RESIDENT, community_id=me.community_id))
        late = f.actor(s, f.user(s, Role.RESIDENT, community_id=me.community_id))
    with tx() as s:
        promotions.collect(s, someone, two)  # the 4th and last
    with pytest.raises(ServiceError, match="Two each has all been collected"), tx() as s:
        promotions.collect(s, late, two)
    with pytest.raises(PermissionDenied), tx() as s:
        promotions.collect(s, shop["owner"], two)
    with tx() as s:  # only their own community's residents may collect a community coupon
        elsewhere = f.community(s)
        stranger = f.actor(s, f.user(s, Role.RESIDENT, community_id=elsewhere.id))
    local = _coupon(tx, admin, name="Locals", audience="community", community_id=me.community_id)
    with pytest.raises(ServiceError, match="Locals is not offered to you"), tx() as s:
        promotions.collect(s, stranger, local)
    with tx() as s:
        assert [o.name for o in promotions.offered_to_me(s, stranger)] == ["Two each"]
        assert {o.name for o in promotions.offered_to_me(s, me)} == {"Two each", "Locals"}
        promotions.collect(s, me, local)
    with tx() as s:  # switched off: neither collected nor used any more
        promotions.switch_off(s, admin, local)
    with pytest.raises(ServiceError, match="Locals has been switched off"), tx() as s:
        promotions.collect(s, other, local)
    mine = promotions.my_coupons(db, me)
    assert [(m.name, m.status) for m in mine] == [("Two each", "usable"), ("Two each", "usable"), ("Locals", "off")]


def _coupon_expired(s, admin) -> int:
    c = promotions.create_platform_coupon(s, admin, name="Gone", kind="amount", value=100,
                                          ends_at=utcnow() + timedelta(seconds=5))
    c.ends_at = utcnow() - timedelta(seconds=1)  # as if its last day passed meanwhile
    s.add(c)
    s.flush()
    return c.id


def test_a_card_level_coupon_is_for_its_holders(tx, shop):
    from tests.unit.membership.conftest import MOBILE

    admin, me, other = shop["admin"], shop["resident"], shop["other"]
    with tx() as s:
        prog = programmes.create_programme(s, admin, name="Neighbours", identity_kinds=["mobile"])
        level = programmes.add_level(s, admin, prog.id, name="Standard", rank=1)
        level_id = level.id
    with tx() as s:
        activation.buy_online(s, me, level_id, "mobile", MOBILE)
    cid = _coupon(tx, admin, name="Members", audience="level", level_id=level_id)
    with pytest.raises(ServiceError, match="Members is not offered to you"), tx() as s:
        promotions.collect(s, other, cid)
    with tx() as s:
        promotions.collect(s, me, cid)


def test_checkout_preselects_the_best_and_combines_with_a_shop_coupon(tx, db, shop):
    admin, me, mid = shop["admin"], shop["resident"], shop["merchant"]
    small = _coupon(tx, admin, name="Small", value=200)
    tenth = _coupon(tx, admin, name="Tenth", kind="percent", value=10)
    big_min = _coupon(tx, admin, name="Big from 50", value=1000, min_spend_minor=5000)
    with tx() as s:
        for cid in (small, tenth, big_min):
            promotions.collect(s, me, cid)
        cart.add_to_cart(s, me, shop["product"], 3)  # 36.00
        t = checkout.preview(s, me, mid)
    assert [(u.name, u.discount_minor) for u in t.platform_choices] == [("Tenth", 360), ("Small", 200)]
    assert (t.platform_coupon_name, t.platform_discount_minor) == ("Tenth", 360)  # the best, preselected
    with tx() as s:
        small_row = s.exec(select(CollectedCoupon).where(CollectedCoupon.coupon_id == small)).first()
        chosen = checkout.preview(s, me, mid, platform_coupon=small_row.id)
        none = checkout.preview(s, me, mid, platform_coupon=0)
        big_row = s.exec(select(CollectedCoupon).where(CollectedCoupon.coupon_id == big_min)).first()
        with pytest.raises(ServiceError, match="Big from 50 needs a minimum spend of \\$50.00"):
            checkout.preview(s, me, mid, platform_coupon=big_row.id)
        with pytest.raises(ServiceError, match="not in your coupons"):
            checkout.preview(s, shop["other"], mid, platform_coupon=small_row.id)
    assert (chosen.platform_discount_minor, none.platform_discount_minor) == (200, 0)
    with tx() as s:  # one shop coupon and one platform coupon: the shop's first, the platform's on the rest
        checkout.create_coupon(s, shop["owner"], mid, code="SHOP6", kind="amount", value=600)
        t = checkout.preview(s, me, mid, coupon_code="SHOP6")
    assert (t.discount_minor, t.platform_discount_minor, t.total_minor) == (600, 300, 3600 - 600 - 300 + t.delivery_fee_minor)
    with tx() as s:
        from community_hub.marketplace import cart_coupon
        cart_coupon.apply_coupon(s, me, mid, "SHOP6")
        order = checkout.place_order(s, me, mid, idempotency_key="platform-coupon-1", payment_method="card",
                                     address="A-1")
        oid = order.id
    o = db.get(Order, oid)
    assert (o.discount_minor, o.total_minor) == (900, 3600 - 900 + o.delivery_fee_minor)
    with tx() as s:  # used: it is not offered at the next checkout
        cart.add_to_cart(s, me, shop["product"], 3)
        t = checkout.preview(s, me, mid)
    assert [u.name for u in t.platform_choices] == ["Small"]
    assert [(m.name, m.status) for m in promotions.my_coupons(db, me) if m.status == "used"] == [("Tenth", "used")]


def test_a_coupon_past_its_dates_is_refused_at_checkout(tx, db, shop):
    admin, me, mid = shop["admin"], shop["resident"], shop["merchant"]
    cid = _coupon(tx, admin, name="Weekend", ends_at=utcnow() + timedelta(days=2))
    with tx() as s:
        row = promotions.collect(s, me, cid)
        cart.add_to_cart(s, me, shop["product"], 1)
    later = utcnow() + timedelta(days=3)
    with pytest.raises(ServiceError, match="Weekend has expired"), tx() as s:
        checkout.place_order(s, me, mid, idempotency_key="expired-coupon-1", payment_method="card", address="A-1",
                             platform_coupon=row.id, now=later)
    with tx() as s:  # without choosing, an expired coupon is simply not offered
        assert checkout.preview(s, me, mid, now=later).platform_choices == ()
        assert [m.status for m in promotions.my_coupons(s, me, now=later)] == ["expired"]
    assert db.get(CollectedCoupon, row.id).order_id is None  # nothing changed


def test_the_platform_pays_the_discount_and_the_shop_gets_the_full_price(tx, db, shop):
    admin, me, owner, mid = shop["admin"], shop["resident"], shop["owner"], shop["merchant"]
    cid = _coupon(tx, admin, name="Welcome", value=500)
    with tx() as s:
        promotions.collect(s, me, cid)
        cart.add_to_cart(s, me, shop["product"], 2)  # 24.00
        order = checkout.place_order(s, me, mid, idempotency_key="funded-coupon-1", payment_method="card",
                                     address="A-1")
        oid, paid = order.id, order.total_minor
    assert paid == 2400 - 500 + db.get(Order, oid).delivery_fee_minor
    pay(tx, me, oid)
    deliver(tx, owner, oid)
    with tx() as s:
        orders.sign_order(s, me, oid)
    full = paid + 500
    shop_owed = ledger.owed_to(db, f"merchant:{mid}", "USD")
    start, end = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=1)
    st = statements.merchant_statement(db, owner, mid, start, end)
    settled = [r for r in st.rows if r.kind == "order_settled"]
    assert [r.gross_minor for r in settled] == [full]  # the shop's statement: the full price
    assert shop_owed == full - settled[0].service_fee_minor
    costs = promotions.coupon_costs(db, admin, start, end)
    assert [(r.reference, r.amount_minor) for r in costs.rows] == [(f"order:{oid}", 500)]
    assert costs.totals == {"USD": 500}  # the platform's statement: the discount, its expense
    report = ledger_report.check_ledger(db)
    assert report.ok, report.problems()
    with tx() as s:  # signing again (or housekeeping closing the books) funds nothing twice
        from community_hub.marketplace.promotions import coupon_money
        coupon_money.on_order_transition(s, s.get(Order, oid), "delivered", "signed")
    assert len(promotions.coupon_costs(db, admin, start, end).rows) == 1
    with pytest.raises(PermissionDenied), tx() as s:
        promotions.coupon_costs(s, owner, start, end)


def test_usage_overview_lists_platform_and_shop_coupons(tx, db, shop):
    admin = shop["admin"]
    cid = _coupon(tx, admin, name="Welcome", total_limit=10)
    with tx() as s:
        promotions.collect(s, shop["resident"], cid)
        checkout.create_coupon(s, shop["owner"], shop["merchant"], code="SHOP6", kind="amount", value=600)
    view = promotions.promotions_overview(db, admin)
    assert [(c.name, c.collected, c.used, c.total_limit) for c in view.platform_coupons] == [("Welcome", 1, 0, 10)]
    assert [c.name for c in view.shop_coupons] == ["SHOP6"]
    with pytest.raises(PermissionDenied):
        promotions.promotions_overview(db, shop["resident"])


def test_a_refund_after_signing_gives_back_what_the_resident_paid_and_the_ledger_balances(tx, db, shop):
    from community_hub.marketplace import shop_orders

    admin, me, owner, mid = shop["admin"], shop["resident"], shop["owner"], shop["merchant"]
    cid = _coupon(tx, admin, name="Welcome", value=500)
    with tx() as s:
        promotions.collect(s, me, cid)
        cart.add_to_cart(s, me, shop["product"], 2)
        oid = checkout.place_order(s, me, mid, idempotency_key="funded-refund-1", payment_method="card",
                                   address="A-1").id
    paid = db.get(Order, oid).total_minor
    pay(tx, me, oid)
    deliver(tx, owner, oid)
    with tx() as s:
        orders.sign_order(s, me, oid)
    with pytest.raises(ServiceError, match="refund at most"), tx() as s:  # never the platform's part
        shop_orders.refund_order(s, owner, oid, amount_minor=paid + 1, reason="too much")
    with tx() as s:
        shop_orders.refund_order(s, owner, oid, reason="spilt")
    assert ledger.paid_net(db, f"order:{oid}", "USD") == 0  # the resident has all they paid back
    report = ledger_report.check_ledger(db)
    assert report.ok, report.problems()
    # All of it refunded: the platform's coupon came back from the shop too (it costs nothing now).
    from community_hub.payments import promotion_postings
    assert promotion_postings.platform_coupon_funded_so_far(db, oid, "USD") == 0
