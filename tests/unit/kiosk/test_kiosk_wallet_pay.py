"""Paying at the lobby kiosk with a phone wallet (issue 20): offered only when configured for the
payment's currency, the QR drawn for the member to scan, the screen confirming by itself through the
provider's query, Cancel closing the provider's order; every step the kiosk's own — the real
python-alipay-sdk against the local stand-in gateway (tests/wallet_apps/alipay_server.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from community_hub.core.errors import ServiceError
from community_hub.kiosk import session as kiosk_session
from community_hub.kiosk import wallet_pay
from community_hub.models import Role
from community_hub.models.orders import Order, OrderState
from community_hub.models.payments import Payment, PaymentStatus
from tests import factories as f
from tests.unit.kiosk.conftest import card_message, make_order
from tests.wallet_apps.alipay_server import AlipayServer
from tests.wallet_apps.wechat_server import WeChatServer

ORIGIN = "http://localhost:3000"


@pytest.fixture(scope="module")
def server() -> Iterator[AlipayServer]:
    with AlipayServer() as alipay:
        yield alipay


@pytest.fixture
def alipay(server, monkeypatch, demo_provider) -> Iterator[AlipayServer]:
    server.trades.clear()
    server.down = server.lose_answers = False
    for name, value in server.environ().items():
        monkeypatch.setenv(name, value)
    yield server


def _login(tx, w):
    with tx() as db:
        return kiosk_session.kiosk_login(db, w.kiosk, card_message("CARD-RES")).token


def _cny_order(tx, w, total=2500) -> Order:
    with tx() as s:
        order = make_order(s, w, total=total)
        return f.change(s, Order, order.id, currency="CNY")


def _start(tx, world, order) -> tuple[str, wallet_pay.QrCharge]:
    token = _login(tx, world)
    with tx() as s:
        return token, wallet_pay.start_qr(s, world.kiosk, token, "order", order.id, "alipay", ORIGIN)


def test_offered_only_when_configured_for_the_currency(tx, world, monkeypatch, server, demo_provider):
    with tx() as s:
        assert wallet_pay.offered(s, world.kiosk, "CNY") == []  # nothing configured: the terminal only
    for name, value in server.environ().items():
        monkeypatch.setenv(name, value)
    with tx() as s:
        assert wallet_pay.offered(s, world.kiosk, "CNY") == ["alipay"]
        assert wallet_pay.offered(s, world.kiosk, "USD") == []  # Alipay takes yuan only
    token = _login(tx, world)
    with tx() as s:
        usd = make_order(s, world)
    with pytest.raises(ServiceError, match="not available for this payment"), tx() as s:
        wallet_pay.start_qr(s, world.kiosk, token, "order", usd.id, "alipay", ORIGIN)


def test_the_member_scans_and_the_screen_confirms_by_the_providers_query(tx, db, world, alipay):
    order = _cny_order(tx, world)
    token, charge = _start(tx, world, order)
    assert charge.qr_image.startswith("data:image/png;base64,")
    assert (charge.amount, str(charge.scan_text), str(charge.app_name)) == ("CN¥25.00", "Scan with Alipay to pay",
                                                                           "Alipay")
    payment = db.get(Payment, charge.payment_id)
    [trade] = alipay.trades.values()
    assert trade.out_trade_no == payment.checkout_id and str(trade.total) == "25.00"
    with tx() as s:  # not paid yet: the screen keeps waiting
        assert not wallet_pay.qr_finished(s, world.kiosk, token, charge.payment_id)
        assert wallet_pay.check_qr(s, world.kiosk, token, charge.payment_id) is None
    with tx() as s:  # asked again while open: the same order at Alipay
        assert wallet_pay.start_qr(s, world.kiosk, token, "order", order.id, "alipay", ORIGIN).payment_id == \
            charge.payment_id
    assert len(alipay.trades) == 1
    alipay.pay(trade.out_trade_no)  # no notification arrives: the query alone confirms it
    with tx() as s:
        assert wallet_pay.qr_finished(s, world.kiosk, token, charge.payment_id)
    with tx() as s:
        out = wallet_pay.check_qr(s, world.kiosk, token, charge.payment_id)
    assert out.paid and out.receipt_path == f"/orders/{order.id}" and "Paid CN¥25.00" in out.message
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.PAID
    row = db.get(Payment, charge.payment_id, populate_existing=True)
    assert row.status == PaymentStatus.SUCCEEDED and row.provider == "alipay" and row.provider_id == trade.trade_no


def test_cancel_closes_the_providers_order_and_charges_nothing(tx, db, world, alipay):
    order = _cny_order(tx, world)
    token, charge = _start(tx, world, order)
    out_trade_no = db.get(Payment, charge.payment_id).checkout_id
    alipay.scan(out_trade_no)  # the member scanned, then changed their mind
    with tx() as s:
        out = wallet_pay.cancel_qr(s, world.kiosk, token, charge.payment_id)
    assert not out.paid and "Nothing was charged" in out.message
    assert alipay.trades[out_trade_no].status == "TRADE_CLOSED"
    assert ("alipay.trade.close", {"out_trade_no": out_trade_no}) in alipay.requests
    assert db.get(Payment, charge.payment_id, populate_existing=True).status == PaymentStatus.CANCELED
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.PLACED
    with pytest.raises(ValueError):  # the code can no longer be paid
        alipay.pay(out_trade_no)


def test_cancel_after_the_member_paid_records_the_payment(tx, db, world, alipay):
    order = _cny_order(tx, world)
    token, charge = _start(tx, world, order)
    alipay.pay(db.get(Payment, charge.payment_id).checkout_id)
    with tx() as s:
        out = wallet_pay.cancel_qr(s, world.kiosk, token, charge.payment_id)
    assert out.paid
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.PAID


def test_only_this_kiosk_and_its_member_reach_the_payment(tx, world, alipay):
    order = _cny_order(tx, world)
    token, charge = _start(tx, world, order)
    with tx() as s:
        resident = world.resident
        stranger = f.actor(s, f.user(s, Role.RESIDENT, community_id=world.community_id))
    for who in (resident, stranger):  # not a kiosk account
        with pytest.raises(ServiceError), tx() as s:
            wallet_pay.check_qr(s, who, token, charge.payment_id)
        with pytest.raises(ServiceError), tx() as s:
            wallet_pay.cancel_qr(s, who, token, charge.payment_id)
        with pytest.raises(ServiceError), tx() as s:
            wallet_pay.start_qr(s, who, token, "order", order.id, "alipay", ORIGIN)
    with tx() as s:
        kiosk_session.end_member_session(s, world.kiosk, token)
    with pytest.raises(ServiceError, match="session has ended"), tx() as s:
        wallet_pay.check_qr(s, world.kiosk, token, charge.payment_id)


@pytest.fixture(scope="module")
def wechat_server() -> Iterator[WeChatServer]:
    with WeChatServer() as wx:
        yield wx


def test_wechat_pay_at_the_kiosk_scan_confirm_and_cancel(tx, db, world, monkeypatch, wechat_server, demo_provider):
    wx = wechat_server
    wx.trades.clear()
    for name, value in wx.environ().items():
        monkeypatch.setenv(name, value)
    token = _login(tx, world)
    with tx() as s:
        assert wallet_pay.offered(s, world.kiosk, "CNY") == ["wechatpay"]
    paid, dropped = _cny_order(tx, world), _cny_order(tx, world, total=990)
    with tx() as s:
        charge = wallet_pay.start_qr(s, world.kiosk, token, "order", paid.id, "wechatpay", ORIGIN)
    assert (str(charge.scan_text), str(charge.app_name), charge.amount) == ("Scan with WeChat to pay", "WeChat Pay",
                                                                           "CN¥25.00")
    out_trade_no = db.get(Payment, charge.payment_id).checkout_id
    assert wx.trades[out_trade_no].total == 2500
    with tx() as s:
        assert wallet_pay.check_qr(s, world.kiosk, token, charge.payment_id) is None
    wx.pay(out_trade_no)
    with tx() as s:
        assert wallet_pay.check_qr(s, world.kiosk, token, charge.payment_id).paid
    assert db.get(Order, paid.id, populate_existing=True).state == OrderState.PAID

    with tx() as s:
        other = wallet_pay.start_qr(s, world.kiosk, token, "order", dropped.id, "wechatpay", ORIGIN)
    with tx() as s:
        out = wallet_pay.cancel_qr(s, world.kiosk, token, other.payment_id)
    assert not out.paid and "Nothing was charged" in out.message
    assert db.get(Payment, other.payment_id, populate_existing=True).status == PaymentStatus.CANCELED
    [trade] = [t for t in wx.trades.values() if t.total == 990]
    assert trade.state == "CLOSED"  # WeChat closed the order: the code can no longer be paid
    with pytest.raises(ValueError):
        wx.pay(trade.out_trade_no)
