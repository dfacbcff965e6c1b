"""A resident sees their money: a paid order and the shop's partial refund on /money, the
payment's printable receipt, and a neighbour who opens that receipt's address is refused."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.marketplace import cart, checkout, order_payments
from community_hub.marketplace.cart import money
from community_hub.models import Merchant, Product
from community_hub.payments import intents, refunds
from tests.e2e.helpers import DEMO_PASSWORD, expect_path, log_in, open_page, shot


def _as(db, email: str):
    return accounts.login(db, identifier=email, password=DEMO_PASSWORD)[1]


def paid_then_refunded(url: str, refund_minor: int) -> tuple[int, int, int]:
    """Through the services, as in the app: the resident orders and pays by card, then the shop
    refunds part of it. Returns (order id, payment id, amount paid)."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        resident = _as(db, "resident@demo.hub")
        shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.stock.is_(None)
                                                | (Product.stock >= 2)).order_by(Product.price_minor.desc())).first()
        cart.add_to_cart(db, resident, product.id, quantity=max(1, -(-shop.min_order_minor // product.price_minor)))
        order = checkout.place_order(db, resident, shop.id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                     fulfilment="pickup")
        oid, total = order.id, order.total_minor
    with session_scope(eng) as db:
        pid = order_payments.start_order_payment(db, _as(db, "resident@demo.hub"), oid).id
    with session_scope(eng) as db:
        intents.confirm_payment(db, _as(db, "resident@demo.hub"), pid, "4242424242424242")
    with session_scope(eng) as db:
        refunds.refund_payment(db, _as(db, "merchant@demo.hub"), pid, refund_minor, reason="one bruised apple")
    eng.dispose()
    return oid, pid, total


def test_resident_sees_payment_refund_and_receipt_a_neighbour_does_not(page: Page, base_url: str,
                                                                       e2e_db_url: str):
    oid, pid, total = paid_then_refunded(e2e_db_url, 150)
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, f"/orders/{oid}")
    expect(page.locator("#order-money-link")).to_have_attribute("href", "/money")
    open_page(page, base_url, "/community")
    page.click("#community-links a[href='/money']")
    expect_path(page, "/money")

    history = page.locator("#money-history")
    payment_row = history.locator(".money-row[data-kind='Payment']", has_text=f"Order #{oid}")
    refund_row = history.locator(".money-row[data-kind='Refund']", has_text=f"Order #{oid}")
    expect(payment_row).to_contain_text(money(total))
    expect(refund_row).to_contain_text("-$1.50")
    expect(refund_row).to_contain_text("one bruised apple")
    expect(refund_row.locator(".receipt-link")).to_have_count(0)  # receipts belong to payments
    shot(page, "resident_money")

    payment_row.locator(".receipt-link").click()
    expect_path(page, f"/money/receipt/{pid}")
    expect(page.locator("#receipt-number")).to_have_text(f"R-{pid:06d}")
    expect(page.locator("#receipt-amount")).to_have_text(money(total))
    expect(page.locator(".receipt-refund")).to_contain_text("-$1.50")
    expect(page.locator("#receipt-net")).to_have_text(money(total - 150))
    expect(page.locator("#print-receipt")).to_be_visible()
    shot(page, "resident_receipt")

    open_page(page, base_url, "/money")  # the printable receipt has no menu to log out from
    page.click("#logout")
    expect_path(page, "/login")
    log_in(page, base_url, "noor@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, f"/money/receipt/{pid}")
    expect(page.get_by_role("alert")).to_contain_text("not yours to see")
    expect(page.locator("#receipt")).to_have_count(0)
    expect(page.locator("#print-receipt")).to_have_count(0)
