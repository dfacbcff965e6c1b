"""A newly approved shop with nothing for sale is not listed to residents (circle, search, its page,
the kiosk) until it has one product for sale; its merchant's dashboard says so."""

from __future__ import annotations

import pytest

from community_hub import overviews
from community_hub.core.errors import NotFound
from community_hub.marketplace import applications as ma
from community_hub.marketplace import catalog, circle, listing, search
from community_hub.marketplace.catalog import products as product_admin


def _seen(db, w) -> set[str]:
    return {c.merchant.slug for c in circle.my_circle(db, w.resident)}


def test_a_shop_appears_to_residents_with_its_first_product_and_leaves_with_the_last(world, tx, db):
    w = world
    assert w.shop.slug not in _seen(db, w)
    hits = search.search(db, w.community, w.shop.name).merchants
    assert w.shop.id not in [h.merchant.id for h in hits]
    with pytest.raises(NotFound):
        catalog.shop_page(db, w.shop.slug, viewer=w.resident)
    # Its own merchant may look at the page meanwhile, and is told why residents cannot.
    assert not catalog.shop_page(db, w.shop.slug, viewer=w.merchant).listed
    [mine] = overviews.merchant_overview(db, w.merchant)
    assert not mine.listed and listing.HINT == "Add your first product to appear to residents."

    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Apples", price_minor=300)
    db.expire_all()
    assert w.shop.slug in _seen(db, w)
    assert w.shop.id in [h.merchant.id for h in search.search(db, w.community, w.shop.name).merchants]
    assert catalog.shop_page(db, w.shop.slug, viewer=w.resident).listed
    assert overviews.merchant_overview(db, w.merchant)[0].listed

    # Its only product hidden by an admin: nothing to buy, so out of sight again.
    with tx() as s:
        product_admin.flag_abnormal(s, w.admin, p.id, "Price looks wrong")
    db.expire_all()
    assert w.shop.slug not in _seen(db, w)


def test_unclaimed_listings_stay_listed_for_their_owners_to_find(world, tx, db):
    with tx() as s:
        listed = ma.create_unclaimed_listing(s, world.admin, name="Corner Florist", category="florist",
                                             address="2 Main", lat=world.shop.lat, lon=world.shop.lon,
                                             phone="+15550110")
    assert listed.slug in _seen(db, world)


def test_a_shop_whose_first_product_waits_for_review_is_told_so(world, tx, db):
    with tx() as s:
        shop = s.get(type(world.shop), world.shop.id)
        shop.trusted = False  # its products wait for the platform's review
        s.add(shop)
        catalog.create_product(s, world.merchant, world.shop.id, name="Apples", price_minor=300)
    db.expire_all()
    [mine] = overviews.merchant_overview(db, world.merchant)
    assert not mine.listed
    assert mine.listing_hint == listing.WAITING_HINT
    assert "waiting for the platform's review" in str(listing.WAITING_HINT)
