"""Reviews after signing, one reply, derived rating, and moderation."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.marketplace import cart, catalog, checkout, orders, reviews
from community_hub.models import AuditEntry, Merchant
from tests.unit.marketplace.conftest import fresh


def _signed_order(tx, w, who, sign=True):
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Pie", price_minor=900)
        cart.add_to_cart(s, who, p.id)
    with tx() as s:
        o = checkout.place_order(s, who, w.shop.id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                 fulfilment="pickup")
        orders.mark_paid(s, o.id, f"p{o.id}")
        orders.accept_order(s, w.merchant, o.id)
        orders.start_preparing(s, w.merchant, o.id)
        orders.ready_for_pickup(s, w.merchant, o.id)
        orders.mark_delivered(s, w.merchant, o.id, o.pickup_code)
        if sign:
            orders.sign_order(s, who, o.id)
    return o


def test_review_once_after_signing_reply_once_and_rating_is_derived(world, tx, db):
    w = world
    unsigned = _signed_order(tx, w, w.resident, sign=False)
    with pytest.raises(ServiceError, match="after you have signed"), tx() as s:
        reviews.write_review(s, w.resident, unsigned.id, 5)
    o1, o2 = _signed_order(tx, w, w.resident), _signed_order(tx, w, w.resident2)
    with pytest.raises(NotFound), tx() as s:
        reviews.write_review(s, w.resident2, o1.id, 1)
    with pytest.raises(ServiceError, match="1 to 5"), tx() as s:
        reviews.write_review(s, w.resident, o1.id, 6)
    with tx() as s:
        r1 = reviews.write_review(s, w.resident, o1.id, 5, "Lovely pie", ["uploads/p.jpg"])
    with pytest.raises(ServiceError, match="already reviewed"), tx() as s:
        reviews.write_review(s, w.resident, o1.id, 1, "changed my mind")
    with tx() as s:
        reviews.write_review(s, w.resident2, o2.id, 2, "Cold")
    shop = fresh(db, Merchant, w.shop.id)
    assert (shop.rating_avg, shop.rating_count) == (3.5, 2)
    with pytest.raises(PermissionDenied), tx() as s:
        reviews.reply_to_review(s, w.other_merchant, r1.id, "thanks")
    with tx() as s:
        reviews.reply_to_review(s, w.merchant, r1.id, "Thank you!")
    with pytest.raises(ServiceError, match="already has your reply"), tx() as s:
        reviews.reply_to_review(s, w.merchant, r1.id, "Again")
    assert [r.reply_text for r in reviews.shop_reviews(db, w.shop.id)] == ["", "Thank you!"]


def test_reported_review_goes_to_moderation_and_hiding_updates_the_rating(world, tx, db):
    w = world
    o1, o2 = _signed_order(tx, w, w.resident), _signed_order(tx, w, w.resident2)
    with tx() as s:
        reviews.write_review(s, w.resident, o1.id, 5)
        abusive = reviews.write_review(s, w.resident2, o2.id, 1, "rude words")
    with tx() as s:
        rep = reviews.report_review(s, w.merchant, abusive.id, "Insults staff")
        reviews.report_review(s, w.resident, abusive.id, "Offensive")
    with pytest.raises(ServiceError, match="already reported"), tx() as s:
        reviews.report_review(s, w.merchant, abusive.id, "again")
    with pytest.raises(PermissionDenied):
        reviews.moderation_queue(db, w.merchant)
    assert [i.review.id for i in reviews.moderation_queue(db, w.admin)] == [abusive.id, abusive.id]
    with tx() as s:
        reviews.decide_report(s, w.admin, rep.id, hide=True, note="abusive language")
    assert reviews.moderation_queue(db, w.admin) == []
    shop = fresh(db, Merchant, w.shop.id)
    assert (shop.rating_avg, shop.rating_count) == (5.0, 1)
    assert [r.id for r in reviews.shop_reviews(db, w.shop.id)] != [] and abusive.id not in [r.id for r in reviews.shop_reviews(db, w.shop.id)]
    audit = db.exec(select(AuditEntry).where(AuditEntry.subject == f"review:{abusive.id}")).one()
    assert (audit.actor_user_id, audit.action, audit.detail) == (w.admin.user_id, "review.report_upheld", "abusive language")
    with pytest.raises(ServiceError, match="already been decided"), tx() as s:
        reviews.decide_report(s, w.admin, rep.id, hide=False)
