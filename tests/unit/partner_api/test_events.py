"""The event stream (issue 19): every order step becomes an event numbered per shop in the same
transaction; a refused or rolled-back change leaves none and takes no number."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.marketplace import cart, checkout, orders
from community_hub.models.partner_api import ApiEvent, ApiEventCounter
from tests.unit.shopping.steps import pay


def _order(tx, shop, merchant_key: str = "merchant", n: int = 1) -> int:
    with tx() as db:
        cart.add_to_cart(db, shop["resident"], shop["product"], 1)
        return checkout.place_order(db, shop["resident"], shop[merchant_key], idempotency_key=f"events-{n}",
                                    payment_method="card", address="A-1").id


def test_each_step_is_one_numbered_event_and_a_refusal_leaves_none(tx, db, shop):
    oid = _order(tx, shop)
    pay(tx, shop["resident"], oid)
    with tx() as s:
        orders.accept_order(s, shop["owner"], oid)
    with pytest.raises(ServiceError), tx() as s:
        orders.accept_order(s, shop["owner"], oid)  # already accepted: refused
    with pytest.raises(RuntimeError), tx() as s:
        orders.start_preparing(s, shop["owner"], oid)
        raise RuntimeError("the worker fell over before committing")
    rows = db.exec(select(ApiEvent).where(ApiEvent.merchant_id.is_not(None)).order_by(ApiEvent.seq)).all()
    assert [(e.seq, e.type, e.data["state"], e.merchant_id) for e in rows] == [
        (1, "order.created", "placed", shop["merchant"]), (2, "order.paid", "paid", shop["merchant"]),
        (3, "order.status_changed", "accepted", shop["merchant"])]
    assert db.get(ApiEventCounter, shop["merchant"]).last_seq == 3


def test_each_shop_numbers_its_own_events(tx, db, shop):
    with tx() as s:
        from tests import factories as f
        other_product = f.product(s, shop["other_merchant"]).id
    _order(tx, shop, n=1)
    with tx() as s:
        cart.add_to_cart(s, shop["resident"], other_product, 1)
        checkout.place_order(s, shop["resident"], shop["other_merchant"], idempotency_key="events-2",
                             payment_method="card", address="A-1")
    _order(tx, shop, n=3)
    seqs = {(e.merchant_id, e.seq) for e in db.exec(select(ApiEvent).where(ApiEvent.merchant_id.is_not(None)))}
    assert seqs == {(shop["merchant"], 1), (shop["merchant"], 2), (shop["other_merchant"], 1)}


def test_the_platform_hiding_a_product_and_lifting_it_are_events(tx, db, shop):
    from community_hub.marketplace import catalog
    from community_hub.models import Role
    from tests import factories as f

    with tx() as s:
        admin = f.actor(s, f.user(s, Role.PLATFORM_ADMIN))
    with tx() as s:
        catalog.set_stock(s, shop["owner"], shop["product"], 4)  # the shop's own change: no event
    with tx() as s:
        catalog.flag_abnormal(s, admin, shop["product"], "Photo shows another brand")
    with tx() as s:
        catalog.clear_abnormal(s, admin, shop["product"])
    rows = db.exec(select(ApiEvent).where(ApiEvent.merchant_id.is_not(None)).order_by(ApiEvent.seq)).all()
    assert [(e.seq, e.type, e.order_id, e.data["product_id"], e.data["flagged"], e.data["reason"]) for e in rows] == [
        (1, "product.review_decided", None, shop["product"], True, "Photo shows another brand"),
        (2, "product.review_decided", None, shop["product"], False, None)]


def test_a_payout_sent_to_the_shop_is_an_event(tx, db, shop):
    from community_hub.marketplace import orders
    from community_hub.models import Role
    from community_hub.payments import payouts
    from tests import factories as f
    from tests.unit.shopping.steps import deliver

    oid = _order(tx, shop, n=7)
    pay(tx, shop["resident"], oid)
    deliver(tx, shop["owner"], oid)
    with tx() as s:
        orders.sign_order(s, shop["resident"], oid)  # settles: the shop is owed its share
        admin = f.actor(s, f.user(s, Role.PLATFORM_ADMIN))
    with tx() as s:
        payouts.set_payout_account(s, shop["owner"], shop["merchant"], "acct_demo_shop1")
    with tx() as s:
        payout = payouts.send_payout(s, admin, shop["merchant"], 500)
    sent = db.exec(select(ApiEvent).where(ApiEvent.type == "payout.sent")).all()
    assert [(e.merchant_id, e.data["payout_id"], e.data["amount_minor"]) for e in sent] == [
        (shop["merchant"], payout.id, 500)]
