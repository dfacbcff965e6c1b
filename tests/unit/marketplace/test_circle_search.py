"""The 10-minute circle and full-text search, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from community_hub.core.errors import ServiceError
from community_hub.core.geo import haversine_m, offset, walking_minutes
from community_hub.marketplace import catalog, circle, search
from community_hub.models import MerchantStatus, Product
from tests import factories as f


def test_haversine_and_walking_minutes():
    # One degree of latitude is ~111.2 km everywhere.
    assert abs(haversine_m(0, 0, 1, 0) - 111_195) < 50
    lat, lon = offset(51.5, -0.12, 0, 800)
    assert abs(haversine_m(51.5, -0.12, lat, lon) - 800) < 1
    assert walking_minutes(800, 80) == 10


def test_circle_lists_only_approved_merchants_within_ten_minutes_nearest_first(tx, db):
    with tx() as s:
        c = f.community(s, lat=40.0, lon=-75.0)
        at = lambda n, e, **kw: f.merchant(s, lat=offset(40.0, -75.0, n, e)[0], lon=offset(40.0, -75.0, n, e)[1], **kw)  # noqa: E731
        near = at(100, 0)
        mid = at(0, -500, category="bakery")
        edge = at(-790, 0)  # 9.9 minutes
        at(0, 810)  # 10.1 minutes: outside
        at(600, 600)  # 849 m diagonally: inside the box, outside the circle
        at(50, 50, status=MerchantStatus.PENDING)
        at(50, 50, status=MerchantStatus.SUSPENDED)
        ids = (near.id, mid.id, edge.id)
    got = circle.merchants_in_circle(db, c)
    assert [g.merchant.id for g in got] == list(ids)
    assert [g.distance_m for g in got] == [100, 500, 790]
    assert got[2].walk_minutes == 9.9
    assert [g.merchant.id for g in circle.merchants_in_circle(db, c, category="bakery")] == [mid.id]
    # A slower walking speed configured for the community shrinks the circle.
    c.walk_m_per_min = 60
    assert [g.merchant.id for g in circle.merchants_in_circle(db, c)] == [near.id, mid.id]
    assert circle.map_markers(got)[0]["name"] == near.name


def test_search_finds_circle_products_with_filters_and_paging(world, tx, db):
    w = world
    with tx() as s:
        fruit = catalog.create_category(s, w.admin, "fruit", "Fruit")
        apples = catalog.create_category(s, w.admin, "apples", "Apples", parent_id=fruit.id)
        far_shop = f.merchant(s, lat=41.0, lon=-75.0)  # 111 km away
        far_shop.name = "Tomato Palace"
        mk = lambda **kw: catalog.create_product(s, w.merchant, w.shop.id, **kw)  # noqa: E731
        mk(name="Red Tomato", description="vine ripened", price_minor=300, stock=5)
        mk(name="Green tomatoes", price_minor=250, stock=0)
        mk(name="Tomato soup", description="homemade", price_minor=800, stock=None)
        mk(name="Crisp Apple", price_minor=120, stock=50, category_id=apples.id)
        hidden = mk(name="Tomato hidden", price_minor=100, stock=3)
        catalog.set_available(s, w.merchant, hidden.id, False)
        flagged = mk(name="Tomato flagged", price_minor=100, stock=3)
        catalog.flag_abnormal(s, w.admin, flagged.id, "Photo is not the product")
        s.add(f.product(s, far_shop.id))
        far = Product(merchant_id=far_shop.id, name="Tomato far away", price_minor=10)
        s.add(far)
    c = w.community
    page = search.search(db, c, "tomat")
    assert {h.product.name for h in page.products} == {"Red Tomato", "Green tomatoes", "Tomato soup"}
    assert page.total == 3 and page.merchants == []
    # Relevance: the word itself in the name beats a longer word starting with it.
    assert search.search(db, c, "tomato").products[-1].product.name == "Green tomatoes"
    # The score's expression is built once per shape of query and reused: each query's own words rank.
    assert search.search(db, c, "tomato soup").products[0].product.name == "Tomato soup"
    assert search.search(db, c, "tomato red").products[0].product.name == "Red Tomato"
    assert [h.product.name for h in search.search(db, c, "tomato", in_stock=True, sort="price_asc").products] == [
        "Red Tomato", "Tomato soup"]
    assert search.search(db, c, "tomato", min_price=260, max_price=500).total == 1
    assert search.search(db, c, "ripened").products[0].product.name == "Red Tomato"
    # A parent category covers its children; an unknown category finds nothing.
    assert [h.product.name for h in search.search(db, c, category="fruit").products] == ["Crisp Apple"]
    assert search.search(db, c, category="nope").total == 0
    # Paging: totals stay, pages do not overlap.
    p1 = search.search(db, c, "tomato", page=1, page_size=2, sort="price_asc")
    p2 = search.search(db, c, "tomato", page=2, page_size=2, sort="price_asc")
    assert (p1.total, p1.pages, len(p1.products), len(p2.products)) == (3, 2, 2, 1)
    assert not {h.product.id for h in p1.products} & {h.product.id for h in p2.products}
    # Shops match on name and category; the rating filter uses the shop's derived rating.
    assert [m.merchant.id for m in search.search(db, c, "grocery").merchants][:1] == [w.shop.id]
    assert search.search(db, c, "tomato", min_rating=4).total == 0
    # Renaming a product updates the index (the triggers on SQLite, the expression on PostgreSQL).
    with tx() as s:
        catalog.update_product(s, w.merchant, page.products[0].product.id, name="Plum")
    assert search.search(db, c, "plum").total == 1
    with pytest.raises(ServiceError, match="lowest price"):
        search.search(db, c, "x", min_price=5, max_price=1)
    # Odd punctuation is not a query syntax error.
    assert search.search(db, c, 'tomato" OR * (').total >= 0
