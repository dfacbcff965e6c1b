"""Merchant orders page: a paid order shows up by itself, and the shop moves it through its life
(accept, prepare, send out with a courier, delivered) and refunds part of it."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.marketplace import cart, checkout, order_payments
from community_hub.models import Merchant, Product
from community_hub.models.orders import Order
from community_hub.payments import intents
from tests.e2e.helpers import DEMO_PASSWORD, expect_path, log_in, open_page, shot


def paid_order(url: str, fulfilment: str = "delivery") -> int:
    """What a resident does on the shop pages, through the same services: cart, order, card payment
    (the order moves to paid through the payment hook, as in the app)."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        _token, resident = accounts.login(db, identifier="resident@demo.hub", password=DEMO_PASSWORD)
        shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.stock.is_(None)
                                                | (Product.stock >= 2)).order_by(Product.price_minor.desc())).first()
        cart.add_to_cart(db, resident, product.id, quantity=max(1, -(-shop.min_order_minor // product.price_minor)))
        order = checkout.place_order(db, resident, shop.id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                     fulfilment=fulfilment, address="B-204, Maple Court")
        oid = order.id
    with session_scope(eng) as db:
        _token, resident = accounts.login(db, identifier="resident@demo.hub", password=DEMO_PASSWORD)
        pid = order_payments.start_order_payment(db, resident, oid).id
    with session_scope(eng) as db:
        _token, resident = accounts.login(db, identifier="resident@demo.hub", password=DEMO_PASSWORD)
        intents.confirm_payment(db, resident, pid, "4242424242424242")
    with session_scope(eng) as db:
        assert db.get(Order, oid).state == "paid"
    eng.dispose()
    return oid


def test_merchant_moves_an_order_through_its_life(page: Page, base_url: str, e2e_db_url: str):
    log_in(page, base_url, "merchant@demo.hub")
    expect_path(page, "/merchant")
    open_page(page, base_url, "/merchant/orders")
    oid = paid_order(e2e_db_url)
    row = page.locator(f"#order-row-{oid}")
    expect(row).to_be_visible(timeout=10_000)  # arrives without a reload
    expect(page.locator(f"#order-state-{oid}")).to_have_text("paid, waiting for the shop")

    page.click(f"#accept-{oid}")
    expect(page.locator(f"#order-state-{oid}")).to_have_text("accepted")
    page.click(f"#prepare-{oid}")
    expect(page.locator(f"#order-state-{oid}")).to_have_text("being prepared")
    page.click(f"#send-out-{oid}")
    page.click("#send-out-confirm")  # no courier: refused with a reason, nothing moves
    expect(page.get_by_role("alert")).to_contain_text("courier")
    page.fill("#courier-name", "Dan Driver")
    page.fill("#courier-phone", "555-0101")
    page.click("#send-out-confirm")
    expect(page.locator(f"#order-state-{oid}")).to_have_text("out for delivery")
    expect(row).to_contain_text("Dan Driver 555-0101")
    page.click(f"#delivered-{oid}")  # cannot be undone: the shop is asked first
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, delivered").click()
    expect(page.locator(f"#order-state-{oid}")).to_have_text("delivered")

    page.click(f"#refund-{oid}")
    page.fill("#refund-amount", "9999")
    page.click("#refund-confirm")  # money leaves: the shop is asked first
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, refund").click()
    expect(page.get_by_role("alert")).to_contain_text("at most")
    page.fill("#refund-amount", "2.50")
    page.click("#refund-confirm")
    expect(page.get_by_role("alertdialog")).to_contain_text("Send 2.50 back")
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, refund").click()
    expect(page.locator(f"#order-refunded-{oid}")).to_contain_text("2.50")
    shot(page, "merchant_orders")

    page.click(f"#order-row-{oid} a")  # the order's own page (where notifications link to)
    expect_path(page, f"/merchant/orders/{oid}")
    expect(page.locator("#order-timeline")).to_contain_text("out for delivery")
    expect(page.locator(f"#order-state-{oid}")).to_have_text("delivered")


def test_pickup_order_is_handed_over_with_its_code(page: Page, base_url: str, e2e_db_url: str):
    oid = paid_order(e2e_db_url, fulfilment="pickup")
    eng = engine_for(e2e_db_url)
    with session_scope(eng) as db:
        code = db.get(Order, oid).pickup_code
    eng.dispose()
    log_in(page, base_url, "merchant@demo.hub")
    expect_path(page, "/merchant")
    open_page(page, base_url, f"/merchant/orders/{oid}")
    expect(page.locator(f"#send-out-{oid}")).to_have_count(0)  # pickup orders are not sent out
    page.click(f"#accept-{oid}")
    expect(page.locator(f"#order-state-{oid}")).to_have_text("accepted")
    page.click(f"#prepare-{oid}")
    page.click(f"#ready-{oid}")
    expect(page.locator(f"#order-state-{oid}")).to_have_text("ready for pickup")
    expect(page.locator(f"#order-row-{oid}")).not_to_contain_text(code)  # the resident shows it
    page.click(f"#delivered-{oid}")
    page.fill("#pickup-code", "WRONG1")
    page.click("#delivered-confirm")
    expect(page.get_by_role("alert")).to_contain_text("does not match")
    page.fill("#pickup-code", f"hub-pickup:{oid}:{code}")  # what the QR scanner types
    page.click("#delivered-confirm")
    expect(page.locator(f"#order-state-{oid}")).to_have_text("delivered")


def test_dashboard_shows_today_and_low_stock(page: Page, base_url: str, e2e_db_url: str):
    paid_order(e2e_db_url)
    log_in(page, base_url, "merchant@demo.hub")
    expect_path(page, "/merchant")
    expect(page.locator("#orders-today")).not_to_have_text("0")
    expect(page.locator("#revenue-today")).to_contain_text("$")
    expect(page.locator("#sales-chart")).to_be_visible()
    shot(page, "merchant_dashboard")
