"""Supervising shops (issue 18): suspend and reinstate with a reason (audited), a suspended shop out
of residents' sight with its open orders still completed and new checkouts refused, warnings the
merchant acknowledges, the per-shop view."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import (
    cart,
    catalog,
    checkout,
    circle,
    merchant_supervision,
    orders,
    search,
)
from community_hub.models import AuditEntry, Merchant, MerchantStatus, OutboxMessage, Product
from community_hub.models.accounts import Role
from community_hub.models.orders import Order
from tests import factories as f
from tests.bell_rings import committed, rings
from tests.unit.marketplace.conftest import fresh


def _checkout(s, w, key):
    return checkout.place_order(s, w.resident, w.shop.id, idempotency_key=f"key-{key}-0000", payment_method="card",
                                fulfilment="delivery", address="A-101")


def test_a_suspended_shop_is_hidden_refuses_new_orders_and_finishes_open_ones(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Honey", price_minor=1500, stock=9)
        cart.add_to_cart(s, w.resident, p.id, 1)
        order = _checkout(s, w, "k1")
    with tx() as s:
        orders.mark_paid(s, order.id, f"pay_{order.id}")
        cart.add_to_cart(s, w.resident, p.id, 1)  # a second cart, still open when the shop is suspended
    db.expire_all()
    assert [h.product.id for h in search.search(db, w.community, "honey").products] == [p.id]
    with pytest.raises(PermissionDenied), tx() as s:
        merchant_supervision.suspend(s, w.merchant, w.shop.id, "x")
    with pytest.raises(ServiceError, match="Say why"), tx() as s:
        merchant_supervision.suspend(s, w.admin, w.shop.id, "   ")
    with pytest.raises(ServiceError, match="keep it to 500"), tx() as s:
        merchant_supervision.suspend(s, w.admin, w.shop.id, "y" * 501)
    assert fresh(db, Merchant, w.shop.id).status == MerchantStatus.APPROVED
    with tx() as s:
        merchant_supervision.suspend(s, w.admin, w.shop.id, "Sold expired food")
    shop = fresh(db, Merchant, w.shop.id)
    assert (shop.status, shop.suspended_reason) == (MerchantStatus.SUSPENDED, "Sold expired food")
    assert search.search(db, w.community, "honey").products == []
    assert w.shop.id not in [c.merchant.id for c in circle.merchants_in_circle(db, w.community, listed_only=True)]
    with pytest.raises(ServiceError, match="suspended by the platform"), tx() as s:
        _checkout(s, w, "k2")  # the product already in the cart
    with pytest.raises(ServiceError, match="suspended by the platform"), tx() as s:
        cart.add_to_cart(s, w.resident2, p.id, 1)
    with tx() as s:  # the order paid before goes on: the shop can still accept it
        orders.accept_order(s, w.merchant, order.id)
    assert fresh(db, Order, order.id).state == "accepted"
    told = db.exec(select(OutboxMessage).where(OutboxMessage.user_id == w.merchant.user_id)).all()
    assert any("suspended" in m.subject and "Sold expired food" in m.body for m in told)
    with pytest.raises(ServiceError, match="Only a trading shop"), tx() as s:
        merchant_supervision.suspend(s, w.admin, w.shop.id, "again")
    with tx() as s:
        merchant_supervision.reinstate(s, w.admin, w.shop.id, "Supplier changed")
    assert fresh(db, Merchant, w.shop.id).status == MerchantStatus.APPROVED
    assert fresh(db, Merchant, w.shop.id).suspended_reason == ""
    with pytest.raises(ServiceError, match="not suspended"), tx() as s:
        merchant_supervision.reinstate(s, w.admin, w.shop.id, "again")
    actions = db.exec(select(AuditEntry.action, AuditEntry.detail).where(
        AuditEntry.subject == f"merchant:{w.shop.id}").order_by(AuditEntry.id)).all()
    assert actions == [("merchant.suspended", "Sold expired food"), ("merchant.reinstated", "Supplier changed")]
    assert fresh(db, Product, p.id).live


def test_warnings_stay_until_the_merchant_acknowledges_them(world, tx, db):
    w = world
    with pytest.raises(ServiceError, match="Write the warning"), tx() as s:
        merchant_supervision.warn(s, w.admin, w.shop.id, "")
    with pytest.raises(ServiceError, match="keep it to 1000"), tx() as s:
        merchant_supervision.warn(s, w.admin, w.shop.id, "z" * 1001)
    with pytest.raises(PermissionDenied), tx() as s:
        merchant_supervision.warn(s, w.merchant, w.shop.id, "self-warning")
    with tx() as s:
        warning = merchant_supervision.warn(s, w.admin, w.shop.id, "Reply to customers within a day")
    assert [x.note for x in merchant_supervision.open_warnings(db, w.merchant, w.shop.id)] == [
        "Reply to customers within a day"]
    with pytest.raises(PermissionDenied):
        merchant_supervision.open_warnings(db, w.other_merchant, w.shop.id)
    with pytest.raises(PermissionDenied), tx() as s:
        merchant_supervision.acknowledge(s, w.other_merchant, warning.id)
    with tx() as s:
        merchant_supervision.acknowledge(s, w.merchant, warning.id)
    db.expire_all()
    assert merchant_supervision.open_warnings(db, w.merchant, w.shop.id) == []
    view = merchant_supervision.shop_overview(db, w.admin, w.shop.id)
    assert view.warnings[0].acknowledged_at is not None


def test_the_shop_view_counts_orders_disputes_refunds_reviews_and_complaints(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Eggs", price_minor=1200, stock=50)
        for i, state in enumerate(("paid", "signed", "refunded", "disputed")):
            cart.add_to_cart(s, w.resident, p.id, 1)
            o = _checkout(s, w, f"o{i}")
            f.change(s, Order, o.id, state=state, refund_ref="r1" if state == "refunded" else "")
    view = merchant_supervision.shop_overview(db, w.admin, w.shop.id)
    assert (view.orders_total, view.orders_open, view.orders_done, view.disputes) == (4, 1, 1, 1)
    assert (view.refunded, view.refund_rate_pct) == (1, 25)
    assert [o.state for o in view.latest_orders][:1] in (["disputed"], ["paid"], ["signed"], ["refunded"])
    with tx() as s:
        finance = f.sub_roles(s, f.user(s, Role.PLATFORM_ADMIN), "finance")
    with pytest.raises(PermissionDenied):
        merchant_supervision.shop_overview(db, finance, w.shop.id)
    rows, total = merchant_supervision.supervised_shops(db, w.admin, query=w.shop.name)
    assert total == 1 and rows[0].merchant.id == w.shop.id
    with tx() as s:
        merchant_supervision.set_trusted(s, w.admin, w.shop.id, False)
    assert not fresh(db, Merchant, w.shop.id).trusted
    with pytest.raises(ServiceError), tx() as s:
        merchant_supervision.set_trusted(s, w.admin, w.shop.id, "yes")


def test_an_open_shop_is_rung_by_its_orders_status_and_warnings_and_not_by_another_shop(engine, world, tx):
    """/admin/shops waits on the change bell for the open shop instead of polling: a new or paid
    order, a suspension, a warning and its acknowledgement ring it, another shop's order does not;
    only a reviewer may wait on it."""
    w = world
    (shop2,) = w.other_merchant.merchant_ids
    with tx() as s:
        keys, wake_in = merchant_supervision.overview_keys(s, w.admin, w.shop.id)
        theirs = merchant_supervision.overview_keys(s, w.admin, shop2)[0]
        mine = catalog.create_product(s, w.merchant, w.shop.id, name="Honey", price_minor=1500, stock=9).id
        other = catalog.create_product(s, w.other_merchant, shop2, name="Salt", price_minor=100, stock=9).id
    assert wake_in is None
    with pytest.raises(PermissionDenied), tx() as s:
        merchant_supervision.overview_keys(s, w.merchant, w.shop.id)

    made = {}

    def order(s):
        cart.add_to_cart(s, w.resident, mine, 1)
        made["order"] = _checkout(s, w, "bell").id

    assert rings(engine, committed(tx, order), keys)
    assert rings(engine, committed(tx, lambda s: orders.mark_paid(s, made["order"], "pay_bell")), keys)
    assert rings(engine, committed(tx, lambda s: made.setdefault("warning", merchant_supervision.warn(
        s, w.admin, w.shop.id, "Answer within a day").id)), keys)
    assert rings(engine, committed(tx, lambda s: merchant_supervision.acknowledge(s, w.merchant, made["warning"])), keys)
    assert rings(engine, committed(tx, lambda s: merchant_supervision.suspend(s, w.admin, w.shop.id, "Expired food")), keys)

    def their_order(s):
        cart.add_to_cart(s, w.resident2, other, 1)
        checkout.place_order(s, w.resident2, shop2, idempotency_key="key-theirs-0000",
                             payment_method="card", fulfilment="delivery", address="A-102")

    assert not rings(engine, committed(tx, their_order), keys, heard=theirs)
