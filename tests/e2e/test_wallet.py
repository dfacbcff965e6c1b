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


def _order_to_pay(url: str, email: str, over_minor: int) -> int:
    """An order of the resident's at Corner Grocer costing more than `over_minor`, its payment
    started as checkout starts it; returns the payment's id."""
    from sqlmodel import select

    from community_hub.core.db import engine_for, session_scope
    from community_hub.core.permissions import load_actor
    from community_hub.marketplace import cart, checkout, order_payments
    from community_hub.models import Merchant, Product, User

    eng = engine_for(url)
    try:
        with session_scope(eng) as db:
            actor = load_actor(db, db.exec(select(User).where(User.email == email)).one())
            shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
            product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.available,
                                                    Product.stock.is_(None) | (Product.stock > 20))
                              .order_by(Product.price_minor.desc())).first()
            quantity = over_minor // product.price_minor + 1
            cart.add_to_cart(db, actor, product.id, quantity=quantity)
            order = checkout.place_order(db, actor, shop.id, idempotency_key="wallet-partly-e2e",
                                         payment_method="card", fulfilment="pickup")
            return order_payments.start_order_payment(db, actor, order.id).id
    finally:
        eng.dispose()


def test_the_wallet_pays_part_and_a_card_the_rest(page: Page, base_url: str, e2e_db_url: str):
    """After the top-up above the wallet holds $25.00; an order costing more is paid with all of it
    and the rest by card, in one go for the order."""
    payment_id = _order_to_pay(e2e_db_url, "resident@demo.hub", 2500)
    page = log_in_as(page, base_url, "resident@demo.hub", f"/pay/{payment_id}")
    offer = page.locator("#pay-rest")
    expect(offer).to_contain_text("Use my $25.00 and pay the other")
    offer.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("once it arrives, $25.00 is taken from your wallet")
    dialog.get_by_role("button", name="Pay the rest").click()
    page.wait_for_url(re.compile(rf".*/pay/(?!{payment_id}$)\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry (MM / YY)").fill("12 / 34")
    page.get_by_label("CVC").fill("123")
    page.click("#pay-submit")
    expect(page.locator("#paid")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="Go on").click()
    page.wait_for_url(re.compile(rf".*/pay/{payment_id}$"), timeout=15_000)
    expect(page.locator("#paid")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="Follow your order").click()
    expect(page.locator("#order-state")).to_have_attribute("data-state", "paid", timeout=15_000)
    open_page(page, base_url, "/me/wallet")
    expect(page.locator("#wallet-balance")).to_have_text("$0.00")
    expect(page.locator(".wallet-move").first).to_contain_text("Paid from the wallet")
