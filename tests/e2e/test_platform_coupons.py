"""Platform coupons in the browser (issue 18): an admin makes two, a resident collects them on the
home page, checkout preselects the better one beside the shop's own coupon, the resident pays with
the demo card and signs; the shop's statement shows the full price, the platform's cost page the
discount it paid; a platform campaign with a product picked by name shows on the resident's home."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in_as, open_page

GOOD = "4242 4242 4242 4242"


def _admin_makes_coupon(admin: Page, name: str, value: str) -> None:
    admin.get_by_label("Name", exact=True).fill(name)
    admin.get_by_label("Value (5.00 off, or 10 for 10%)").fill(value)
    admin.get_by_role("button", name="Create platform coupon").click()
    expect(admin.get_by_role("status")).to_contain_text(f"Platform coupon {name} created", timeout=10_000)
    expect(admin.locator(".platform-coupon-row", has_text=name)).to_be_visible()


def test_a_collected_platform_coupon_is_paid_by_the_platform(page: Page, browser, base_url: str):
    # The admin makes two coupons for everyone (the platform pays them).
    admin_context = browser.new_context()
    admin = admin_context.new_page()
    log_in_as(admin, base_url, "admin@demo.hub", "/admin/promotions")
    _admin_makes_coupon(admin, "Neighbour welcome", "3.00")
    _admin_makes_coupon(admin, "Small thanks", "1.00")

    # The resident collects both on the home page.
    log_in_as(page, base_url, "resident@demo.hub")
    strip = page.get_by_role("heading", name="Coupons for you")
    expect(strip).to_be_visible(timeout=15_000)
    for name in ("Neighbour welcome", "Small thanks"):
        page.get_by_role("button", name=f"Collect {name}").click()
        expect(page.get_by_role("status")).to_contain_text("Collected", timeout=10_000)
        expect(page.locator(".coupon-offer", has_text=name)).to_contain_text("Collected")
    open_page(page, base_url, "/me/coupons")
    expect(page.locator(".my-coupon")).to_have_count(2)
    expect(page.locator(".my-coupon", has_text="Neighbour welcome")).to_contain_text("ready to use")

    # Three bottles of olive oil at Corner Grocer ($21.00), the shop's WELCOME5 and the best platform coupon.
    open_page(page, base_url, "/search")
    page.fill("#search-input", "olive oil")
    page.click("#search-submit")
    card = page.locator("[id^=product-]", has_text="Olive oil 750 ml").first
    expect(card).to_be_visible(timeout=10_000)
    product_id = card.get_attribute("id").split("-", 1)[1]
    for n in range(1, 4):
        page.click(f"#add-{product_id}")
        expect(page.locator("#cart-link")).to_contain_text(f"({n})", timeout=10_000)
    open_page(page, base_url, "/cart")
    page.get_by_role("link", name="Checkout").first.click()
    page.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    # The better of the two is chosen already.
    expect(page.locator("#platform-coupon")).to_contain_text("Neighbour welcome", timeout=10_000)
    expect(page.locator("#total-platform-discount")).to_have_text("-$3.00")
    expect(page.locator("#total-total")).to_have_text("$21.00")  # $21.00 - $3.00 + $3.00 delivery
    page.get_by_label("Coupon", exact=True).fill("welcome5")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#total-discount")).to_have_text("-$5.00")
    expect(page.locator("#total-platform-discount")).to_have_text("-$3.00")  # one of each, together
    expect(page.locator("#total-total")).to_have_text("$16.00")
    # Choosing the smaller one changes the total; back to the better one.
    page.locator("#platform-coupon").click()
    page.get_by_role("option", name=re.compile("Small thanks")).click()
    expect(page.locator("#total-platform-discount")).to_have_text("-$1.00")
    page.locator("#platform-coupon").click()
    page.get_by_role("option", name=re.compile("Neighbour welcome")).click()
    expect(page.locator("#total-total")).to_have_text("$16.00")
    page.click("#place-order")
    page.wait_for_url(re.compile(r".*/pay/\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    page.get_by_label("Card number").fill(GOOD)
    page.get_by_label("Expiry (MM / YY)").fill("12 / 34")
    page.get_by_label("CVC").fill("123")
    page.click("#pay-submit")
    page.wait_for_url(re.compile(r".*/orders/\d+$"), timeout=15_000)
    order_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    state = page.locator("#order-state")
    expect(state).to_have_attribute("data-state", "paid", timeout=10_000)

    # The shop delivers, the resident signs for it.
    shop_context = browser.new_context()
    merchant = shop_context.new_page()
    try:
        log_in_as(merchant, base_url, "merchant@demo.hub", "/merchant/orders")
        expect(merchant.locator(f"#order-row-{order_id}")).to_be_visible(timeout=15_000)
        merchant.click(f"#accept-{order_id}")
        expect(state).to_have_attribute("data-state", "accepted", timeout=10_000)
        merchant.click(f"#prepare-{order_id}")
        expect(state).to_have_attribute("data-state", "preparing", timeout=10_000)
        merchant.click(f"#send-out-{order_id}")
        merchant.fill("#courier-name", "Casey Courier")
        merchant.click("#send-out-confirm")
        expect(state).to_have_attribute("data-state", "out_for_delivery", timeout=10_000)
        merchant.click(f"#delivered-{order_id}")
        merchant.get_by_role("alertdialog").get_by_role("button", name="Yes, delivered").click()
        expect(state).to_have_attribute("data-state", "delivered", timeout=10_000)
        page.click("#sign-order")
        page.get_by_role("alertdialog").get_by_role("button", name="Yes, sign").click()
        expect(state).to_have_attribute("data-state", "signed", timeout=10_000)

        # The shop's statement: the sale at the full price ($16.00 paid + $3.00 from the platform).
        open_page(merchant, base_url, "/merchant/finance")
        sale = merchant.locator("#statement-table tr", has_text=f"order:{order_id}").filter(has_text="Sale settled")
        expect(sale).to_contain_text("$19.00", timeout=10_000)
        expect(merchant.locator("#fin-sales")).to_have_text("$19.00")
    finally:
        shop_context.close()

    # The platform's statement of its coupon costs: the $3.00 it paid into that order.
    open_page(admin, base_url, "/admin/promotion-costs")
    row = admin.locator("#coupon-costs tr", has_text=f"#{order_id}")
    expect(row).to_contain_text("$3.00", timeout=10_000)
    expect(row).to_contain_text("Corner Grocer")
    expect(admin.locator("#coupon-cost-total")).to_have_text("$3.00")
    # The promotions list counts the use.
    open_page(admin, base_url, "/admin/promotions")
    expect(admin.locator(".platform-coupon-row", has_text="Neighbour welcome")).to_contain_text("$3.00")
    # A platform campaign with a product picked by name: its strip on the resident's home shows it.
    # Today where the admin is (the demo's America/New_York): the form's dates are read in it, and
    # this machine's date is already tomorrow there from 19:00 to midnight.
    today = datetime.now(ZoneInfo("America/New_York")).date()
    admin.get_by_label("Promotion name").fill("Olive oil days")
    admin.fill("#p_starts", today.isoformat())
    admin.fill("#p_ends", (today + timedelta(days=3)).isoformat())
    admin.fill("#promo-product-query", "Olive oil")
    admin.click("#promo-product-search")
    admin.locator(".promo-product-found", has_text="Olive oil 750 ml").first.click()
    expect(admin.locator(".promo-product-picked", has_text="Olive oil 750 ml")).to_be_visible(timeout=10_000)
    admin.get_by_role("button", name="Save promotion").click()
    expect(admin.get_by_role("status")).to_contain_text("Promotion Olive oil days saved", timeout=10_000)
    admin_context.close()
    open_page(page, base_url, "/me/coupons")
    expect(page.locator(".my-coupon", has_text="Neighbour welcome")).to_contain_text(f"order #{order_id}")
    open_page(page, base_url, "/home")
    banner = page.locator(".promotion-banner", has_text="Olive oil days")
    expect(banner).to_contain_text("Olive oil 750 ml", timeout=15_000)
