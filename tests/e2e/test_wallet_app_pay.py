"""Paying on the web with Alipay (issue 20), in Chromium against the production build with the app
configured for a local stand-in of Alipay's gateway (tests/wallet_apps/alipay_server.py): the pay
page of a yuan order offers Alipay beside the card, shows the QR with the amount, and says paid by
itself once the payer paid in the app (the page asks Alipay; no notification is needed)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub.core.db import engine_for, session_scope
from community_hub.core.permissions import load_actor
from community_hub.marketplace import order_payments
from community_hub.models import Community, Merchant, Product, User
from community_hub.models.orders import Fulfilment, Order, OrderLine, OrderState
from community_hub.models.payments import Payment
from tests.e2e.helpers import log_in_as
from tests.wallet_apps.alipay_server import AlipayServer


@pytest.fixture(scope="session")
def alipay() -> Iterator[AlipayServer]:
    with AlipayServer() as server:
        yield server


@pytest.fixture(scope="session")
def app_env_extra(alipay) -> dict[str, str]:
    """The app's settings, with Alipay configured against the stand-in gateway."""
    return alipay.environ()


def _yuan_order_payment(url: str) -> int:
    eng = engine_for(url)
    try:
        with session_scope(eng) as db:
            user = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
            community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
            shop = db.exec(select(Merchant).where(Merchant.slug == "hao-linju-market")).one()
            product = db.exec(select(Product).where(Product.merchant_id == shop.id)).first()
            order = Order(user_id=user.id, merchant_id=shop.id, community_id=community.id, state=OrderState.PLACED,
                          fulfilment=Fulfilment.PICKUP, currency="CNY", subtotal_minor=2500, total_minor=2500,
                          payment_method="card", pickup_code="WQ7Y3N", idempotency_key=secrets.token_hex(8))
            db.add(order)
            db.flush()
            db.add(OrderLine(order_id=order.id, product_id=product.id, name=product.name, unit_price_minor=2500,
                             quantity=1, line_total_minor=2500))
            db.flush()
            return order_payments.start_order_payment(db, load_actor(db, user), order.id).id
    finally:
        eng.dispose()


def _checkout_id(url: str, payment_id: int) -> str:
    eng = engine_for(url)
    try:
        with session_scope(eng) as db:
            return db.get(Payment, payment_id).checkout_id
    finally:
        eng.dispose()


def test_pay_a_yuan_order_with_alipay_by_scanning_the_qr(page: Page, base_url: str, e2e_db_url: str, alipay):
    payment_id = _yuan_order_payment(e2e_db_url)
    page = log_in_as(page, base_url, "resident@demo.hub", f"/pay/{payment_id}")
    expect(page.get_by_role("button", name="Pay with WeChat Pay")).to_have_count(0)  # not configured here
    page.get_by_role("button", name="Pay with Alipay").click()
    page.wait_for_url(re.compile(rf".*/pay/(?!{payment_id}$)\d+$"), timeout=15_000)
    qr_attempt = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    qr = page.get_by_role("img", name="Scan with Alipay to pay CN¥25.00")
    expect(qr).to_be_visible(timeout=15_000)
    expect(page.get_by_role("status")).to_contain_text("Waiting for your payment")
    alipay.pay(_checkout_id(e2e_db_url, qr_attempt))  # the payer pays in the Alipay app
    expect(page.locator("#qr-paid")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="Go on").click()
    expect(page.locator("#order-state")).to_have_attribute("data-state", "paid", timeout=15_000)
