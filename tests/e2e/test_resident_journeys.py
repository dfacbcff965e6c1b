"""A resident on a 390 px phone: the same tab bar on every page (nothing cut off or sideways
scrolling), home as the day at a glance, a product's own page, the cart as cards with Remove in
reach, and one applied coupon that survives going back to the cart."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, log_in, open_page

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def shot(page: Page, name: str) -> None:
    if folder := os.environ.get("HUB_SHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _fits_the_phone(page: Page) -> None:
    """The bottom tab bar with all six places is on screen and nothing scrolls sideways."""
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_visible()
    for tab in ("Home", "Shop", "Orders", "Community", "Card", "Inbox"):
        box = nav.get_by_role("link", name=tab).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (tab, box)
    expect(page.locator("#logout")).to_be_in_viewport()  # the top bar's (the account page has more)
    wide = page.evaluate("""(w) => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w + 1 && e.getClientRects().length)
        .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + String(e.className).slice(0, 60) + ' ' + (e.textContent || '').slice(0, 30)
                         + ' ' + Math.round(e.getBoundingClientRect().right))""", PHONE["width"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (page.url, wide)


def test_phone_shell_home_product_cart_and_coupon(page: Page, base_url: str):
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    icon = page.request.get(base_url + "/favicon.ico")
    assert icon.ok and icon.body()[:4] == b"\x00\x00\x01\x00", "the favicon is an icon file"
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    # Home is the day at a glance, each part with its way on.
    for title in ("Bills", "Orders on their way", "Repairs", "Next event", "Member card", "Shops nearby"):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("#home-shops")).to_contain_text("Corner Grocer")
    expect(page.locator("#home-bills")).to_contain_text(re.compile(r"\$[\d,]+\.\d\d due on \d+ bills?|Nothing to pay"))
    shot(page, "phone-home")
    _fits_the_phone(page)
    for path in ("/search", "/inbox", "/account", "/orders", "/shop"):
        open_page(page, base_url, path)
        shot(page, "phone" + path.replace("/", "-"))
        _fits_the_phone(page)
        expect(page).to_have_title(re.compile(r".+ · Community Hub$"))
    # The pages rendered on the server and in the browser agree (React says so in the console).
    assert not [e for e in console_errors if "ydrat" in e], console_errors
    shot(page, "phone-orders")

    # Tapping a product opens its page; options, quantity and Add to cart are there.
    open_page(page, base_url, "/search")
    page.fill("#search-input", "olive")
    page.click("#search-submit")
    page.get_by_role("link", name="Olive oil 750 ml").first.click()
    expect(page.get_by_role("heading", name="Olive oil 750 ml")).to_be_visible(timeout=10_000)
    expect(page).to_have_title(re.compile("Olive oil 750 ml · Corner Grocer"))
    expect(page.locator("#product-price")).to_have_text("$7.00")
    expect(page.get_by_role("heading", name="Reviews of Corner Grocer")).to_be_visible()
    page.get_by_role("button", name="One more").click()
    page.get_by_role("button", name="One more").click()
    expect(page.locator("#product-qty")).to_have_text("3")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("#flash")).to_contain_text("3 × Olive oil 750 ml in your cart.")
    expect(page.locator("#cart-link")).to_contain_text("(3)")
    shot(page, "phone-product")
    _fits_the_phone(page)

    # The cart as cards: Remove is on screen without scrolling sideways.
    open_page(page, base_url, "/cart")
    remove = page.get_by_role("button", name="Remove Olive oil 750 ml")
    expect(remove).to_be_in_viewport()
    box = remove.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"], box
    _fits_the_phone(page)
    shot(page, "phone-cart")

    # A coupon applied at checkout is still applied, with its discount, after going back to the cart.
    page.get_by_role("link", name="Checkout").first.click()
    page.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    expect(page.locator("#total-total")).to_have_text("$24.00", timeout=10_000)  # 3 × $7.00 + $3.00 delivery
    page.get_by_label("Coupon").fill("welcome5")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#coupon-applied")).to_contain_text("WELCOME5 applied")
    expect(page.locator("#total-discount")).to_have_text("-$5.00")
    expect(page.locator("#total-total")).to_have_text("$19.00")
    page.get_by_role("link", name="Back to your cart").click()
    expect(page.locator("[id^=cart-]").first).to_contain_text("Coupon WELCOME5")
    page.get_by_role("link", name="Checkout").first.click()
    page.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    expect(page.locator("#coupon-applied")).to_contain_text("WELCOME5 applied")
    expect(page.locator("#total-discount")).to_have_text("-$5.00")
    expect(page.locator("#total-total")).to_have_text("$19.00")
    # Fewer items than the coupon's minimum: the page says why, and the totals drop the discount.
    page.get_by_role("link", name="Back to your cart").click()
    page.get_by_role("button", name="One less").first.click()
    expect(page.locator("[id^=qty-]").first).to_have_text("2")
    page.get_by_role("link", name="Checkout").first.click()
    page.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    expect(page.locator("#coupon-error")).to_contain_text("minimum spend of $20.00")
    expect(page.locator("#total-total")).to_have_text("$17.00")
    expect(page.locator("#total-discount")).to_have_count(0)
    page.get_by_role("button", name="Remove coupon").click()
    expect(page.locator("#coupon-error")).to_have_count(0)
    expect(page.get_by_label("Coupon")).to_be_visible()
    shot(page, "phone-checkout")
