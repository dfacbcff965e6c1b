"""A merchant's day at the counter, as the shop does it (issue 12, merchants): new paid orders ring
and count in the tab title; the product editor takes a barcode, a category, options and photos and
names every bad field at once; a coupon changes until a customer used it; what the shop types for a
customer is checked and long text wraps; the money figures say what they count and the CSVs show
amounts, not minor units; on a phone the menu folds into one button."""

from __future__ import annotations

import csv
import io
import re
import uuid

from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import func, select

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.marketplace import cart, checkout, order_payments
from community_hub.models import Merchant, Product
from community_hub.models.orders import Order
from community_hub.payments import intents
from components.shells import MERCHANT_NAV
from tests.e2e.helpers import DEMO_PASSWORD, expect_path, log_in_as, open_page

SHOP = "corner-grocer"  # merchant@demo.hub's shop
EAN13 = "4006381333931"


def _resident(db):
    return accounts.login(db, identifier="resident@demo.hub", password=DEMO_PASSWORD)[1]


def order(url: str, *, coupon: str | None = None, note: str = "", pay: bool = True) -> int:
    """What a resident does on the shop pages, through the same services: cart, order (with a
    coupon or a note), card payment (the order becomes paid through the payment hook)."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        resident = _resident(db)
        shop = db.exec(select(Merchant).where(Merchant.slug == SHOP)).one()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.stock.is_(None)
                                                | (Product.stock >= 2)).order_by(Product.price_minor.desc())).first()
        cart.add_to_cart(db, resident, product.id, quantity=max(1, -(-shop.min_order_minor // product.price_minor)))
        oid = checkout.place_order(db, resident, shop.id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                   fulfilment="delivery", address="B-204, Maple Court", coupon_code=coupon,
                                   note=note).id
    if pay:
        with session_scope(eng) as db:
            pid = order_payments.start_order_payment(db, _resident(db), oid).id
        with session_scope(eng) as db:
            intents.confirm_payment(db, _resident(db), pid, "4242424242424242")
    eng.dispose()
    return oid


def waiting_count(url: str) -> int:
    eng = engine_for(url)
    with session_scope(eng) as db:
        shop = db.exec(select(Merchant).where(Merchant.slug == SHOP)).one()
        n = db.exec(select(func.count()).select_from(Order).where(Order.merchant_id == shop.id,
                                                                  Order.state == "paid")).one()
    eng.dispose()
    return int(n)


def chimes(page: Page) -> int:
    return int(page.locator("html").get_attribute("data-order-chimes") or 0)


def test_new_paid_orders_ring_and_count_in_the_tab_title(page: Page, base_url: str, e2e_db_url: str):
    page.context.grant_permissions(["notifications"], origin=base_url)
    log_in_as(page, base_url, "merchant@demo.hub", "/merchant/orders")
    turn_on = page.get_by_role("button", name="Turn on order alerts")
    expect(turn_on).to_be_enabled()

    # Alerts off: a new order counts in the title and shows in the list, but nothing rings.
    first = order(e2e_db_url)
    expect(page.locator(f"#order-row-{first}")).to_be_visible(timeout=10_000)
    expect(page).to_have_title(f"({waiting_count(e2e_db_url)}) Orders · Community Hub", timeout=10_000)
    assert chimes(page) == 0

    # Turned on (the browser asks for notifications; here they were allowed): one ring to show it works.
    turn_on.click()
    expect(page.locator("#order-alerts")).to_contain_text("Order alerts on")
    expect(page.locator("#order-alerts")).not_to_contain_text("blocks notifications")
    expect(page.locator("html")).to_have_attribute("data-order-chimes", "1")

    second = order(e2e_db_url)
    expect(page.get_by_role("status")).to_contain_text(f"New order #{second}: paid and waiting for you",
                                                       timeout=10_000)
    expect(page.locator("html")).to_have_attribute("data-order-chimes", "2")
    expect(page).to_have_title(f"({waiting_count(e2e_db_url)}) Orders · Community Hub")

    # Taking an order lowers the count; the choice is remembered on the next visit.
    page.click(f"#accept-{first}")
    expect(page).to_have_title(f"({waiting_count(e2e_db_url)}) Orders · Community Hub", timeout=10_000)
    open_page(page, base_url, "/merchant/orders")
    expect(page.locator("#order-alerts")).to_contain_text("Order alerts on")


def test_product_editor_barcode_category_options_photos_all_errors_at_once(page: Page, base_url: str, tmp_path,
                                                                          e2e_db_url: str):
    log_in_as(page, base_url, "merchant@demo.hub", "/merchant/products")
    page.get_by_role("button", name="New product").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Lavender soap")
    dialog.get_by_label("Price (e.g. 3.50)").fill("abc")
    dialog.get_by_label("Barcode (EAN or UPC, optional)").fill("4006381333932")  # one digit mistyped
    dialog.get_by_role("button", name="Save").click()
    # Every bad field at once, each under its field.
    expect(dialog.locator("#product-price-error")).to_contain_text("as a number")
    expect(dialog.locator("#product-barcode-error")).to_contain_text("does not add up")
    expect(dialog.locator("#product-stock-error")).to_contain_text("whole number")
    expect(dialog.get_by_role("alert")).to_contain_text("Fix 3 fields")

    dialog.get_by_label("Price (e.g. 3.50)").fill("4.20")
    dialog.get_by_label("Barcode (EAN or UPC, optional)").fill(EAN13)
    dialog.get_by_label("Stock on hand").fill("12")
    category = dialog.get_by_label("Category")
    category.select_option(index=1)
    chosen = category.evaluate("el => el.options[el.selectedIndex].text")
    # Options before the product exists: added with it.
    for value, delta in (("Small", ""), ("Large", "+1.00")):
        dialog.get_by_label("Option group").fill("Size")
        dialog.get_by_label("Option value").fill(value)
        dialog.get_by_label("Price change").fill(delta)
        dialog.get_by_role("button", name="Add option").click()
    expect(dialog).to_contain_text("Size: Large +$1.00")
    photo = tmp_path / "soap.png"
    Image.new("RGB", (32, 32), "purple").save(photo)
    page.set_input_files("#product-photos input[type=file]", str(photo))
    dialog.get_by_role("button", name="Upload").click()
    thumb = dialog.locator("#product-thumbs img")
    expect(thumb).to_have_count(1)
    expect(thumb).to_have_js_property("complete", True)
    assert thumb.evaluate("img => img.naturalWidth") > 0  # a picture the browser could load, not a name
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Lavender soap added")

    # A counted product from before barcodes says it cannot be scanned at the kiosk.
    eng = engine_for(e2e_db_url)
    with session_scope(eng) as db:
        shop = db.exec(select(Merchant).where(Merchant.slug == SHOP)).one()
        old = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.stock.is_not(None))
                      .order_by(Product.name)).first()
        old.barcode, old_name = None, old.name
    eng.dispose()
    open_page(page, base_url, "/merchant/products")
    page.fill("input[name=q]", old_name)
    page.keyboard.press("Enter")
    expect(page.locator("tr", has_text=old_name).first).to_contain_text("No barcode: the lobby kiosk cannot scan it")

    page.fill("input[name=q]", "Lavender")
    page.keyboard.press("Enter")
    row = page.locator("tr", has_text="Lavender soap")
    expect(row).to_contain_text(f"Barcode {EAN13}")
    expect(row.get_by_role("img", name="Photo of Lavender soap")).to_be_visible()
    eng = engine_for(e2e_db_url)
    with session_scope(eng) as db:
        p = db.exec(select(Product).where(Product.name == "Lavender soap")).one()
        assert (p.barcode, p.category_id is not None, p.stock) == (EAN13, True, 12)
    eng.dispose()
    row.get_by_role("button", name="Edit").click()
    expect(page.get_by_role("dialog")).to_contain_text("Size: Small")
    expect(page.get_by_role("dialog").get_by_label("Category")).to_have_value(str(p.category_id))
    assert chosen
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()

    # The same code on a second product is refused, naming the first.
    page.get_by_role("button", name="New product").click()
    dialog.get_by_label("Name").fill("Soap copy")
    dialog.get_by_label("Price (e.g. 3.50)").fill("1.00")
    dialog.get_by_label("Unlimited (a service)").click()  # checked once the server answers
    expect(dialog.get_by_label("Unlimited (a service)")).to_be_checked()
    dialog.get_by_label("Barcode (EAN or UPC, optional)").fill(EAN13)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator("#product-barcode-error")).to_contain_text("(Lavender soap) already has the barcode")
    dialog.get_by_role("button", name="Cancel").click()

    # The export carries the barcode, and prices as amounts.
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(dl.value.path(), encoding="utf-8").read())))
    soap = next(r for r in rows if r["name"] == "Lavender soap")
    assert (soap["barcode"], soap["price"]) == (EAN13, "4.20")
    assert all(re.fullmatch(r"\d+\.\d{2}", r["price"]) for r in rows)


def test_a_coupon_changes_until_first_used_then_says_why_not(page: Page, base_url: str, e2e_db_url: str):
    log_in_as(page, base_url, "merchant@demo.hub", "/merchant/coupons")
    page.fill("#code", "MAPLE1")
    page.fill("#value", "1.00")
    page.click("#coupon-create")
    row = page.locator("tr", has_text="MAPLE1")
    expect(row).to_contain_text("$1.00")

    row.get_by_role("button", name="Edit coupon MAPLE1").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Valid until (optional)").fill("2020-01-31")
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog.get_by_role("alert")).to_contain_text("in the past")
    dialog.get_by_label("Valid until (optional)").fill("")
    dialog.get_by_label("Value (5.00 off, or 10 for 10%)").fill("2.00")
    dialog.get_by_label("Total uses (optional)").fill("40")
    dialog.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Coupon MAPLE1 changed")
    expect(row).to_contain_text("$2.00")
    expect(row).to_contain_text("40 in all")

    order(e2e_db_url, coupon="MAPLE1", pay=False)  # a customer uses it
    open_page(page, base_url, "/merchant/coupons")
    row.get_by_role("button", name="Edit coupon MAPLE1").click()
    expect(page.locator("#coupon-locked")).to_contain_text("Customers have used this coupon once")
    expect(page.locator("#coupon-locked")).to_contain_text("switch it off and create a new coupon")
    expect(dialog.get_by_label("Value (5.00 off, or 10 for 10%)")).to_be_disabled()
    expect(dialog.get_by_role("button", name="Save changes")).to_have_count(0)


def test_courier_phone_is_checked_and_long_notes_wrap_on_a_phone(browser: Browser, base_url: str,
                                                                e2e_db_url: str):
    unbroken = "Ring-twice-" * 40  # one 440-character word: the worst case for a layout
    oid = order(e2e_db_url, note=unbroken)
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    log_in_as(page, base_url, "merchant@demo.hub", f"/merchant/orders/{oid}")
    card = page.locator(f"#order-row-{oid}")
    expect(card).to_contain_text("Ring-twice-Ring")
    assert card.bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 392  # nothing pushed off the screen

    page.click(f"#accept-{oid}")
    page.click(f"#prepare-{oid}")
    page.click(f"#send-out-{oid}")
    page.get_by_label("Courier name").fill("Dan Driver")
    page.get_by_label("Courier phone (optional, e.g. +1 555 123 4567)").fill("call him")
    page.click("#send-out-confirm")
    expect(page.get_by_role("alert")).to_contain_text("can only have digits")
    page.get_by_label("Courier phone (optional, e.g. +1 555 123 4567)").fill("(555) 123-4567")
    page.click("#send-out-confirm")
    expect(page.locator(f"#order-state-{oid}")).to_have_text("out for delivery")
    expect(card).to_contain_text("Dan Driver +1 555-123-4567")
    phone.close()


def test_money_figures_say_what_they_count_and_csvs_show_amounts(page: Page, base_url: str):
    log_in_as(page, base_url, "merchant@demo.hub")
    expect(page.locator("#revenue-today-note")).to_contain_text("when they sign for the goods")
    open_page(page, base_url, "/merchant/finance")
    expect(page.locator("#fin-sales-note")).to_contain_text("Orders settled in this period")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(dl.value.path(), encoding="utf-8").read())))
    for r in rows:
        for col in ("gross", "service_fee", "net_to_shop"):
            assert re.fullmatch(r"-?\d+\.\d{2}", r[col]), (col, r[col])


def test_on_a_phone_the_merchant_menu_is_one_button(browser: Browser, base_url: str):
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    log_in_as(page, base_url, "merchant@demo.hub")
    # The sidebar is hidden at this width and the links no longer fill the top of the page.
    expect(page.get_by_role("link", name="Coupons")).to_have_count(0)
    page.get_by_role("button", name="Menu").click()
    menu = page.locator("#mobile-menu-list")
    expect(menu.get_by_role("link")).to_have_count(len(MERCHANT_NAV))  # every screen of the sidebar
    menu.get_by_role("link", name="Coupons").click()
    expect_path(page, "/merchant/coupons")
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    phone.close()


def test_rejecting_an_order_asks_first(page: Page, base_url: str, e2e_db_url: str):
    oid = order(e2e_db_url)
    log_in_as(page, base_url, "merchant@demo.hub", f"/merchant/orders/{oid}")
    page.click(f"#reject-{oid}")
    page.get_by_label("Why (the customer sees this)").fill("Out of stock today, sorry.")
    page.click("#reject-confirm")
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("cannot be undone")
    confirm.get_by_role("button", name="Cancel").click()  # changed their mind: nothing happened
    expect(page.locator(f"#order-state-{oid}")).to_have_text("paid, waiting for the shop")
    page.click("#reject-confirm")
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, reject").click()
    expect(page.locator(f"#order-state-{oid}")).to_have_text("rejected by the shop")
