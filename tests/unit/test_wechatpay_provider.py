"""WeChat Pay (issue 20): the real `wechatpayv3` SDK against a local stand-in of WeChat Pay's APIv3
(tests/wallet_apps/wechat_server.py, its keys generated at start, its answers and notifications
signed as WeChat signs them, the notification's resource sealed AEAD_AES_256_GCM). A payment is paid
by scanning a QR; WeChat's notification moves our Payment row once through the one webhook path; a
replayed or forged notification changes nothing; refunds are one per key; the day's bill is read;
settings fail closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from community_hub.core.config import ConfigError
from community_hub.core.errors import ServiceError
from community_hub.models import Role
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.payments import (
    Payment,
    PaymentStatus,
    ProcessedWebhookEvent,
    Refund,
    RefundStatus,
)
from community_hub.payments import hooks, hosted_checkout, intents, refunds
from community_hub.payments.providers import registry
from community_hub.payments.providers.base import (
    ProviderRejected,
    ProviderUnavailable,
    WebhookSignatureError,
)
from community_hub.payments.providers.wallet_apps import WalletAppProvider
from community_hub.payments.providers.wechatpay import (
    WeChatPayProvider,
    from_environ,
    minor,
    parse_bill,
)
from community_hub.payments.webhooks import handle_event
from tests import factories as f
from tests.wallet_apps.wechat_server import CST, WeChatServer

ORIGIN = "http://localhost:3000"


@pytest.fixture(scope="module")
def server() -> Iterator[WeChatServer]:
    with WeChatServer() as wx:
        yield wx


@pytest.fixture
def wx(server) -> Iterator[WeChatServer]:
    server.trades.clear()
    server.requests.clear()
    server.down = False
    registry.reset()
    hooks.clear_hooks()
    registry.use_provider(from_environ(server.environ()))
    yield server
    registry.reset()


@pytest.fixture
def provider(wx) -> WeChatPayProvider:
    return registry.get_provider("wechatpay")


@pytest.fixture
def people(tx):
    with tx() as db:
        c = f.community(db)
        shop = f.merchant(db)
        payer = f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id)
        owner = f.user(db, Role.MERCHANT, merchant_id=shop.id)
        return {"payer": f.actor(db, payer), "shop": f.actor(db, owner), "shop_id": shop.id}


def _start(tx, people, amount=2500, currency="CNY"):
    with tx() as db:
        return intents.start_payment(db, people["payer"], purpose="order:7", amount_minor=amount, currency=currency,
                                     payee=f"merchant:{people['shop_id']}", description="Order #7 at Shop 1",
                                     provider_name="wechatpay")


def _open(tx, people, payment_id) -> str:
    with tx() as db:
        return hosted_checkout.open_checkout(db, people["payer"], payment_id, ORIGIN)


def _notify(tx, provider: WeChatPayProvider, sent: tuple[bytes, dict[str, str]]) -> tuple[int, str]:
    """What the notification route does: verify, apply in one transaction, answer WeChat."""
    body, headers = sent
    try:
        event = provider.parse_notification(body, {k.lower(): v for k, v in headers.items()})
    except WebhookSignatureError:
        return provider.notification_answer(False).http_status, "rejected"
    with tx() as db:
        result = handle_event(db, event)
    return provider.notification_answer(result.http_status == 200).http_status, result.status


def _row(db, payment_id) -> Payment:
    db.expire_all()
    return db.get(Payment, payment_id)


def _kinds(db):
    db.expire_all()
    return [t.kind for t in db.exec(select(LedgerTransaction).where(LedgerTransaction.reference == "order:7")
                                    .order_by(LedgerTransaction.id)).all()]


def test_the_payer_scans_the_qr_and_wechats_notification_pays_once(tx, db, people, wx, provider):
    payment = _start(tx, people)
    assert wx.requests == []
    qr = _open(tx, people, payment.id)
    assert qr.startswith("weixin://wxpay/bizpayurl?pr=")
    [(method, path, body)] = wx.requests
    out_trade_no = _row(db, payment.id).checkout_id
    assert (method, path) == ("POST", "/v3/pay/transactions/native") and body["out_trade_no"] == out_trade_no
    assert body["amount"] == {"total": 2500, "currency": "CNY"} and body["description"] == "Order #7 at Shop 1"
    assert body["notify_url"] == wx.environ()["WECHATPAY_NOTIFY_URL"]

    transaction_id = wx.pay(out_trade_no)
    sent = wx.notification(out_trade_no)
    assert _notify(tx, provider, sent) == (204, "processed")
    row = _row(db, payment.id)
    assert row.status == PaymentStatus.SUCCEEDED and row.captured_minor == 2500 and row.provider_id == transaction_id
    assert _kinds(db) == ["order_paid"]
    assert _notify(tx, provider, sent) == (204, "duplicate")  # replayed: acknowledged, nothing twice
    assert _kinds(db) == ["order_paid"] and _row(db, payment.id).captured_minor == 2500
    with pytest.raises(ServiceError, match="already been paid"):
        _open(tx, people, payment.id)


@pytest.mark.parametrize("how", ["signature", "tampered", "serial", "stale", "apiv3_key"])
def test_a_forged_notification_is_refused_and_changes_nothing(tx, db, people, wx, provider, how):
    payment = _start(tx, people)
    _open(tx, people, payment.id)
    out_trade_no = _row(db, payment.id).checkout_id
    wx.pay(out_trade_no)
    assert _notify(tx, provider, wx.forged_notification(out_trade_no, how)) == (500, "rejected")
    assert _row(db, payment.id).status == PaymentStatus.REQUIRES_PAYMENT and _kinds(db) == []
    assert db.exec(select(ProcessedWebhookEvent)).all() == []
    assert _notify(tx, provider, (b"{}", {})) == (500, "rejected")
    assert _notify(tx, provider, wx.notification(out_trade_no)) == (204, "processed")
    assert _row(db, payment.id).status == PaymentStatus.SUCCEEDED


def test_the_return_page_asks_wechat_when_the_notification_is_late(tx, db, people, wx):
    payment = _start(tx, people)
    _open(tx, people, payment.id)
    with tx() as s:
        assert hosted_checkout.refresh_checkout(s, people["payer"], payment.id).status == PaymentStatus.REQUIRES_PAYMENT
    wx.pay(_row(db, payment.id).checkout_id)
    with tx() as s:
        hosted_checkout.refresh_checkout(s, people["payer"], payment.id)
    assert _row(db, payment.id).status == PaymentStatus.SUCCEEDED and _kinds(db) == ["order_paid"]


def test_query_answers_unpaid_paid_and_closed(wx, provider):
    assert isinstance(provider, WalletAppProvider) and provider.qr_checkout and provider.currencies == {"CNY"}
    assert provider.notification_answer(True).http_status == 204
    made = provider.create_checkout(1234, "CNY", "k:1", {"hub_payment_id": "1"}, description="Bill",
                                    success_url="", cancel_url="")
    assert (made.status, made.payment_status, made.amount, made.currency) == ("open", "unpaid", 1234, "CNY")
    assert 6 <= len(made.id) <= 32 and wx.trades[made.id].total == 1234
    assert provider.retrieve_checkout(made.id).status == "open"
    assert provider.retrieve_checkout("hub" + "0" * 29).status == "expired"  # WeChat knows no such order
    assert provider.create_checkout(1234, "CNY", "k:1", {}, description="Bill", success_url="",
                                    cancel_url="").url == made.url  # the same key: the same order
    transaction_id = wx.pay(made.id)
    paid = provider.retrieve_checkout(made.id)
    assert (paid.status, paid.payment_status, paid.payment_id, paid.amount) == (
        "complete", "paid", transaction_id, 1234)
    got = provider.retrieve(transaction_id)
    assert (got.status, got.amount, got.amount_received, got.amount_refunded) == ("succeeded", 1234, 1234, 0)
    with pytest.raises(ProviderRejected, match="may still be paid"):  # a paid order is not closed
        provider.expire_checkout(made.id, "k:1:expire")

    other = provider.create_checkout(500, "CNY", "k:2", {}, description="Ad", success_url="", cancel_url="")
    closed = provider.expire_checkout(other.id, "k:2:expire")
    assert closed.status == "expired" and wx.trades[other.id].state == "CLOSED"
    assert provider.retrieve_checkout(other.id).status == "expired"
    with pytest.raises(ValueError):
        wx.pay(other.id)
    third = provider.create_checkout(700, "CNY", "k:3", {}, description="x", success_url="", cancel_url="")
    assert provider.cancel(third.id, "k:3:cancel").status == "canceled" and wx.trades[third.id].state == "CLOSED"
    with pytest.raises(ProviderRejected, match="scanning a QR code"):
        provider.transfer("acct", 100, "CNY", "t:1")
    with pytest.raises(ProviderRejected):
        provider.capture(transaction_id, "c:1")
    with pytest.raises(WebhookSignatureError):
        provider.parse_webhook(b"{}", "sig")

    wx.down = True
    with pytest.raises(ProviderUnavailable):
        provider.retrieve_checkout(made.id)


def test_refunds_full_and_partial_one_per_key(tx, db, people, wx, provider):
    payment = _start(tx, people)
    _open(tx, people, payment.id)
    out_trade_no = _row(db, payment.id).checkout_id
    transaction_id = wx.pay(out_trade_no)
    _notify(tx, provider, wx.notification(out_trade_no))

    with tx() as s:
        part = refunds.refund_payment(s, people["shop"], payment.id, 500, reason="one item missing")
    assert part.status == RefundStatus.SUCCEEDED
    trade = wx.trades[out_trade_no]
    [(refund_no, first)] = trade.refunds.items()
    assert first.amount == 500 and part.provider_refund_id == first.refund_id
    again = provider.refund(transaction_id, part.idempotency_key, 500)  # a retry with its key: still one
    assert (again.id, again.status) == (first.refund_id, "succeeded") and len(trade.refunds) == 1
    assert provider.refund_query(refund_no).amount == 500
    assert _notify(tx, provider, wx.refund_notification(refund_no)) == (204, "processed")
    assert _row(db, payment.id).refunded_minor == 500
    with pytest.raises(ProviderRejected, match="more than is left"):
        provider.refund(transaction_id, "too:much", 2001)

    with tx() as s:
        rest = refunds.refund_payment(s, people["shop"], payment.id)
    assert rest.amount_minor == 2000 and rest.status == RefundStatus.SUCCEEDED
    assert trade.refunded == 2500 and provider.retrieve(transaction_id).amount_refunded == 2500
    row = _row(db, payment.id)
    assert row.status == PaymentStatus.REFUNDED and row.refunded_minor == 2500
    assert len(db.exec(select(Refund).where(Refund.payment_id == payment.id)).all()) == 2


def test_the_days_bill_lists_payments_and_refunds(wx, provider):
    yesterday = datetime.now(CST).replace(microsecond=0) - timedelta(days=1)
    a = provider.create_checkout(1999, "CNY", "bill:1", {}, description="Bill 1", success_url="", cancel_url="")
    b = provider.create_checkout(30000, "CNY", "bill:2", {}, description="Bill 2", success_url="", cancel_url="")
    trade_a = wx.pay(a.id, at=yesterday)
    trade_b = wx.pay(b.id, at=yesterday)
    refund = provider.refund(trade_b, "bill:2:refund:1", 10001)
    [made] = wx.trades[b.id].refunds.values()
    made.at = yesterday
    lines = provider.bill_lines(yesterday.date())
    assert sorted((x.kind, x.out_trade_no, x.provider_id, x.amount, x.fee, x.refund_id) for x in lines) == sorted([
        ("payment", a.id, trade_a, 1999, 11, None),
        ("payment", b.id, trade_b, 30000, 180, None),
        ("refund", b.id, trade_b, 10001, 60, refund.id),
    ])
    assert {x.currency for x in lines} == {"CNY"} and {x.at for x in lines} == {yesterday.astimezone(UTC)}
    with pytest.raises(ProviderRejected, match="no statement"):
        provider.bill_lines(datetime.now(CST).date())


def test_bill_amounts_are_exact_fen_never_float():
    assert [minor("¥12.34"), minor("`0.01"), minor("12.34"), minor("1,000.00"), minor("-0.60")] == [
        1234, 1, 1234, 100000, -60]
    for bad in ("12.345", "abc", "NaN", ""):
        with pytest.raises(ValueError):
            minor(bad)
    with pytest.raises(ValueError):
        parse_bill("not a bill\r\n")


def test_a_missing_setting_fails_closed(server, monkeypatch):
    registry.reset()
    for name, value in server.environ().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("WECHATPAY_APIV3_KEY")
    monkeypatch.setenv("WECHATPAY_PUBLIC_KEY_ID", " ")
    with pytest.raises(ConfigError, match="WeChat Pay is not configured: set WECHATPAY_APIV3_KEY, "
                                          "WECHATPAY_PUBLIC_KEY_ID"):
        registry.get_provider("wechatpay")
    assert "wechatpay" not in registry.configured_wallet_apps()
    monkeypatch.setenv("WECHATPAY_APIV3_KEY", server.apiv3_key)
    monkeypatch.setenv("WECHATPAY_PUBLIC_KEY_ID", server.public_key_id)
    monkeypatch.setenv("WECHATPAY_PRIVATE_KEY", "not a key")
    with pytest.raises(ConfigError, match="WECHATPAY_PRIVATE_KEY"):
        registry.get_provider("wechatpay")
    monkeypatch.setenv("WECHATPAY_PRIVATE_KEY", server.merchant_private_key_pem)
    assert "wechatpay" in registry.configured_wallet_apps()
    built = registry.get_provider("wechatpay")
    assert isinstance(built, WeChatPayProvider) and built.create_checkout(
        100, "CNY", "cfg:1", {}, description="x", success_url="", cancel_url="").url.startswith("weixin://")
    registry.reset()


def test_another_currency_is_refused_in_words(tx, db, people, wx, provider):
    with pytest.raises(ProviderRejected, match=r"Chinese yuan \(CNY\) only, not in USD"):
        provider.create_checkout(1000, "usd", "usd:1", {}, description="x", success_url="", cancel_url="")
    payment = _start(tx, people, currency="USD")
    with pytest.raises(ServiceError, match=r"Chinese yuan \(CNY\) only, not in USD"):
        _open(tx, people, payment.id)
    assert wx.requests == []
