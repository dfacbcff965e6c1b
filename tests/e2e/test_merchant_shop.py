"""The merchant edits its shop page and closes the shop for the day; a resident sees the new
description and the shop closed, and cannot order there until the merchant opens it again. The
merchant uploads a logo (a renamed text file is refused first) and a banner, and residents see them."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import expect_path, open_page, shot

DESCRIPTION = "Fresh bread every morning, local eggs and milk. Closed today for stocktaking."


def test_merchant_closes_the_shop_and_residents_cannot_order(signed_in, base_url: str):
    merchant = signed_in("merchant@demo.hub")
    merchant.get_by_role("link", name="Shop page").first.click()
    expect_path(merchant, "/merchant/shop")
    merchant.wait_for_selector("#hydrated", state="attached")
    expect(merchant.locator("#shop-name")).to_have_value("Corner Grocer", timeout=10_000)
    # The seeded shop reads its hours where it is, not in UTC.
    expect(merchant.locator("#shop-timezone")).to_have_value("America/New_York")
    expect(merchant.locator("#shop-open-now")).to_have_text("Open now")

    merchant.fill("#shop-description", DESCRIPTION)
    merchant.click("#shop-save")
    expect(merchant.get_by_role("status")).to_contain_text("Shop details saved.")
    # Opening hours with a span past midnight come back as typed.
    merchant.fill("#hours-opens-4", "18:00")
    merchant.fill("#hours-closes-4", "02:00")
    merchant.click("#hours-save")
    expect(merchant.get_by_role("status")).to_contain_text("Opening hours saved.")
    expect(merchant.locator("#hours-closes-4")).to_have_value("02:00")
    shot(merchant, "merchant-shop-hours")
    # ...and cleared again, so the rest of the test does not depend on the clock.
    merchant.click("#hours-clear-4")
    merchant.click("#hours-save")
    expect(merchant.get_by_role("status")).to_contain_text("Opening hours cleared")
    shot(merchant, "merchant-shop")

    merchant.click("#shop-open-switch")
    expect(merchant.locator("#shop-open-now")).to_have_text("Closed now")
    expect(merchant.get_by_role("status")).to_contain_text("switched off")
    slug = merchant.locator("#shop-view-link").get_attribute("href").rsplit("/", 1)[-1]
    assert slug == "corner-grocer"
    shot(merchant, "merchant-shop-closed")

    resident = signed_in("resident@demo.hub", f"/shop/{slug}")
    expect(resident.locator("#shop-open")).to_have_text("Closed now", timeout=10_000)
    expect(resident.locator("body")).to_contain_text(DESCRIPTION)
    resident.locator("[id^=add-]").first.click()
    expect(resident.locator("#cart-link")).to_contain_text("(1)", timeout=10_000)
    open_page(resident, base_url, "/cart")
    resident.locator("[id^=cart-checkout-]").first.click()
    resident.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    resident.wait_for_selector("#hydrated", state="attached")
    expect(resident.locator("#place-order")).to_be_enabled(timeout=10_000)
    resident.click("#place-order")
    expect(resident.get_by_role("alert")).to_contain_text("closed now", timeout=10_000)
    expect(resident).to_have_url(re.compile(r".*/checkout/\d+$"))  # no order, no payment page
    shot(resident, "resident-shop-closed")

    merchant.click("#shop-open-switch")
    expect(merchant.locator("#shop-open-now")).to_have_text("Open now")
    open_page(resident, base_url, f"/shop/{slug}")
    expect(resident.locator("#shop-open")).to_have_text("Open now", timeout=10_000)


def test_merchant_uploads_a_logo_and_banner_that_residents_see(signed_in, base_url: str, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (46, 125, 50)).save(logo)
    banner = tmp_path / "banner.jpg"
    Image.new("RGB", (800, 200), (255, 193, 7)).save(banner, "JPEG")
    notes = tmp_path / "notes.png"
    notes.write_text("Shopping list: milk, eggs. Not a picture at all.")
    merchant = signed_in("merchant@demo.hub", "/merchant/shop")
    card = merchant.locator("#shop-images")
    expect(merchant.locator("#shop-logo-none")).to_have_text("No logo yet", timeout=10_000)

    # A text file dressed up as a PNG is refused by its content; the shop keeps no logo.
    merchant.set_input_files("#shop-logo-upload input[type=file]", str(notes))
    merchant.click("#shop-logo-save")
    expect(card.get_by_role("alert")).to_contain_text("not accepted", timeout=10_000)
    expect(merchant.locator("#shop-logo-none")).to_be_visible()

    merchant.set_input_files("#shop-logo-upload input[type=file]", str(logo))
    merchant.click("#shop-logo-save")
    expect(card.get_by_role("status")).to_contain_text("Logo uploaded", timeout=10_000)
    current = merchant.locator("#shop-logo-current")
    expect(current).to_have_attribute("src", re.compile(r"^/api/media/catalog/.+\.png$"))
    src = current.get_attribute("src")
    merchant.wait_for_function("() => { const i = document.querySelector('#shop-logo-current');"
                               " return i && i.complete && i.naturalWidth === 64; }", timeout=10_000)
    expect(card.get_by_role("alert")).to_have_count(0)
    merchant.set_input_files("#shop-banner-upload input[type=file]", str(banner))
    merchant.click("#shop-banner-save")
    expect(card.get_by_role("status")).to_contain_text("Banner uploaded", timeout=10_000)
    expect(merchant.locator("#shop-banner-current")).to_have_attribute("src", re.compile(r"\.jpg$"))
    expect(current).to_have_attribute("src", src)  # the logo stays
    shot(merchant, "merchant-shop-logo")

    resident = signed_in("resident@demo.hub", "/shop/corner-grocer")
    shop_logo = resident.locator(f'img[src="{src}"]')
    expect(shop_logo).to_have_attribute("alt", "Corner Grocer logo", timeout=10_000)
    resident.wait_for_function(f"() => {{ const i = document.querySelector('img[src=\"{src}\"]');"
                               " return i && i.complete && i.naturalWidth === 64; }", timeout=10_000)
    expect(resident.locator("#shop-banner")).to_have_attribute("alt", "Corner Grocer banner")
    shot(resident, "resident-shop-logo")
    # The shop lists show it too.
    open_page(resident, base_url, "/shop")
    expect(resident.locator(f'#shop-corner-grocer img[src="{src}"]')).to_be_visible(timeout=10_000)
    shot(resident, "resident-shops-logo")

    # Removing it brings the placeholder back, for the merchant and on the shop page.
    merchant.click("#shop-logo-remove")
    expect(card.get_by_role("status")).to_contain_text("Logo removed")
    expect(merchant.locator("#shop-logo-none")).to_be_visible()
    open_page(resident, base_url, "/shop/corner-grocer")
    expect(resident.locator("#shop-name")).to_have_text("Corner Grocer", timeout=10_000)
    expect(resident.locator(f'img[src="{src}"]')).to_have_count(0)
