"""Paying on the web by phone wallet (issue 20): the pay page offers the wallets configured for the
payment's currency; choosing one makes a new attempt there (the card attempt given up first) and
its QR; "pay another way" goes back to the card; someone else's payment, a currency the wallet
does not take, or a paid payment are refused in words. The real python-alipay-sdk against the
local stand-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from community_hub.core.errors import NotFound, ServiceError
from community_hub.models import Role
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import hooks, hosted_checkout, intents, wallet_app_pay
from community_hub.payments.providers import registry
from tests import factories as f
from tests.wallet_apps.alipay_server import AlipayServer

ORIGIN = "http://localhost:3000"


@pytest.fixture(scope="module")
def server() -> Iterator[AlipayServer]:
    with AlipayServer() as alipay:
        yield alipay


@pytest.fixture
def alipay(server, demo, monkeypatch) -> Iterator[AlipayServer]:
    server.trades.clear()
    for key, value in server.environ().items():
        monkeypatch.setenv(key, value)
    registry.reset()
    registry.use_provider(demo)  # the card provider; Alipay is built from the settings above
    hooks.clear_hooks()
    yield server
    registry.reset()


@pytest.fixture
def people(tx):
    with tx() as db:
        c = f.community(db)
        shop = f.merchant(db)
        home = f.household(db, c.id)
        payer = f.user(db, Role.RESIDENT, community_id=c.id, household_id=home.id)
        other = f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id)
        return {"payer": f.actor(db, payer), "other": f.actor(db, other), "shop_id": shop.id}


def _start(tx, people, currency="CNY"):
    with tx() as db:
        return intents.start_payment(db, people["payer"], purpose="order:7", amount_minor=2500, currency=currency,
                                     payee=f"merchant:{people['shop_id']}", description="Order #7")


def test_choose_alipay_scan_the_qr_and_it_is_paid_then_nothing_more_is_offered(tx, db, people, alipay):
    card = _start(tx, people)
    assert card.provider == "demo" and wallet_app_pay.offered(db, people["payer"], card.id) == ["alipay"]
    with tx() as s:
        qr_attempt = wallet_app_pay.switch_to(s, people["payer"], card.id, "alipay")
    db.expire_all()
    assert (qr_attempt.provider, qr_attempt.attempt) == ("alipay", 2)
    assert db.get(Payment, card.id).status == PaymentStatus.CANCELED  # the card attempt gave up first
    assert wallet_app_pay.is_qr(db, people["payer"], qr_attempt.id)
    with tx() as s:
        qr = wallet_app_pay.qr_to_pay(s, people["payer"], qr_attempt.id, ORIGIN)
    assert qr.image.startswith("data:image/png;base64,") and qr.amount == "CN¥25.00" and qr.provider == "alipay"
    with tx() as s:
        assert wallet_app_pay.qr_to_pay(s, people["payer"], qr_attempt.id, ORIGIN).image == qr.image  # the same QR
    alipay.pay(db.get(Payment, qr_attempt.id).checkout_id)
    with tx() as s:
        hosted_checkout.refresh_checkout(s, people["payer"], qr_attempt.id)
    db.expire_all()
    assert db.get(Payment, qr_attempt.id).status == PaymentStatus.SUCCEEDED
    assert wallet_app_pay.offered(db, people["payer"], qr_attempt.id) == []
    with pytest.raises(ServiceError, match="cannot be paid now"), tx() as s:
        wallet_app_pay.switch_to(s, people["payer"], qr_attempt.id, "card")


def test_pay_another_way_goes_back_to_the_card(tx, db, people, alipay):
    card = _start(tx, people)
    with tx() as s:
        qr_attempt = wallet_app_pay.switch_to(s, people["payer"], card.id, "alipay")
    with tx() as s:
        wallet_app_pay.qr_to_pay(s, people["payer"], qr_attempt.id, ORIGIN)
    with tx() as s:
        again = wallet_app_pay.switch_to(s, people["payer"], qr_attempt.id, "card")
    assert (again.provider, again.attempt) == ("demo", 3)
    with tx() as s:
        intents.confirm_payment(s, people["payer"], again.id, "4242424242424242")
    db.expire_all()
    assert db.get(Payment, again.id).status == PaymentStatus.SUCCEEDED


def test_refusals_change_nothing(tx, db, people, alipay):
    dollars = _start(tx, people, currency="USD")
    assert wallet_app_pay.offered(db, people["payer"], dollars.id) == []
    with pytest.raises(ServiceError, match="Alipay cannot take this payment here"), tx() as s:
        wallet_app_pay.switch_to(s, people["payer"], dollars.id, "alipay")
    with pytest.raises(ServiceError, match="WeChat Pay cannot take this payment here"), tx() as s:
        wallet_app_pay.switch_to(s, people["payer"], dollars.id, "wechatpay")  # not configured here
    with pytest.raises(NotFound), tx() as s:
        wallet_app_pay.switch_to(s, people["other"], dollars.id, "card")
    db.expire_all()
    assert db.get(Payment, dollars.id).status == PaymentStatus.REQUIRES_PAYMENT
    assert wallet_app_pay.qr_to_pay(db, people["payer"], dollars.id, ORIGIN) is None  # a card attempt: no QR
