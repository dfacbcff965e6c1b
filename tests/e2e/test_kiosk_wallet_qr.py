"""Paying at the lobby kiosk with Alipay (issue 20), in Chromium against the production build with
the real hardware bridge process and the app configured for a local stand-in of Alipay's gateway
(tests/wallet_apps/alipay_server.py): the button offered on a yuan order only, the QR large with
the amount and "Scan with Alipay to pay", the screen moving on by itself once the payer paid, and
Cancel closing Alipay's order."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from community_hub.models import Community, Merchant, Product, User
from community_hub.models.orders import Fulfilment, Order, OrderLine, OrderState
from community_hub.models.payments import Payment
from tests.e2e import kiosk_rig
from tests.e2e.test_kiosk import _log_member_in, make_order, open_kiosk
from tests.wallet_apps.alipay_server import AlipayServer

kiosk_data_dir, bridge, db_engine = kiosk_rig.kiosk_data_dir, kiosk_rig.bridge, kiosk_rig.db_engine


@pytest.fixture(scope="session")
def alipay() -> Iterator[AlipayServer]:
    with AlipayServer() as server:
        yield server


@pytest.fixture(scope="session")
def app_env_extra(kiosk_data_dir, alipay) -> dict[str, str]:
    """The rig's app settings, with Alipay configured against the stand-in gateway."""
    return {"REFLEX_DB_URL": f"sqlite:///{kiosk_data_dir}/kiosk.db", "HUB_PAYMENT_PROVIDER": "demo",
            "HUB_DEMO_PROVIDER_DB": str(kiosk_data_dir / "provider.db"),
            "HUB_UPLOAD_DIR": str(kiosk_data_dir / "uploads"), **alipay.environ()}


def _yuan_order(eng) -> Order:
    with Session(eng, expire_on_commit=False) as db:
        resident = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
        community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
        shop = db.exec(select(Merchant).order_by(Merchant.id)).first()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id)).first()
        order = Order(user_id=resident.id, merchant_id=shop.id, community_id=community.id, state=OrderState.PLACED,
                      fulfilment=Fulfilment.PICKUP, currency="CNY", subtotal_minor=2500, total_minor=2500,
                      payment_method="card", pickup_code="KQ7Y3N", idempotency_key=secrets.token_hex(8))
        db.add(order)
        db.flush()
        db.add(OrderLine(order_id=order.id, product_id=product.id, name=product.name, unit_price_minor=2500,
                         quantity=1, line_total_minor=2500))
        db.commit()
        return order


def _checkout_of(eng, order_id: int) -> Payment:
    with Session(eng) as db:
        return db.exec(select(Payment).where(Payment.purpose == f"order:{order_id}")
                       .order_by(Payment.id.desc())).first()


def test_alipay_at_the_kiosk_confirms_by_itself_and_cancel_closes_the_order(page: Page, base_url, bridge,
                                                                          db_engine, alipay):
    usd = make_order(db_engine, OrderState.PLACED)
    paid, dropped = _yuan_order(db_engine), _yuan_order(db_engine)
    open_kiosk(page, base_url)
    _log_member_in(page, bridge)
    expect(page.locator(f"#kiosk-alipay-order-{paid.id}")).to_be_visible()
    expect(page.locator(f"#kiosk-alipay-order-{usd.id}")).to_have_count(0)  # Alipay takes yuan only
    expect(page.locator(f"#kiosk-wechatpay-order-{paid.id}")).to_have_count(0)  # WeChat Pay is not set up

    page.locator(f"#kiosk-alipay-order-{paid.id}").click()
    expect(page.locator("#kiosk-qr-text")).to_have_text("Scan with Alipay to pay")
    expect(page.locator("#kiosk-qr-amount")).to_contain_text("25.00")
    qr = page.locator("#kiosk-qr")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 300  # read from a step away
    payment = _checkout_of(db_engine, paid.id)
    assert payment.provider == "alipay" and payment.checkout_id in alipay.trades
    alipay.pay(payment.checkout_id)  # the member pays in the app; no notification reaches us
    expect(page.locator("#kiosk-paid")).to_contain_text("Paid", timeout=10_000)
    assert _checkout_of(db_engine, paid.id).status == "succeeded"
    with Session(db_engine) as db:
        assert db.get(Order, paid.id).state == OrderState.PAID

    page.get_by_role("button", name="Continue").click()
    page.locator(f"#kiosk-alipay-order-{dropped.id}").click()
    expect(page.locator("#kiosk-qr")).to_be_visible()
    trade = _checkout_of(db_engine, dropped.id).checkout_id
    alipay.scan(trade)  # scanned, then the member changes their mind
    page.locator("#kiosk-cancel-qr").click()
    expect(page.locator("#kiosk-message")).to_contain_text("Nothing was charged")
    assert alipay.trades[trade].status == "TRADE_CLOSED"
    assert _checkout_of(db_engine, dropped.id).status == "canceled"
    expect(page.locator(f"#kiosk-alipay-order-{dropped.id}")).to_be_visible()  # still to pay
