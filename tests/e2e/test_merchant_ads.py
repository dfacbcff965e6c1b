"""A merchant buys a home-carousel ad slot and pays by card; residents see the ad on those dates."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.e2e.helpers import expect_path, log_in, open_page
from tests.e2e.test_property_channels_forms import shot


def test_merchant_books_and_pays_a_home_carousel_ad(browser: Browser, base_url: str):
    staff_ctx, merchant_ctx, resident_ctx = browser.new_context(), browser.new_context(), browser.new_context()
    try:
        # The office opens a slot on the residents' home carousel at 5.00 a day.
        staff = staff_ctx.new_page()
        log_in(staff, base_url, "staff@demo.hub")
        expect_path(staff, "/property")
        open_page(staff, base_url, "/property/ads")
        staff.fill("#slot-name", "Home banner")
        staff.locator("input[name=price]").fill("5.00")
        staff.get_by_role("button", name="Create slot").click()
        expect(staff.locator("#slots-table")).to_contain_text("Home banner")

        merchant = merchant_ctx.new_page()
        log_in(merchant, base_url, "merchant@demo.hub")
        expect_path(merchant, "/merchant")
        open_page(merchant, base_url, "/merchant/ads")
        expect(merchant.locator("#ad-slots")).to_contain_text("$5.00")
        merchant.click("#book-slot")
        merchant.get_by_role("option", name="Home banner", exact=False).click()
        merchant.fill("#book-text", "Corner Grocer: fresh bread every morning")
        merchant.fill("#book-card", "4242 4242 4242 4242")
        merchant.click("#book-pay")  # three days (today and the next two) at 5.00
        expect(merchant.get_by_role("status")).to_contain_text("Paid $15.00")
        expect(merchant.locator(".ad-booking-row", has_text="Home banner")).to_contain_text("scheduled")
        shot(merchant, "merchant-ads")

        resident = resident_ctx.new_page()
        log_in(resident, base_url, "resident@demo.hub")
        expect_path(resident, "/home")
        open_page(resident, base_url, "/community")
        expect(resident.locator(".ad-card", has_text="Corner Grocer: fresh bread every morning")).to_be_visible()
        shot(resident, "community-with-merchant-ad")
    finally:
        for ctx in (staff_ctx, merchant_ctx, resident_ctx):
            ctx.close()
