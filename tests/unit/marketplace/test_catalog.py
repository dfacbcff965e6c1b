"""Merchant catalog: ownership, stock, visibility, admin flags, CSV, favourites, shop page, home."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.marketplace import catalog, promotions
from community_hub.models import AuditEntry, Product
from community_hub.models.base import utcnow
from tests.images import JPEG
from tests.unit.marketplace.conftest import fresh


def test_merchant_manages_only_its_own_products(world, tx, db, tmp_path, monkeypatch):
    w = world
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Jam", price_minor=400, compare_at_minor=500, stock=10)
    for fn, args in ((catalog.update_product, {"price_minor": 1}), (catalog.set_stock, (0,)), (catalog.set_available, (False,))):
        with pytest.raises(PermissionDenied), tx() as s:
            fn(s, w.other_merchant, p.id, **args) if isinstance(args, dict) else fn(s, w.other_merchant, p.id, *args)
    with pytest.raises(PermissionDenied), tx() as s:
        catalog.create_product(s, w.other_merchant, w.shop.id, name="Fake", price_minor=1)
    with pytest.raises(PermissionDenied), tx() as s:
        catalog.flag_abnormal(s, w.merchant, p.id, "x")
    bad = [({"price_minor": -1}, "negative"), ({"compare_at_minor": 300}, "compare-at price must be higher"),
           ({"stock": 3}, "cannot be changed here"), ({"name": "  "}, "name")]
    for changes, msg in bad:
        with pytest.raises(ServiceError, match=msg), tx() as s:
            catalog.update_product(s, w.merchant, p.id, **changes)
    with pytest.raises(ServiceError, match="negative"), tx() as s:
        catalog.set_stock(s, w.merchant, p.id, -1)
    assert (fresh(db, Product, p.id).price_minor, fresh(db, Product, p.id).stock) == (400, 10)
    with tx() as s:
        catalog.add_product_photo(s, w.merchant, p.id, JPEG, "jam.jpg")
    with pytest.raises(ServiceError, match="not accepted"), tx() as s:
        catalog.add_product_photo(s, w.merchant, p.id, b"%PDF-1.4 not a photo", "jam.jpg")
    photos = fresh(db, Product, p.id).photos
    assert len(photos) == 1 and photos[0].endswith(".jpg") and (tmp_path / "uploads" / photos[0]).exists()
    flags = catalog.product_flags(fresh(db, Product, p.id))
    assert (flags.new, flags.hot, flags.discount_pct) == (True, False, 20)
    assert not catalog.product_flags(fresh(db, Product, p.id), now=utcnow() + timedelta(days=15)).new
    # Low stock: at or below the threshold, unlimited stock never listed.
    with tx() as s:
        catalog.set_stock(s, w.merchant, p.id, 2)
        catalog.create_product(s, w.merchant, w.shop.id, name="Haircut", price_minor=2000, stock=None)
    assert [x.name for x in catalog.low_stock(db, w.merchant, w.shop.id)] == ["Jam"]
    # An admin's flag hides the product from the shop page until cleared; it is audited.
    with tx() as s:
        catalog.flag_abnormal(s, w.admin, p.id, "Counterfeit brand")
    assert [x.name for x in catalog.shop_page(db, w.shop.slug).products] == ["Haircut"]
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "product.flag_abnormal")).one().detail == "Counterfeit brand"
    with tx() as s:
        catalog.clear_abnormal(s, w.admin, p.id)
    assert {x.name for x in catalog.shop_page(db, w.shop.slug).products} == {"Jam", "Haircut"}
    with pytest.raises(NotFound):
        catalog.shop_page(db, "no-such-shop")


def test_csv_export_then_import_round_trip_and_all_or_nothing(world, tx, db):
    w = world
    with tx() as s:
        veg = catalog.create_category(s, w.admin, "veg", "Vegetables")
        catalog.create_product(s, w.merchant, w.shop.id, name="Leeks", price_minor=250, sku="LEEK", stock=4,
                               category_id=veg.id)
    csv_text = catalog.export_csv(db, w.merchant, w.shop.id)
    assert csv_text.splitlines()[1] == "LEEK,Leeks,,2.50,,4,veg,,yes,no,"
    with tx() as s:  # a name a spreadsheet would run goes out as text and comes back as typed
        catalog.create_product(s, w.merchant, w.shop.id, name="-5 off bundle", price_minor=100, sku="B1")
    guarded = catalog.export_csv(db, w.merchant, w.shop.id)
    assert "B1,'-5 off bundle,,1.00" in guarded
    with tx() as s:
        catalog.import_csv(s, w.merchant, w.shop.id, guarded)
    assert db.exec(select(Product).where(Product.sku == "B1")).one().name == "-5 off bundle"
    new = csv_text + "KALE,Kale,curly,3.10,3.50,,veg,Greens,yes,yes\n"
    new = new.replace("LEEK,Leeks,,2.50", "LEEK,Leeks,,2.75")
    with tx() as s:
        result = catalog.import_csv(s, w.merchant, w.shop.id, new)
    assert (result.created, result.updated) == (1, 1)
    rows = {p.sku: p for p in db.exec(select(Product).where(Product.merchant_id == w.shop.id))}
    assert rows["LEEK"].price_minor == 275 and rows["KALE"].stock is None and rows["KALE"].compare_at_minor == 350
    assert rows["KALE"].recommended and rows["KALE"].section_id is not None
    broken = ("sku,name,price,stock,category\n"
              "A1,Good row,1.00,3,veg\n"
              "A2,,1.00,3,veg\n"
              "A3,Bad price,abc,3,veg\n"
              "A4,Bad stock,1.00,-2,veg\n"
              "A5,Bad cat,1.00,1,meat\n"
              "A1,Twice,1.00,1,veg\n")
    with pytest.raises(catalog.CsvImportError) as err, tx() as s:
        catalog.import_csv(s, w.merchant, w.shop.id, broken)
    assert err.value.errors == [
        "Row 3: name is empty", "Row 4: price 'abc' is not a number", "Row 5: stock cannot be negative",
        "Row 6: category 'meat' does not exist", "Row 7: sku A1 appears twice in the file"]
    assert db.exec(select(Product).where(Product.sku == "A1")).first() is None  # nothing at all was imported
    with pytest.raises(PermissionDenied), tx() as s:
        catalog.import_csv(s, w.other_merchant, w.shop.id, new)


def test_favourites_sections_options_and_home_feed(world, tx, db):
    w = world
    with tx() as s:
        sec = catalog.create_section(s, w.merchant, w.shop.id, "Breads")
        with pytest.raises(ServiceError, match="already has a section"):
            catalog.create_section(s, w.merchant, w.shop.id, "Breads")
    with tx() as s:
        hot = catalog.create_product(s, w.merchant, w.shop.id, name="Baguette", price_minor=300, section_id=sec.id)
        hot.sold_count = 25
        catalog.create_product(s, w.merchant, w.shop.id, name="Rye", price_minor=400, compare_at_minor=500,
                               recommended=True)
        sold_out = catalog.create_product(s, w.merchant, w.shop.id, name="Brioche", price_minor=400, stock=0,
                                          recommended=True)
        # Merchants no longer pin into the home carousel for free: an admin curates the pinned list.
        with pytest.raises(ServiceError, match="cannot be changed here: pinned"):
            catalog.update_product(s, w.merchant, hot.id, pinned=True)
        promotions.set_home_list(s, w.admin, w.community.id, "pinned", "manual", [hot.id])
    with pytest.raises(ServiceError, match="not one of this shop's sections"), tx() as s:
        other_sec = catalog.create_section(s, w.other_merchant, next(iter(w.other_merchant.merchant_ids)), "X")
        catalog.update_product(s, w.merchant, hot.id, section_id=other_sec.id)
    feed = catalog.home_feed(db, w.community)
    assert [p.name for p in feed.pinned] == ["Baguette"] and [p.name for p in feed.hot] == ["Baguette"]
    assert [p.name for p in feed.recommended] == ["Rye"] and [p.name for p in feed.discounted] == ["Rye"]
    assert sold_out.id not in [p.id for p in feed.new] and len(feed.new) == 2
    with tx() as s:
        assert catalog.toggle_favourite(s, w.resident, product_id=hot.id) is True
        assert catalog.toggle_favourite(s, w.resident, merchant_id=w.shop.id) is True
    favs = catalog.list_favourites(db, w.resident)
    assert [p.id for p in favs.products] == [hot.id] and [m.id for m in favs.merchants] == [w.shop.id]
    assert catalog.favourite_ids(db, w.resident) == ([hot.id], [w.shop.id])  # the hearts on every shopping page
    with tx() as s:
        assert catalog.toggle_favourite(s, w.resident, product_id=hot.id) is False
    assert catalog.list_favourites(db, w.resident).products == []
    assert catalog.favourite_ids(db, w.resident) == ([], [w.shop.id])
    assert catalog.list_favourites(db, w.resident2).merchants == []


def test_seed_marketplace_is_idempotent(world, tx, db):
    from community_hub.models.catalog import Category, MerchantSection
    from community_hub.models.orders import Coupon
    from community_hub.seed.marketplace import seed_marketplace

    w = world
    with tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Milk", price_minor=100)
    for _ in range(2):
        with tx() as s:
            seed_marketplace(s, fresh(s, type(w.community), w.community.id), [fresh(s, type(w.shop), w.shop.id)])
    assert len(db.exec(select(Category)).all()) == 11
    assert len(db.exec(select(MerchantSection)).all()) == 2 and len(db.exec(select(Coupon)).all()) == 1
    assert [c.slug for c in catalog.category_tree(db)] == ["food", "health", "home"]
    assert catalog.home_feed(db, w.community).pinned[0].name == "Milk"
