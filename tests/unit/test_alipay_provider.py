"""Alipay (issue 20): the real `python-alipay-sdk` against a local stand-in of Alipay's gateway
(tests/wallet_apps/alipay_server.py, its keys generated at start, its answers and notifications
signed RSA2 as Alipay signs them). A payment is paid by scanning a QR; Alipay's notification moves
our Payment row once through the one webhook path; a replayed or forged notification changes
nothing; refunds are one per key; the day's bill is read; settings fail closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

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
from community_hub.payments.providers.alipay import AlipayProvider, from_environ, minor, yuan
from community_hub.payments.providers.base import (
    ProviderRejected,
    ProviderUnavailable,
    WebhookSignatureError,
)
from community_hub.payments.providers.wallet_apps import NotificationAnswer, WalletAppProvider
from community_hub.payments.webhooks import handle_event
from tests import factories as f
from tests.wallet_apps.alipay_server import CST, AlipayServer

ORIGIN = "http://localhost:3000"  # the app's own address (config.allowed_origins)


@pytest.fixture(scope="module")
def server() -> Iterator[AlipayServer]:
    with AlipayServer() as alipay:  # RSA keys take a moment: one server for the module
        yield alipay


@pytest.fixture
def alipay(server) -> Iterator[AlipayServer]:
    server.trades.clear()
    server.requests.clear()
    server.down = server.lose_answers = False
    registry.reset()
    hooks.clear_hooks()  # no order behind "order:7": the payment alone is what is checked
    registry.use_provider(from_environ(server.environ()))
    yield server
    registry.reset()


@pytest.fixture
def provider(alipay) -> AlipayProvider:
    return registry.get_provider("alipay")


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
                                     provider_name="alipay")


def _open(tx, people, payment_id) -> str:
    with tx() as db:
        return hosted_checkout.open_checkout(db, people["payer"], payment_id, ORIGIN)


def _notify(tx, provider: AlipayProvider, body: bytes) -> tuple[bytes, str]:
    """What the notification route does: verify, apply in one transaction, answer Alipay."""
    try:
        event = provider.parse_notification(body, {"content-type": "application/x-www-form-urlencoded"})
    except WebhookSignatureError:
        return provider.notification_answer(False).body, "rejected"
    with tx() as db:
        result = handle_event(db, event)
    return provider.notification_answer(result.http_status == 200).body, result.status


def _row(db, payment_id) -> Payment:
    db.expire_all()
    return db.get(Payment, payment_id)


def _kinds(db):
    db.expire_all()
    return [t.kind for t in db.exec(select(LedgerTransaction).where(LedgerTransaction.reference == "order:7")
                                    .order_by(LedgerTransaction.id)).all()]


def test_the_payer_scans_the_qr_and_alipays_notification_pays_once(tx, db, people, alipay, provider):
    payment = _start(tx, people)
    assert alipay.requests == []  # nothing asked of Alipay before Pay
    qr = _open(tx, people, payment.id)
    assert qr.startswith("https://qr.alipay.com/")
    [(method, biz)] = alipay.requests
    out_trade_no = _row(db, payment.id).checkout_id
    assert method == "alipay.trade.precreate" and biz["out_trade_no"] == out_trade_no
    assert biz["total_amount"] == "25.00" and biz["subject"] == "Order #7 at Shop 1"
    assert alipay.trades[out_trade_no].notify_url == alipay.environ()["ALIPAY_NOTIFY_URL"]
    assert _open(tx, people, payment.id) == qr  # Pay again while it is open: the same QR

    trade_no = alipay.pay(out_trade_no)
    body = alipay.notification(out_trade_no)
    assert _notify(tx, provider, body) == (b"success", "processed")
    row = _row(db, payment.id)
    assert row.status == PaymentStatus.SUCCEEDED and row.captured_minor == 2500 and row.provider_id == trade_no
    assert _kinds(db) == ["order_paid"]
    # Alipay sends it again (or someone replays it): acknowledged, nothing twice.
    assert _notify(tx, provider, body) == (b"success", "duplicate")
    assert _kinds(db) == ["order_paid"] and _row(db, payment.id).captured_minor == 2500
    with pytest.raises(ServiceError, match="already been paid"):
        _open(tx, people, payment.id)


@pytest.mark.parametrize("how", ["signature", "tampered", "app_id", "amount", "stale"])
def test_a_forged_notification_is_refused_and_changes_nothing(tx, db, people, alipay, provider, how):
    payment = _start(tx, people)
    _open(tx, people, payment.id)
    out_trade_no = _row(db, payment.id).checkout_id
    alipay.pay(out_trade_no)
    assert _notify(tx, provider, alipay.forged_notification(out_trade_no, how)) == (b"fail", "rejected")
    assert _row(db, payment.id).status == PaymentStatus.REQUIRES_PAYMENT and _kinds(db) == []
    assert db.exec(select(ProcessedWebhookEvent)).all() == []
    assert _notify(tx, provider, b"not=a&form") == (b"fail", "rejected")
    # Alipay's own notification still pays it.
    assert _notify(tx, provider, alipay.notification(out_trade_no)) == (b"success", "processed")
    assert _row(db, payment.id).status == PaymentStatus.SUCCEEDED


def test_the_return_page_asks_alipay_when_the_notification_is_late(tx, db, people, alipay):
    payment = _start(tx, people)
    _open(tx, people, payment.id)
    with tx() as s:  # not scanned yet: Alipay knows no trade, the payment stays open
        assert hosted_checkout.refresh_checkout(s, people["payer"], payment.id).status == PaymentStatus.REQUIRES_PAYMENT
    alipay.pay(_row(db, payment.id).checkout_id)
    with tx() as s:
        hosted_checkout.refresh_checkout(s, people["payer"], payment.id)
    assert _row(db, payment.id).status == PaymentStatus.SUCCEEDED and _kinds(db) == ["order_paid"]


def test_a_closed_order_keeps_the_payment_open_and_the_next_pay_makes_a_new_qr(tx, db, people, alipay, provider):
    payment = _start(tx, people)
    first = _open(tx, people, payment.id)
    out_trade_no = _row(db, payment.id).checkout_id
    alipay.time_out(out_trade_no)
    assert _notify(tx, provider, alipay.notification(out_trade_no)) == (b"success", "processed")
    row = _row(db, payment.id)
    assert row.status == PaymentStatus.REQUIRES_PAYMENT and row.checkout_id is None
    second = _open(tx, people, payment.id)
    assert second != first and _row(db, payment.id).checkout_id != out_trade_no


def test_query_answers_unpaid_paid_and_closed(alipay, provider):
    assert isinstance(provider, WalletAppProvider) and provider.qr_checkout and provider.currencies == {"CNY"}
    assert provider.notification_answer(True) == NotificationAnswer(200, "text/plain; charset=utf-8", b"success")
    assert provider.notification_answer(False).body == b"fail"
    made = provider.create_checkout(1234, "CNY", "k:1", {"hub_payment_id": "1"}, description="Bill",
                                    success_url="", cancel_url="")
    assert (made.status, made.payment_status, made.amount, made.currency) == ("open", "unpaid", 1234, "CNY")
    assert provider.retrieve_checkout(made.id).status == "open"  # not scanned: ACQ.TRADE_NOT_EXIST
    assert provider.create_checkout(1234, "CNY", "k:1", {}, description="Bill", success_url="",
                                    cancel_url="").url == made.url  # the same key: the same order
    alipay.scan(made.id)
    scanned = provider.retrieve_checkout(made.id)
    assert (scanned.status, scanned.payment_status, scanned.payment_id) == ("open", "unpaid", None)
    trade_no = alipay.pay(made.id)
    paid = provider.retrieve_checkout(made.id)
    assert (paid.status, paid.payment_status, paid.payment_id, paid.amount) == ("complete", "paid", trade_no, 1234)
    assert provider.retrieve(trade_no).status == "succeeded"
    with pytest.raises(ProviderRejected):  # a paid order is not closed
        provider.expire_checkout(made.id, "k:1:expire")

    other = provider.create_checkout(500, "CNY", "k:2", {}, description="Ad", success_url="", cancel_url="")
    with pytest.raises(ProviderRejected, match="may still be paid"):  # never scanned: Alipay cannot close it
        provider.expire_checkout(other.id, "k:2:expire")
    alipay.scan(other.id)
    closed = provider.expire_checkout(other.id, "k:2:expire")
    assert closed.status == "expired" and alipay.trades[other.id].status == "TRADE_CLOSED"
    assert provider.retrieve_checkout(other.id).status == "expired"
    with pytest.raises(ValueError):
        alipay.pay(other.id)

    alipay.down = True
    with pytest.raises(ProviderUnavailable):
        provider.retrieve_checkout(made.id)


def test_refunds_full_and_partial_one_per_key(tx, db, people, alipay, provider):
    payment = _start(tx, people)
    _open(tx, people, payment.id)
    out_trade_no = _row(db, payment.id).checkout_id
    trade_no = alipay.pay(out_trade_no)
    _notify(tx, provider, alipay.notification(out_trade_no))

    with tx() as s:
        part = refunds.refund_payment(s, people["shop"], payment.id, 500, reason="one item missing")
    assert part.status == RefundStatus.SUCCEEDED
    trade = alipay.trades[out_trade_no]
    [(request_no, first)] = trade.refunds.items()
    assert first.amount == Decimal("5.00") and part.provider_refund_id == request_no
    # The same refund asked again with its key (a retry after a timeout): still one refund.
    again = provider.refund(trade_no, part.idempotency_key, 500)
    assert (again.id, again.status) == (request_no, "succeeded") and len(trade.refunds) == 1
    # Alipay's notification of it changes nothing more.
    assert _notify(tx, provider, alipay.refund_notification(out_trade_no, request_no)) == (b"success", "processed")
    assert _row(db, payment.id).refunded_minor == 500
    with pytest.raises(ProviderRejected, match="more than is left"):
        provider.refund(trade_no, "too:much", 2001)

    with tx() as s:
        rest = refunds.refund_payment(s, people["shop"], payment.id)  # all that is left
    assert rest.amount_minor == 2000 and rest.status == RefundStatus.SUCCEEDED
    assert trade.refunded == Decimal("25.00") and trade.status == "TRADE_CLOSED"
    row = _row(db, payment.id)
    assert row.status == PaymentStatus.REFUNDED and row.refunded_minor == 2500
    assert len(db.exec(select(Refund).where(Refund.payment_id == payment.id)).all()) == 2
    with pytest.raises(ProviderRejected, match="no longer refund"):
        provider.refund(trade_no, "another:key", 1)


def test_a_qr_whose_answer_was_lost_is_asked_again_as_the_same_order(tx, db, people, alipay):
    payment = _start(tx, people)
    alipay.lose_answers = True
    with pytest.raises(ServiceError, match="not answering"):
        _open(tx, people, payment.id)
    alipay.lose_answers = False
    qr = _open(tx, people, payment.id)
    [trade] = alipay.trades.values()  # one order at Alipay, made from the same key
    assert qr == trade.qr_code and _row(db, payment.id).checkout_id == trade.out_trade_no


def test_a_refund_whose_answer_was_lost_is_sent_again_and_made_once(tx, db, people, alipay, provider):
    payment = _start(tx, people)
    _open(tx, people, payment.id)
    out_trade_no = _row(db, payment.id).checkout_id
    alipay.pay(out_trade_no)
    _notify(tx, provider, alipay.notification(out_trade_no))
    alipay.lose_answers = True  # Alipay refunds, but its answer never arrives
    with pytest.raises(ServiceError, match="not answering"), tx() as s:
        refunds.refund_payment(s, people["shop"], payment.id, 700)
    [pending] = db.exec(select(Refund).where(Refund.payment_id == payment.id)).all()
    assert pending.status == RefundStatus.PENDING and len(alipay.trades[out_trade_no].refunds) == 1
    alipay.lose_answers = False
    with tx() as s:  # pressed again: the same request number; Alipay says the money moved before
        again = refunds.refund_payment(s, people["shop"], payment.id, 700)
    assert again.id == pending.id and again.status == RefundStatus.SUCCEEDED
    assert alipay.trades[out_trade_no].refunded == Decimal("7.00") and _row(db, payment.id).refunded_minor == 700
    assert [m for m, _ in alipay.requests[-2:]] == ["alipay.trade.refund", "alipay.trade.fastpay.refund.query"]


def test_the_days_bill_lists_payments_and_refunds(alipay, provider):
    yesterday = datetime.now(CST).replace(microsecond=0) - timedelta(days=1)
    a = provider.create_checkout(1999, "CNY", "bill:1", {}, description="Bill 1", success_url="", cancel_url="")
    b = provider.create_checkout(30000, "CNY", "bill:2", {}, description="Bill 2", success_url="", cancel_url="")
    trade_a = alipay.pay(a.id, at=yesterday)
    trade_b = alipay.pay(b.id, at=yesterday)
    refund = provider.refund(trade_b, "bill:2:refund:1", 10001)
    alipay.trades[b.id].refunds[refund.id].at = yesterday  # made on the same day
    lines = provider.bill_lines(yesterday.date())
    assert sorted((x.kind, x.out_trade_no, x.provider_id, x.amount, x.fee, x.refund_id) for x in lines) == sorted([
        ("payment", a.id, trade_a, 1999, 12, None),
        ("payment", b.id, trade_b, 30000, 180, None),
        ("refund", b.id, trade_b, 10001, 60, refund.id),
    ])
    assert {x.currency for x in lines} == {"CNY"}
    assert {x.at for x in lines} == {yesterday.astimezone(UTC)}
    with pytest.raises(ProviderRejected, match="no statement"):  # today's bill is not made yet
        provider.bill_lines(datetime.now(CST).date())


def test_a_missing_setting_fails_closed(server, monkeypatch):
    registry.reset()
    for name, value in server.environ().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ALIPAY_PUBLIC_KEY")
    monkeypatch.setenv("ALIPAY_NOTIFY_URL", " ")
    with pytest.raises(ConfigError, match="ALIPAY_PUBLIC_KEY, ALIPAY_NOTIFY_URL"):
        registry.get_provider("alipay")
    assert "alipay" not in registry.configured_wallet_apps()
    monkeypatch.setenv("ALIPAY_PUBLIC_KEY", "not a key")
    monkeypatch.setenv("ALIPAY_NOTIFY_URL", "https://hub.example/api/webhooks/alipay")
    with pytest.raises(ConfigError, match="ALIPAY_PUBLIC_KEY"):
        registry.get_provider("alipay")
    monkeypatch.setenv("ALIPAY_PUBLIC_KEY", server.alipay_public_key_pem)
    assert "alipay" in registry.configured_wallet_apps()
    built = registry.get_provider("alipay")
    assert isinstance(built, AlipayProvider) and built.create_checkout(
        100, "CNY", "cfg:1", {}, description="x", success_url="", cancel_url="").url.startswith("https://qr.alipay")
    registry.reset()


def test_another_currency_is_refused_in_words(tx, db, people, alipay, provider):
    with pytest.raises(ProviderRejected, match=r"Chinese yuan \(CNY\) only, not in USD"):
        provider.create_checkout(1000, "usd", "usd:1", {}, description="x", success_url="", cancel_url="")
    payment = _start(tx, people, currency="USD")
    with pytest.raises(ServiceError, match=r"Chinese yuan \(CNY\) only, not in USD"):
        _open(tx, people, payment.id)
    assert alipay.requests == []


def test_amounts_are_exact_yuan_never_float():
    assert [yuan(1), yuan(1234), yuan(100000)] == ["0.01", "12.34", "1000.00"]
    assert [minor("0.01"), minor("12.34"), minor("-3.10"), minor("7")] == [1, 1234, -310, 700]
    for bad in ("12.345", "abc", "NaN", ""):
        with pytest.raises(ValueError):
            minor(bad)


def test_another_worker_shows_the_same_qr_and_an_old_qr_paid_still_pays(tx, db, people, alipay):
    """Alipay's query does not repeat the QR. A worker that did not make the order shows the QR on
    record (not a second order to pay); and if an earlier QR of the payment is paid after a newer
    one was made, the money is recorded for the payment, not dropped as "not its current page"."""
    payment = _start(tx, people)
    qr = _open(tx, people, payment.id)
    first = _row(db, payment.id).checkout_id
    registry.reset()  # another worker: a provider that never saw this order
    registry.use_provider(from_environ(alipay.environ()))
    assert _open(tx, people, payment.id) == qr and len(alipay.trades) == 1
    with tx() as s:  # the page was replaced meanwhile (its time was up), while the payer still had it open
        row = s.get(Payment, payment.id)
        row.checkout_id, row.checkout_url = None, None
        s.add(row)
    assert _open(tx, people, payment.id) != qr and len(alipay.trades) == 2
    trade_no = alipay.pay(first)
    provider = registry.get_provider("alipay")
    assert _notify(tx, provider, alipay.notification(first)) == (b"success", "processed")
    row = _row(db, payment.id)
    assert (row.status, row.provider_id, row.checkout_id) == (PaymentStatus.SUCCEEDED, trade_no, first)
    assert _kinds(db) == ["order_paid"]
