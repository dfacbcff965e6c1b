"""Resident shopping in the browser: search, cart, checkout with the demo payment (a declined card
first), and the order page following the merchant's moves live (a second browser context) through
to signing, a review and a refund."""

from __future__ import annotations

import base64
import io
import os
import re

from PIL import Image
from playwright.sync_api import Page, expect
from pyzbar.pyzbar import decode

from tests.e2e.helpers import expect_path, log_in, open_page

DECLINED = "4000 0000 0000 0002"
GOOD = "4242 4242 4242 4242"


def _shot(page: Page, name: str) -> None:
    if os.environ.get("HUB_SHOTS"):
        page.screenshot(path=f"{os.environ['HUB_SHOTS']}/{name}.png", full_page=True)


def _state(page: Page):
    return page.locator("#order-state")


def buy_by_search(page: Page, base_url: str, word: str, name: str, times: int, pick_window: bool = False) -> str:
    """Search, add `times` of the product, check out for delivery, pay (decline, then a good card).
    With pick_window, choose the first one-hour delivery slot (shown in the community's local time)
    and check the order page shows that same slot. Returns the order id; the page is left on the order."""
    open_page(page, base_url, "/search")
    page.fill("#search-input", word)
    page.click("#search-submit")
    card = page.locator("[id^=product-]", has_text=name).first
    expect(card).to_be_visible(timeout=10_000)
    product_id = card.get_attribute("id").split("-", 1)[1]
    for n in range(1, times + 1):
        page.click(f"#add-{product_id}")
        expect(page.locator("#cart-link")).to_contain_text(f"({n})", timeout=10_000)
    open_page(page, base_url, "/cart")
    page.locator("[id^=cart-checkout-]").first.click()
    page.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    expect(page.locator("#total-total")).not_to_have_text("", timeout=10_000)
    page.fill("#coupon", "NOSUCHCODE")
    page.click("#coupon-apply")
    expect(page.locator("#coupon-error")).to_contain_text("not valid")
    _shot(page, "checkout")
    slot = ""
    if pick_window:
        page.click("#window")
        option = page.get_by_role("option").nth(1)  # the first after "As soon as possible"
        slot = option.inner_text()
        # Maple Court is in New York: whole local hours, labelled with EST or EDT.
        assert re.fullmatch(r"\w{3} \d{2} \w{3}, \d{2}:00–\d{2}:00 E[SD]T", slot), slot
        option.click()
    # Two quick clicks on Place order make one order (the page's reference is the same).
    page.locator("#place-order").dblclick()
    page.wait_for_url(re.compile(r".*/pay/\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    # A real card form: the expiry and CVC are checked, in words, before the provider sees the card.
    page.get_by_label("Card number").fill(GOOD)
    page.get_by_label("Expiry (MM / YY)").fill("01 / 20")
    page.get_by_label("CVC").fill("123")
    page.click("#pay-submit")
    expect(page.get_by_role("alert")).to_contain_text("That card has expired")
    page.get_by_label("Expiry (MM / YY)").fill("12 / 34")
    page.get_by_label("Card number").fill(DECLINED)
    page.get_by_label("CVC").press("Enter")  # Enter submits, like any form
    expect(page.get_by_role("alert")).to_contain_text("declined", timeout=10_000)
    expect(page).to_have_url(re.compile(r".*/pay/\d+$"))
    page.get_by_label("Card number").fill(GOOD)
    page.click("#pay-submit")
    page.wait_for_url(re.compile(r".*/orders/\d+$"), timeout=15_000)
    expect(_state(page)).to_have_attribute("data-state", "paid", timeout=10_000)
    if slot:
        expect(page.locator("body")).to_contain_text(slot)  # the order shows the slot chosen
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def test_resident_finds_buys_and_pays_once(page: Page, base_url: str):
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/shop")
    # The circle: the six nearby shops nearest first; the two far ones never listed.
    expect(page.locator("#circle-list")).to_contain_text("Corner Grocer")
    expect(page.locator("#circle-list")).not_to_contain_text("Harbour Florist")
    expect(page.locator("[id^=shop-link-]").first).to_have_text("Corner Grocer")
    _shot(page, "shop")
    page.click("#shop-link-maple-bakery")
    expect(page).to_have_title(re.compile("Maple Bakery"))  # the shop's own SEO title
    expect(page.locator("#shop-terms")).to_contain_text("Delivers within")
    _shot(page, "shop-page")
    page.click("#fav-shop")
    expect(page.locator("#flash")).to_contain_text("saved to your favourites")
    open_page(page, base_url, "/shop")
    expect(page.locator("#favourites")).to_contain_text("Maple Bakery")
    order_id = buy_by_search(page, base_url, "olive", "Olive oil", 2)
    expect(page.locator("#order-total")).to_have_text("$17.00")  # 2 × $7.00 + $3.00 delivery
    expect(page.locator("#order-payment")).to_contain_text("(paid)")
    _shot(page, "order")
    open_page(page, base_url, "/orders")
    expect(page.locator("[id^=order-link-]")).to_have_count(1)  # the double click made one order
    expect(page.locator(f"#order-link-{order_id}")).to_contain_text("paid")

    # A request to the shops around: posted, listed, waiting for quotes.
    open_page(page, base_url, "/demands")
    page.fill("#demand-title", "Gluten-free birthday cake")
    page.click("#demand-category")
    page.get_by_role("option", name="bakery").click()
    page.click("#demand-submit")
    expect(page.locator("[id^=demand-]", has_text="Gluten-free birthday cake").first).to_contain_text("No quotes yet")
    _shot(page, "demands")


def test_merchant_moves_show_live_then_sign_review_refund(page: Page, browser, base_url: str, tmp_path):
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    order_id = buy_by_search(page, base_url, "pasta", "Pasta", 3, pick_window=True)

    shop = browser.new_context()
    merchant = shop.new_page()
    try:
        log_in(merchant, base_url, "merchant@demo.hub")
        expect_path(merchant, "/merchant")
        open_page(merchant, base_url, "/merchant/orders")
        row = merchant.locator(f"#order-row-{order_id}")
        expect(row).to_be_visible(timeout=15_000)

        merchant.click(f"#accept-{order_id}")
        expect(_state(page)).to_have_attribute("data-state", "accepted", timeout=10_000)
        merchant.click(f"#prepare-{order_id}")
        expect(_state(page)).to_have_attribute("data-state", "preparing", timeout=10_000)
        merchant.click(f"#send-out-{order_id}")
        merchant.fill("#courier-name", "Casey Courier")
        merchant.click("#send-out-confirm")
        expect(_state(page)).to_have_attribute("data-state", "out_for_delivery", timeout=10_000)
        expect(page.locator("#order-courier")).to_contain_text("Casey Courier")
        merchant.click(f"#delivered-{order_id}")
        merchant.get_by_role("alertdialog").get_by_role("button", name="Yes, delivered").click()
        expect(_state(page)).to_have_attribute("data-state", "delivered", timeout=10_000)
        # Every step is on the timeline, with its time, without a reload.
        for step in ("placed", "paid", "accepted", "preparing", "out_for_delivery", "delivered"):
            # In the community's local time (Maple Court: America/New_York).
            expect(page.locator(f"#timeline #step-{step}")).to_contain_text(re.compile(r"\d{2}:\d{2} E[SD]T"))

        page.click("#sign-order")  # signing pays the shop: it asks first, and Cancel changes nothing
        page.get_by_role("alertdialog").get_by_role("button", name="Cancel").click()
        expect(_state(page)).to_have_attribute("data-state", "delivered")
        page.click("#sign-order")
        page.get_by_role("alertdialog").get_by_role("button", name="Yes, sign").click()
        expect(_state(page)).to_have_attribute("data-state", "signed", timeout=10_000)
        page.get_by_role("button", name="4 stars").click()  # tappable stars, not a dropdown
        expect(page.locator("#review-rating")).to_have_text("4 of 5")
        page.fill("#review-text", "Quick and friendly.")
        photo = tmp_path / "bag.png"
        Image.new("RGB", (48, 48), (200, 120, 40)).save(photo)
        page.locator("#review-upload input[type=file]").set_input_files(str(photo))
        page.click("#review-attach")
        expect(page.locator("#review-photo-count")).to_have_text("1 attached")
        page.click("#review-submit")
        expect(page.locator("#my-review")).to_contain_text("★★★★☆")
        expect(page.locator("#review-submit")).to_have_count(0)  # once only

        merchant.click(f"#refund-{order_id}")
        merchant.fill("#refund-amount", "1.00")
        merchant.click("#refund-confirm")
        merchant.get_by_role("alertdialog").get_by_role("button", name="Yes, refund").click()
        expect(page.locator("#refunds")).to_contain_text("$1.00", timeout=10_000)
        _shot(page, "order-done")
    finally:
        shop.close()


def test_unpaid_order_can_be_paid_later_or_cancelled(page: Page, base_url: str):
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/search")
    page.fill("#search-input", "orange juice")
    page.click("#search-submit")
    card = page.locator("[id^=product-]", has_text="Orange juice").first
    product_id = card.get_attribute("id").split("-", 1)[1]
    page.click(f"#add-{product_id}")
    expect(page.locator("#cart-link")).to_contain_text("(1)", timeout=10_000)
    open_page(page, base_url, "/cart")
    page.locator("[id^=cart-checkout-]").first.click()
    page.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    page.click("#fulfilment-pickup")
    expect(page.locator("#total-fee")).to_have_text("$0.00")  # no delivery fee for pickup
    page.click("#place-order")
    page.wait_for_url(re.compile(r".*/pay/\d+$"), timeout=15_000)
    page.get_by_text("Pay later: back to the order").click()
    page.wait_for_url(re.compile(r".*/orders/\d+$"), timeout=15_000)
    expect(_state(page)).to_have_attribute("data-state", "placed", timeout=10_000)
    expect(page.locator("#pay-now")).to_be_visible()
    # The pickup code is a real QR code the shop's scanner or the lobby kiosk reads.
    qr = page.get_by_role("img", name="Pickup QR code")
    expect(qr).to_be_visible()
    order_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    [read] = decode(Image.open(io.BytesIO(base64.b64decode(qr.get_attribute("src").split(",", 1)[1]))))
    assert read.data.decode().startswith(f"hub-pickup:{order_id}:")
    page.click("#cancel-order")
    page.click("#cancel-confirm")
    expect(_state(page)).to_have_attribute("data-state", "cancelled", timeout=10_000)
    expect(page.locator("#pay-now")).to_have_count(0)
    expect(page.locator("#cancel-order")).to_have_count(0)
