"""A shop changes a coupon's terms until a customer first uses it; after that it says why not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import cart, catalog, checkout, coupon_edits
from community_hub.models.base import utcnow
from community_hub.models.orders import Coupon
from tests.unit.marketplace.conftest import fresh
from tests.unit.marketplace.test_checkout import place


def test_a_coupon_is_edited_until_first_used_then_says_why_not(world, tx, db):
    w = world
    now = utcnow()
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Wine", price_minor=1000)
        c = checkout.create_coupon(s, w.merchant, w.shop.id, code="autumn", kind="amount", value=200)
    with tx() as s:
        coupon_edits.update_coupon(s, w.merchant, c.id, kind="percent", value=10, min_spend_minor=500,
                                   starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=7),
                                   per_user_limit=2, total_limit=50)
    got = fresh(db, Coupon, c.id)
    assert (got.code, got.kind, got.value, got.min_spend_minor, got.per_user_limit, got.total_limit) == \
        ("AUTUMN", "percent", 10, 500, 2, 50)
    assert got.ends_at > now + timedelta(days=6)
    # Bad terms change nothing; another shop cannot touch it.
    for kw, msg in (({"kind": "percent", "value": 150}, "1 to 100"),
                    ({"kind": "amount", "value": 100, "ends_at": now - timedelta(days=1)}, "in the past"),
                    ({"kind": "amount", "value": 100, "starts_at": now + timedelta(days=2),
                      "ends_at": now + timedelta(days=1)}, "end after it starts"),
                    ({"kind": "amount", "value": 100, "per_user_limit": 0}, "at least 1")):
        with pytest.raises(ServiceError, match=msg), tx() as s:
            coupon_edits.update_coupon(s, w.merchant, c.id, **kw)
    with pytest.raises(PermissionDenied), tx() as s:
        coupon_edits.update_coupon(s, w.other_merchant, c.id, kind="amount", value=1)
    assert fresh(db, Coupon, c.id).value == 10

    # A customer uses it: from now on the terms stay, and the refusal says why and what to do.
    with tx() as s:
        cart.add_to_cart(s, w.resident, p.id, 1)
    order = place(tx, w.resident, w.shop.id, coupon_code="AUTUMN")
    assert order.discount_minor == 100
    with pytest.raises(ServiceError, match="used this coupon once.*switch it off and create a new"), tx() as s:
        coupon_edits.update_coupon(s, w.merchant, c.id, kind="amount", value=900)
    assert fresh(db, Coupon, c.id).value == 10
    assert coupon_edits.why_locked(coupon_edits.times_used(db, fresh(db, Coupon, c.id))).startswith(
        "Customers have used this coupon once")
    assert coupon_edits.why_locked(0) == ""
