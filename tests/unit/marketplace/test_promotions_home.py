"""The home page as admins curate it per community (by hand or by rule) and the campaigns it shows
(the platform's and a shop's own), with who may change what (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import catalog, promotions
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderLine
from tests import factories as f


def _names(products) -> list[str]:
    return [p.name for p in products]


def test_admins_fill_the_lists_by_hand_or_by_rule(world, tx, db):
    w = world
    now = utcnow()
    with tx() as s:
        bread = catalog.create_product(s, w.merchant, w.shop.id, name="Bread", price_minor=300)
        milk = catalog.create_product(s, w.merchant, w.shop.id, name="Milk", price_minor=100)
        jam = catalog.create_product(s, w.merchant, w.shop.id, name="Jam", price_minor=500)
        bread.created_at, milk.created_at, jam.created_at = now - timedelta(days=3), now - timedelta(days=2), now
        s.add_all([bread, milk, jam])
    feed = catalog.home_feed(db, w.community)
    assert feed.pinned == [] and feed.carousel == []  # nobody curated: nothing pinned, no carousel
    with tx() as s:  # by hand, in the admin's order
        promotions.set_home_list(s, w.admin, w.community.id, "carousel", "manual", [milk.id, bread.id])
        promotions.set_home_list(s, w.admin, w.community.id, "new", "newest")
    feed = catalog.home_feed(db, w.community)
    assert _names(feed.carousel) == ["Milk", "Bread"] and _names(feed.new) == ["Jam", "Milk", "Bread"]
    with tx() as s:  # most ordered in 7 days: paid orders of the last week only
        buyer = w.resident.user_id
        for product, qty, days, state in ((milk, 5, 1, "paid"), (jam, 9, 10, "paid"), (bread, 2, 2, "signed"),
                                          (jam, 50, 1, "cancelled")):
            o = Order(user_id=buyer, merchant_id=w.shop.id, state=state, idempotency_key=f"k-{product.id}-{days}-{state}",
                      created_at=now - timedelta(days=days))
            s.add(o)
            s.flush()
            s.add(OrderLine(order_id=o.id, product_id=product.id, name=product.name, unit_price_minor=1,
                            quantity=qty, line_total_minor=qty))
        promotions.set_home_list(s, w.admin, w.community.id, "hot", "most_ordered_7d")
    assert _names(catalog.home_feed(db, w.community).hot) == ["Milk", "Bread"]
    with tx() as s:  # highest rated: the best-rated shops' products
        other_shop = f.merchant(s, lat=w.shop.lat, lon=w.shop.lon)
        f.product(s, other_shop.id).name = "Cake"
        other_shop.rating_avg, other_shop.rating_count = 4.9, 12
        shop = s.get(type(w.shop), w.shop.id)
        shop.rating_avg, shop.rating_count = 4.0, 3
        s.add_all([other_shop, shop])
        promotions.set_home_list(s, w.admin, w.community.id, "recommended", "highest_rated")
    assert _names(catalog.home_feed(db, w.community).recommended)[0] == "Cake"
    lists = {x.kind: x for x in promotions.home_lists_for_admin(db, w.admin, w.community.id)}
    assert lists["carousel"].rule == "manual" and [p[1] for p in lists["carousel"].products] == ["Milk", "Bread"]
    assert lists["pinned"].rule == "" and lists["carousel"].shown[0].startswith("Milk · ")


def test_curation_refuses_bad_input_and_stale_saves(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Bread", price_minor=300)
    for who in (w.resident, w.merchant):
        with pytest.raises(PermissionDenied), tx() as s:
            promotions.set_home_list(s, who, w.community.id, "pinned", "manual", [p.id])
    for kind, rule, ids, message in (("banner", "manual", [], "one of the home page's lists"),
                                     ("hot", "random", [], "by hand or one of the rules"),
                                     ("hot", "manual", [999999], "does not exist"),
                                     ("hot", "manual", list(range(1, 30)), "at most 24")):
        with pytest.raises(ServiceError, match=message), tx() as s:
            promotions.set_home_list(s, w.admin, w.community.id, kind, rule, ids)
    with tx() as s:
        first = promotions.set_home_list(s, w.admin, w.community.id, "pinned", "manual", [p.id], version=0).version
    with pytest.raises(ServiceError, match="changed since you opened it"), tx() as s:
        promotions.set_home_list(s, w.admin, w.community.id, "pinned", "manual", [], version=0)
    with tx() as s:
        promotions.set_home_list(s, w.admin, w.community.id, "pinned", "manual", [], version=first)
    assert catalog.home_feed(db, w.community).pinned == []


def test_campaigns_show_on_the_home_while_they_run(world, tx, db):
    w = world
    now = utcnow()
    with tx() as s:
        bread = catalog.create_product(s, w.merchant, w.shop.id, name="Bread", price_minor=300)
        theirs = f.product(s, next(iter(w.other_merchant.merchant_ids)))
        mine = promotions.create_merchant_promotion(s, w.merchant, w.shop.id, title="Bread week", banner="All loaves",
                                                    starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=7),
                                                    product_ids=[bread.id])
        platform = promotions.create_platform_promotion(s, w.admin, title="Spring sale", starts_at=now - timedelta(hours=1),
                                                        ends_at=now + timedelta(days=3), merchant_ids=[w.shop.id])
        promotions.create_platform_promotion(s, w.admin, title="Next month", starts_at=now + timedelta(days=30),
                                             ends_at=now + timedelta(days=40), product_ids=[bread.id])
    banners = promotions.home_banners(db, w.resident)
    assert [(b.title, b.shop_name) for b in banners] == [("Spring sale", ""), ("Bread week", w.shop.name)]
    assert _names(banners[1].products) == ["Bread"] and [m.id for m in banners[0].shops] == [w.shop.id]
    refusals = [(dict(title=""), "Give the promotion a name"), (dict(banner="x" * 201), "at most"),
                (dict(ends_at=now - timedelta(days=1)), "end after it starts"),
                (dict(starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=1)), "in the past"),
                (dict(product_ids=[theirs.id]), "not one you can put")]
    for change, message in refusals:
        terms = {"title": "X", "starts_at": now, "ends_at": now + timedelta(days=1), **change}
        with pytest.raises(ServiceError, match=message), tx() as s:
            promotions.create_merchant_promotion(s, w.merchant, w.shop.id, **terms)
    with pytest.raises(PermissionDenied), tx() as s:
        promotions.create_merchant_promotion(s, w.other_merchant, w.shop.id, title="X", starts_at=now,
                                             ends_at=now + timedelta(days=1))
    with pytest.raises(PermissionDenied), tx() as s:
        promotions.create_platform_promotion(s, w.merchant, title="X", starts_at=now, ends_at=now + timedelta(days=1),
                                             merchant_ids=[w.shop.id])
    with pytest.raises(ServiceError, match="back office ends it"), tx() as s:
        promotions.end_promotion(s, w.merchant, platform.id)
    with tx() as s:
        promotions.end_promotion(s, w.merchant, mine.id)
        promotions.end_platform_promotion(s, w.admin, platform.id)
    assert promotions.home_banners(db, w.resident) == []
    assert [p.title for p in promotions.list_merchant_promotions(db, w.merchant, w.shop.id)] == ["Bread week"]
    overview = promotions.promotions_overview(db, w.admin)
    assert {p.title for p in overview.promotions} == {"Bread week", "Spring sale", "Next month"}
