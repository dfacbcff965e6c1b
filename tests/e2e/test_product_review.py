"""Products go live only when approved, and a suspended shop leaves residents' sight (issue 18): the
admin stops trusting the demo shop, its merchant adds a product that a resident cannot find until
the admin approves it in the review queue; then the admin suspends the shop and the product is gone
from the resident's search."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in_as, open_page, shot

NAME = "Review Quince Jam"


def _search(page: Page, base_url: str, word: str):
    open_page(page, base_url, "/search")
    page.fill("#search-input", word)
    page.click("#search-submit")
    return page.locator("[id^=product-]", has_text=NAME)


def test_a_product_waits_for_approval_and_a_suspended_shop_disappears(page: Page, base_url: str, signed_in):
    admin = signed_in("admin@demo.hub", "/admin/shops")
    admin.get_by_label("Search shop").fill("Corner")
    admin.keyboard.press("Enter")
    admin.get_by_role("button", name="Open Corner Grocer").click()
    view = admin.locator("#shop-view")
    expect(view).to_contain_text("Latest orders")
    admin.get_by_role("switch", name="Trusted: products go live without review").click()
    expect(admin.get_by_role("status")).to_contain_text("not trusted")

    log_in_as(page, base_url, "merchant@demo.hub", "/merchant/products")
    page.click("#new-product")
    page.get_by_role("dialog").get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Price (e.g. 3.50)").fill("5.00")
    page.get_by_label("Stock on hand").fill("9")
    page.click("#product-save")
    expect(page.get_by_role("status")).to_contain_text("waits for the platform's review")
    page.fill("input[name=q]", "Quince")
    page.keyboard.press("Enter")
    row = page.locator("tr", has_text=NAME)
    expect(row).to_contain_text("Waiting for review")
    expect(row).to_contain_text("Not yet seen by residents")
    shot(page, "product-review-merchant")

    resident = signed_in("resident@demo.hub")
    _search(resident, base_url, "Quince")
    expect(resident.get_by_text("Nothing found")).to_be_visible()

    open_page(admin, base_url, "/admin/product-review")
    item = admin.locator(".review-item", has_text=NAME)
    expect(item).to_contain_text("New product")
    expect(item).to_contain_text("$5.00")
    shot(admin, "product-review-queue")
    admin.get_by_role("button", name=f"Approve {NAME}").click()
    expect(admin.get_by_role("status")).to_contain_text("approved and on sale")
    expect(admin.get_by_text("Nothing to review")).to_be_visible()

    expect(_search(resident, base_url, "Quince")).to_be_visible(timeout=10_000)
    open_page(page, base_url, "/merchant/products")
    page.fill("input[name=q]", "Quince")
    page.keyboard.press("Enter")
    expect(row).to_be_visible()
    expect(row).not_to_contain_text("Waiting for review")

    open_page(admin, base_url, "/admin/shops")
    admin.get_by_label("Search shop").fill("Corner")
    admin.keyboard.press("Enter")
    admin.get_by_role("button", name="Open Corner Grocer").click()
    admin.get_by_role("button", name="Suspend", exact=True).click()
    dialog = admin.get_by_role("dialog")
    dialog.get_by_role("button", name="Suspend", exact=True).click()
    expect(dialog.get_by_role("alert")).to_contain_text("Say why")
    dialog.get_by_label("Reason (kept in the audit log)").fill("Selling expired jam")
    dialog.get_by_role("button", name="Suspend", exact=True).click()
    expect(admin.get_by_role("status")).to_contain_text("hidden from residents")
    expect(admin.locator("#shop-view")).to_contain_text("Suspended: Selling expired jam")

    _search(resident, base_url, "Quince")
    expect(resident.get_by_text("Nothing found")).to_be_visible()
    open_page(page, base_url, "/merchant")
    expect(page.locator("#suspended-notice")).to_contain_text("Selling expired jam")
