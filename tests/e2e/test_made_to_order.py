"""Made to order in the browser (issue 20): the merchant marks a cake made to order with a 30 %
deposit (150 % is refused), the resident checks out paying only the deposit, the merchant starts
work and marks it ready, the resident pays the balance, and both see it paid."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub.core.db import engine_for, session_scope
from community_hub.models import Product
from tests.e2e.helpers import log_in_as, open_page, shot

GOOD = "4242 4242 4242 4242"


def _pay_by_card(page: Page) -> None:
    page.wait_for_url(re.compile(r".*/pay/\d+$"), timeout=15_000)
    page.wait_for_selector("#hydrated", state="attached")
    page.get_by_label("Card number").fill(GOOD)
    page.get_by_label("Expiry (MM / YY)").fill("12 / 34")
    page.get_by_label("CVC").fill("123")
    page.click("#pay-submit")
    page.wait_for_url(re.compile(r".*/orders/\d+$"), timeout=15_000)


def _cake(url: str) -> tuple[int, int]:
    eng = engine_for(url)
    try:
        with session_scope(eng) as db:
            cake = db.exec(select(Product).where(Product.name == "Test Celebration Cake")).one()
            assert (cake.made_to_order, cake.deposit_bps) == (True, 3000)
            return cake.id, cake.merchant_id
    finally:
        eng.dispose()


def test_cake_paid_as_a_deposit_then_the_balance_when_ready(page: Page, base_url: str, e2e_db_url: str, signed_in):
    shop = log_in_as(page, base_url, "merchant@demo.hub", "/merchant/products")
    expect(shop.locator("#products-table")).to_be_visible()
    shop.click("#new-product")
    shop.fill("#product-name", "Test Celebration Cake")
    shop.fill("#product-price", "30.00")
    shop.click("#product-unlimited")
    shop.get_by_role("checkbox", name="Made to order").click()
    shop.get_by_label("Deposit (%)").fill("150")
    shop.click("#product-save")
    expect(shop.get_by_role("dialog").get_by_role("alert")).to_contain_text("1 to 100 %")
    shop.get_by_label("Deposit (%)").fill("30")
    shop.click("#product-save")
    expect(shop.get_by_role("status")).to_contain_text("Test Celebration Cake added")
    cake_id, shop_id = _cake(e2e_db_url)

    resident = signed_in("resident@demo.hub", f"/product/{cake_id}")
    resident.click("#product-add")
    expect(resident.locator("#cart-link")).to_contain_text("(1)", timeout=10_000)
    open_page(resident, base_url, f"/checkout/{shop_id}")
    # $30.00 cake + $3.00 delivery: the delivery fee and 30 % of the cake now, the rest when ready.
    expect(resident.locator("#total-deposit")).to_have_text("$12.00", timeout=10_000)
    expect(resident.locator("#total-balance")).to_have_text("$21.00")
    expect(resident.locator("#deposit-rule-note")).to_contain_text("the shop keeps the deposit")
    shot(resident, "made_to_order_checkout")
    resident.click("#place-order")
    _pay_by_card(resident)
    oid = resident.url.rstrip("/").rsplit("/", 1)[-1]
    expect(resident.locator("#order-state")).to_have_attribute("data-state", "paid", timeout=10_000)
    expect(resident.locator("#order-deposit")).to_have_text("$12.00")
    expect(resident.locator("#order-balance")).to_have_text("$21.00")
    expect(resident.locator("#order-balance-state")).to_have_attribute("data-state", "later")

    open_page(shop, base_url, f"/merchant/orders/{oid}")
    expect(shop.locator(f"#order-made-{oid}")).to_contain_text("balance due when ready")
    shop.click(f"#start-work-{oid}")
    expect(shop.locator(f"#order-state-{oid}")).to_have_text("being prepared")
    expect(shop.locator(f"#send-out-{oid}")).to_have_count(0)  # no hand-over before the balance
    shop.click(f"#ask-balance-{oid}")
    expect(shop.locator(f"#order-made-{oid}")).to_contain_text("balance asked for, not paid yet")

    # The resident's order page, open all along, follows by itself: the balance is now due.
    expect(resident.locator("#order-balance-state")).to_have_attribute("data-state", "due", timeout=10_000)
    resident.click("#cancel-order")  # the rule is stated before anything is confirmed
    expect(resident.locator("#cancel-terms")).to_contain_text("keeps your deposit of $12.00")
    resident.get_by_role("button", name="Keep the order").click()
    resident.click("#pay-balance")
    _pay_by_card(resident)
    expect(resident.locator("#order-balance-state")).to_have_attribute("data-state", "paid", timeout=10_000)
    shot(resident, "made_to_order_order")

    open_page(shop, base_url, f"/merchant/orders/{oid}")
    expect(shop.locator(f"#order-made-{oid}")).to_contain_text("balance paid", timeout=10_000)
    expect(shop.locator(f"#send-out-{oid}")).to_be_visible()
