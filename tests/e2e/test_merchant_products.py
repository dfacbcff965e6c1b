"""Merchant products page: add a product, change its stock, hide it, import CSV (errors per row
first, then a good file), export CSV."""

from __future__ import annotations

from PIL import Image
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from community_hub.core.db import engine_for
from community_hub.models import Product
from tests.e2e.helpers import log_in_as, shot

CSV_HEAD = "sku,name,description,price,compare_at_price,stock,category,section,available,recommended\n"


def test_merchant_manages_products(page: Page, base_url: str, tmp_path, e2e_db_url: str):
    log_in_as(page, base_url, "merchant@demo.hub", "/merchant/products")
    expect(page.locator("#products-table")).to_be_visible()

    page.click("#new-product")
    page.fill("#product-name", "Test Honey Jar")
    page.fill("#product-price", "abc")
    page.click("#product-save")
    expect(page.get_by_role("alert")).to_contain_text("as a number, e.g. 12.50")
    page.fill("#product-price", "4.20")
    page.fill("#product-stock", "2")
    fake = tmp_path / "photo.png"
    fake.write_bytes(b"GIF89a not really a png")
    page.set_input_files("#product-photos input[type=file]", str(fake))
    page.click("#upload-photos")
    expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("photo.png")
    photo = tmp_path / "honey.png"
    Image.new("RGB", (8, 8), "gold").save(photo)
    page.set_input_files("#product-photos input[type=file]", str(photo))
    page.click("#upload-photos")
    expect(page.get_by_role("dialog")).to_contain_text(".png")
    expect(page.get_by_role("dialog").get_by_role("alert")).to_have_count(0)
    page.click("#product-save")
    expect(page.get_by_role("status")).to_contain_text("Test Honey Jar added")

    page.fill("input[name=q]", "Honey")
    page.keyboard.press("Enter")
    row = page.locator("tr", has_text="Test Honey Jar")
    expect(row).to_contain_text("$4.20")
    expect(row.locator("td").nth(4)).to_have_text("1")  # one photo kept
    # The photo is public catalog material: the shop's customers can load it.
    with Session(engine_for(e2e_db_url)) as db:
        photo_path = db.exec(select(Product).where(Product.name == "Test Honey Jar")).one().photos[0]
    served = page.request.get(f"{base_url}/api/media/{photo_path}")
    assert served.status == 200 and served.headers["content-type"] == "image/png"
    expect(row).to_contain_text("low")  # 2 on hand, alert at 5
    row.get_by_role("button", name="Stock").click()
    page.fill("#stock-value", "40")
    page.click("#stock-save")
    expect(page.get_by_role("status")).to_contain_text("set to 40")
    expect(row).not_to_contain_text("low")
    row.get_by_role("button", name="Edit").click()
    page.fill("#option-group", "Size")
    page.fill("#option-value", "Large")
    page.fill("#option-delta", "+1.50")
    page.click("#option-add")
    expect(page.get_by_role("dialog")).to_contain_text("Size: Large +$1.50")
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    row.get_by_role("switch").click()
    expect(page.get_by_role("status")).to_contain_text("hidden from your shop")

    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEAD + "T-1,Good row,,1.00,,5,,,yes,no\nT-2,,,-3,,5,,,yes,no\n")
    page.set_input_files("#products-csv input[type=file]", str(bad))
    page.click("#csv-import")
    expect(page.locator("#import-errors")).to_be_visible()
    good = tmp_path / "good.csv"
    good.write_text(CSV_HEAD + "T-1,Imported Tea,,1.00,,5,,,yes,no\nT-2,Imported Jam,,3.00,,7,,,yes,no\n")
    page.set_input_files("#products-csv input[type=file]", str(good))
    page.click("#csv-import")
    expect(page.get_by_role("status")).to_contain_text("2 new")

    with page.expect_download() as dl:
        page.click("#csv-export")
    text = open(dl.value.path()).read()
    assert text.startswith("sku,name") and "Imported Jam" in text and "Test Honey Jar" in text
    shot(page, "merchant_products")
