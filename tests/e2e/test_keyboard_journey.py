"""The whole resident journey by keyboard alone (issue 14): log in, search, add to the cart, check
out and pay with the demo card, pay a bill, report a repair. Only keys: Tab and Shift+Tab to move,
Enter, Space and arrows to act, typing into whatever has focus; never a click, a fill or a focus()
on the person's behalf. Every stop shows a visible focus ring (tests/e2e/keyboard.py checks it)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import DEMO_PASSWORD, expect_path, open_page
from tests.e2e.keyboard import (
    choose_option,
    expect_focus_visible,
    open_select,
    tab_and_type,
    tab_to,
)

GOOD_CARD = "4242 4242 4242 4242"


def _follow_link(page: Page, name: str, path: str) -> None:
    """Tab to a link by its name and press Enter on it."""
    tab_to(page, page.get_by_role("link", name=name, exact=True))
    page.keyboard.press("Enter")
    expect_path(page, path)


def test_a_resident_shops_pays_and_reports_a_repair_by_keyboard(page: Page, base_url: str):
    open_page(page, base_url, "/login")
    tab_and_type(page, page.get_by_label("Email or mobile number"), "resident@demo.hub")
    tab_and_type(page, page.get_by_label("Password", exact=True), DEMO_PASSWORD)
    page.keyboard.press("Enter")  # Enter in a field sends the form
    expect_path(page, "/home")

    # Search, and add two bottles of olive oil.
    _follow_link(page, "Shop", "/shop")
    _follow_link(page, "Search", "/search")
    tab_and_type(page, page.get_by_placeholder("Milk, croissant, plasters…"), "olive")
    page.keyboard.press("Enter")
    card = page.locator("[id^=product-]", has_text="Olive oil").first
    expect(card).to_be_visible(timeout=10_000)
    add = card.get_by_role("button", name="Add")
    tab_to(page, add)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Cart (1)")).to_be_visible(timeout=10_000)
    expect(add).to_be_focused()  # still here (a button disabled while busy dropped the focus)
    page.keyboard.press("Space")
    expect(page.get_by_role("link", name="Cart (2)")).to_be_visible(timeout=10_000)

    # The cart (one Tab stop for Checkout), checkout: the delivery slot picked with the arrows.
    _follow_link(page, "Cart (2)", "/cart")
    checkout = page.get_by_role("link", name="Checkout")
    tab_to(page, checkout)
    page.keyboard.press("Tab")  # one stop: the button inside the link (its look) is not another
    expect(page.get_by_role("button", name="Checkout")).not_to_be_focused()
    expect(checkout).not_to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(checkout).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    expect(page.locator("#total-total")).not_to_have_text("", timeout=10_000)
    slot = page.get_by_role("combobox", name="Delivery time")
    slots = open_select(page, slot)
    page.keyboard.press("ArrowDown")  # the first hour after "As soon as possible"
    expect(slots.get_by_role("option").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(slot).to_have_text(re.compile(r"\d{2}:00–\d{2}:00"))
    expect(slot).to_be_focused()  # the list closed back onto its trigger
    tab_to(page, page.get_by_role("button", name="Place order"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/pay/\d+$"), timeout=15_000)

    # The demo card form: typed field by field, Enter pays.
    tab_and_type(page, page.get_by_label("Card number"), GOOD_CARD)
    tab_and_type(page, page.get_by_label("Expiry (MM / YY)"), "12 / 34")
    tab_and_type(page, page.get_by_label("CVC"), "123")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/orders/\d+$"), timeout=15_000)
    expect(page.locator("#order-state")).to_have_attribute("data-state", "paid", timeout=10_000)

    # A bill: Pay now opens the dialog with the focus inside it; Escape closes it back onto Pay now;
    # paid, the dialog closes and the focus stays on the page (its heading), not lost to <body>.
    _follow_link(page, "Home", "/home")
    _follow_link(page, "Pay bills", "/bills")
    bill = page.locator("#bills-current .bill-card").first
    expect(bill).to_contain_text("Management fee")
    pay_now = bill.get_by_role("button", name="Pay now")
    tab_to(page, pay_now)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    card = dialog.get_by_label("Card number")
    expect(card).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(pay_now).to_be_focused()
    page.keyboard.press("Enter")
    expect(card).to_be_focused()
    expect_focus_visible(page)
    page.keyboard.press("Control+a")  # over the demo card the field starts with
    page.keyboard.type(GOOD_CARD)
    tab_to(page, dialog.get_by_role("button", name="Pay", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    expect(dialog).to_be_hidden()
    expect(page.locator("#nothing-due")).to_be_visible()
    expect(page.get_by_role("heading", name="Property bills")).to_be_focused()
    tab_to(page, page.get_by_role("button", name="Statement CSV"), most=3)  # and Tab goes on from there

    # A repair: the category chosen with arrows in its list, the words typed, Enter on Send.
    _follow_link(page, "Home", "/home")
    _follow_link(page, "Report a problem", "/repairs")
    choose_option(page, page.get_by_label("What kind of repair"), "Plumbing")
    tab_and_type(page, page.get_by_label("Where is it"), "Kitchen sink")
    tab_and_type(page, page.get_by_label("What is wrong"), "Water drips from the pipe under the sink.")
    tab_to(page, page.get_by_role("button", name="Send report"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("reported")
    expect(page.locator(".repair-row")).to_contain_text("Plumbing")


def test_the_first_tab_offers_a_way_past_the_menus(page: Page, base_url: str):
    """Tab from the top of a page reaches "Skip to content" first; Enter on it puts the next Tab
    inside the page's own content, not back in the top bar and the menus."""
    open_page(page, base_url, "/login")
    tab_and_type(page, page.get_by_label("Email or mobile number"), "resident@demo.hub")
    tab_and_type(page, page.get_by_label("Password", exact=True), DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect_path(page, "/home")
    # A person tabs once the home page is there: the address changes before the login form goes,
    # and a Tab pressed in between moved the focus inside the form that then went away.
    expect(page.get_by_role("heading", name="Orders on their way")).to_be_visible()
    page.wait_for_selector("#hydrated", state="attached")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()  # out of sight until it has focus
    page.locator("body").press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    expect_focus_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.getElementById('main-content').contains(document.activeElement)")
    assert inside_main, "the Tab after Skip to content left the page's content"
