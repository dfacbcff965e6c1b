"""A product's barcode: 8, 12 or 13 digits with a right check digit, one product per code in a
shop (another shop may sell the same pack), in the editor, the services and the CSV; and the
editor reports every bad field at once."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.marketplace import catalog
from community_hub.marketplace.catalog.barcodes import check_digit, clean_barcode, with_check_digit
from community_hub.models import Product
from community_hub.models.catalog import ProductOption
from tests.unit.marketplace.conftest import fresh

EAN13 = "4006381333931"  # a real EAN-13 (check digit 1)
UPC_A = "036000291452"
EAN8 = "96385074"


def test_the_check_digit_is_the_gs1_one():
    assert check_digit(EAN13[:-1]) == 1 and check_digit(UPC_A[:-1]) == 2 and check_digit(EAN8[:-1]) == 4
    assert with_check_digit("200000100001") == "2000001000014"
    assert clean_barcode(" 4006381 333931 ") == EAN13 and clean_barcode("") is None
    for bad, msg in (("4006381333932", "does not add up"), ("12345", "8, 12 or 13 digits"),
                     ("40063813339A1", "8, 12 or 13 digits"), ("1" * 30, "8, 12 or 13 digits")):
        with pytest.raises(ServiceError, match=msg):
            clean_barcode(bad)


def test_a_barcode_is_checked_and_unique_within_the_shop(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Soap", price_minor=300, barcode=EAN13)
    with pytest.raises(ServiceError, match="does not add up"), tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Soap 2", price_minor=300, barcode="4006381333932")
    with pytest.raises(ServiceError, match=r"\(Soap\) already has the barcode"), tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Soap 2", price_minor=300, barcode=EAN13)
    with tx() as s:  # another shop may sell the same pack
        other_shop = min(w.other_merchant.merchant_ids)
        catalog.create_product(s, w.other_merchant, other_shop, name="Soap", price_minor=280, barcode=EAN13)
        q = catalog.create_product(s, w.merchant, w.shop.id, name="Milk", price_minor=120, barcode=EAN8)
    with pytest.raises(ServiceError, match="already has the barcode"), tx() as s:
        catalog.update_product(s, w.merchant, q.id, barcode=EAN13)
    with tx() as s:  # saving a product with its own code again is no conflict
        catalog.update_product(s, w.merchant, p.id, barcode=EAN13, name="Soap bar")
    assert fresh(db, Product, p.id).barcode == EAN13 and fresh(db, Product, q.id).barcode == EAN8


def test_a_code_stored_before_the_rule_stays_until_changed(world, tx, db):
    w = world
    with tx() as s:
        p = catalog.create_product(s, w.merchant, w.shop.id, name="Old", price_minor=100)
        s.get(Product, p.id).barcode = "200000100001"  # an old code without a valid check digit
    with tx() as s:
        catalog.update_product(s, w.merchant, p.id, barcode="200000100001", name="Old tin")
    with pytest.raises(ServiceError, match="does not add up"), tx() as s:
        catalog.update_product(s, w.merchant, p.id, barcode="200000100002")


def test_the_editor_reports_every_bad_field_at_once_and_saves_nothing(world, tx, db):
    w = world
    with tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Soap", price_minor=300, barcode=EAN13, sku="S1")
    form = {"name": "x" * 161, "price": "abc", "compare_at": "", "stock": "-2", "threshold": "5", "sku": "S1",
            "barcode": EAN13, "category": "999", "available": "1", "description": ""}
    with tx() as s:
        result = catalog.save_product_form(s, w.merchant, w.shop.id, None, form, [],
                                           [{"group": "Size", "value": "", "delta": ""}])
    assert result.product is None
    assert set(result.errors) == {"name", "price", "stock", "sku", "barcode", "category", "options"}
    assert "keep it to 160" in result.errors["name"] and "Soap" in result.errors["barcode"]
    assert db.exec(select(Product)).all()[0].name == "Soap" and len(db.exec(select(Product)).all()) == 1


def test_the_editor_creates_a_product_with_category_barcode_and_options(world, tx, db):
    w = world
    with tx() as s:
        veg = catalog.create_category(s, w.admin, "tees", "T-shirts")
    form = {"name": "Tee", "price": "12.00", "compare_at": "", "stock": "", "unlimited": "1", "threshold": "5",
            "sku": "", "barcode": UPC_A, "category": str(veg.id), "available": "1", "description": "Cotton"}
    with tx() as s:
        result = catalog.save_product_form(s, w.merchant, w.shop.id, None, form, [],
                                           [{"group": "Size", "value": "S", "delta": ""},
                                            {"group": "Size", "value": "XL", "delta": "+2.50"}])
    assert result.errors == {}
    p = fresh(db, Product, result.product.id)
    assert (p.barcode, p.category_id, p.stock, p.price_minor) == (UPC_A, veg.id, None, 1200)
    opts = db.exec(select(ProductOption).where(ProductOption.product_id == p.id).order_by(ProductOption.id)).all()
    assert [(o.group, o.value, o.price_delta_minor) for o in opts] == [("Size", "S", 0), ("Size", "XL", 250)]
    # Another merchant cannot save into this shop.
    with pytest.raises(ServiceError), tx() as s:
        catalog.save_product_form(s, w.other_merchant, w.shop.id, p.id, form, [])


def test_csv_carries_the_barcode_and_refuses_bad_ones_per_row(world, tx, db):
    w = world
    with tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Soap", price_minor=300, sku="S1", barcode=EAN13)
    text = catalog.export_csv(db, w.merchant, w.shop.id)
    assert text.splitlines()[0].endswith(",barcode") and text.splitlines()[1].endswith(f",{EAN13}")
    head = text.splitlines()[0] + "\n"
    bad = head + "S2,Tea,,1.00,,,,,yes,no,12345\nS3,Jam,,2.00,,,,,yes,no," + EAN13 + "\n"
    with pytest.raises(catalog.CsvImportError) as exc, tx() as s:
        catalog.import_csv(s, w.merchant, w.shop.id, bad)
    assert len(exc.value.errors) == 2 and "Row 2" in exc.value.errors[0] and "sku S1" in exc.value.errors[1]
    with tx() as s:
        catalog.import_csv(s, w.merchant, w.shop.id, head + f"S2,Tea,,1.00,,,,,yes,no,{EAN8}\n")
    assert db.exec(select(Product).where(Product.sku == "S2")).one().barcode == EAN8
    # A file from before the barcode column leaves the stored codes alone.
    old_head = head.removesuffix(",barcode\n") + "\n"
    with tx() as s:
        catalog.import_csv(s, w.merchant, w.shop.id, old_head + "S1,Soap bar,,3.00,,,,,yes,no\n")
    assert db.exec(select(Product).where(Product.sku == "S1")).one().barcode == EAN13
