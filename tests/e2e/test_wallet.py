"""The wallet in the browser (issue 20): a new wallet is empty, a top-up below the minimum is
refused in words, a top-up paid by card shows as the balance and a history line with its receipt,
and the refund choice is saved."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in_as, open_page


def test_top_up_by_card_then_see_balance_history_and_choose_refunds(page: Page, base_url: str):
    page = log_in_as(page, base_url, "resident@demo.hub", "/me/wallet")
    expect(page.locator("#wallet-balance")).to_have_text("$0.00")
    expect(page.get_by_text("Nothing in your wallet yet")).to_be_visible()

    page.get_by_label("Top up (between $5.00 and $500.00)").fill("4.99")
    page.click("#top-up-submit")
    expect(page.get_by_text("The smallest top-up is $5.00.")).to_be_visible()

    page.get_by_label("Top up (between $5.00 and $500.00)").fill("25")
    page.click("#top-up-submit")
    page.wait_for_url(re.compile(r".*/pay/\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    expect(page.locator("#pay-amount")).to_have_text("$25.00")
    expect(page.locator("#pay-from-wallet")).to_have_count(0)  # a top-up is paid by card only
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry (MM / YY)").fill("12 / 34")
    page.get_by_label("CVC").fill("123")
    page.click("#pay-submit")
    expect(page.locator("#paid")).to_be_visible(timeout=15_000)

    open_page(page, base_url, "/me/wallet")
    expect(page.locator("#wallet-balance")).to_have_text("$25.00")
    line = page.locator(".wallet-move").first
    expect(line).to_contain_text("Top-up")
    expect(line).to_contain_text("+$25.00")
    expect(line.get_by_role("link", name="Receipt")).to_be_visible()

    page.get_by_role("radio", name="Into my wallet").click()
    expect(page.get_by_text("Saved: refunds of card payments go to your wallet.")).to_be_visible()
    open_page(page, base_url, "/me/wallet")
    expect(page.get_by_role("radio", name="Into my wallet")).to_be_checked()
    page.get_by_role("radio", name="Back to the card").click()
    expect(page.get_by_text("Saved: refunds of card payments go back to the card.")).to_be_visible()
