"""POST /api/payments/notify/{provider} (issue 20): WeChat Pay's and Alipay's notifications reach
the app over HTTP, verified by the real SDKs against the local stand-ins' keys, applied once, and
answered in each provider's own words; a forged one changes nothing; an unknown provider is 404."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from community_hub.core.config import load_settings, override_settings
from community_hub.core.db import session_scope
from community_hub.models import Role
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import hooks, hosted_checkout, intents
from community_hub.payments.providers import registry
from tests import factories as f
from tests.wallet_apps.alipay_server import AlipayServer
from tests.wallet_apps.wechat_server import WeChatServer

ORIGIN = "http://localhost:3000"


@pytest.fixture(scope="module")
def servers() -> Iterator[dict]:
    with AlipayServer() as alipay, WeChatServer() as wechat:
        yield {"alipay": alipay, "wechatpay": wechat}


@pytest.fixture
def app(engine, servers, monkeypatch) -> Iterator[TestClient]:
    from community_hub.api.app import build_api

    for server in servers.values():
        server.trades.clear()  # one stand-in for the module; each test's orders are its own
        for key, value in server.environ().items():
            monkeypatch.setenv(key, value)
    url = engine.url.render_as_string(hide_password=False)
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "test-secret", "REFLEX_DB_URL": url}))
    registry.reset()
    hooks.clear_hooks()  # no order behind "order:7": the payment alone is what is checked
    with TestClient(build_api()) as client:
        yield client
    registry.reset()


def _paid_at_the_provider(engine, provider: str, server) -> tuple[int, str]:
    with session_scope(engine) as db:
        c = f.community(db)
        shop = f.merchant(db)
        payer = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id))
        payment = intents.start_payment(db, payer, purpose="order:7", amount_minor=2500, currency="CNY",
                                        payee=f"merchant:{shop.id}", description="Order #7", provider_name=provider)
        pid = payment.id
    with session_scope(engine) as db:
        hosted_checkout.open_checkout(db, payer, pid, ORIGIN)
    with session_scope(engine) as db:
        out_trade_no = db.get(Payment, pid).checkout_id
    server.pay(out_trade_no)
    return pid, out_trade_no


def _status(engine, pid: int) -> str:
    with session_scope(engine) as db:
        return db.get(Payment, pid).status


def _post(app, provider: str, note) -> tuple[int, bytes]:
    body, headers = note if isinstance(note, tuple) else (note, {"content-type": "application/x-www-form-urlencoded"})
    answer = app.post(f"/api/payments/notify/{provider}", content=body, headers=headers)
    return answer.status_code, answer.content


@pytest.mark.parametrize("provider", ["alipay", "wechatpay"])
def test_a_notification_pays_once_and_a_forged_one_changes_nothing(app, engine, servers, provider):
    server = servers[provider]
    pid, out_trade_no = _paid_at_the_provider(engine, provider, server)
    forged = server.forged_notification(out_trade_no, "signature")
    status, body = _post(app, provider, forged)
    assert (status, body) == ((200, b"fail") if provider == "alipay" else (500, body)) and _status(engine, pid) == \
        PaymentStatus.REQUIRES_PAYMENT
    good = server.notification(out_trade_no)
    assert _post(app, provider, good)[0] in (200, 204)
    assert _status(engine, pid) == PaymentStatus.SUCCEEDED
    assert _post(app, provider, good)[0] in (200, 204)  # sent again: acknowledged, nothing twice
    with session_scope(engine) as db:
        assert db.get(Payment, pid).captured_minor == 2500


def test_an_unknown_provider_is_not_found(app):
    assert app.post("/api/payments/notify/paypal", content=b"x").status_code == 404
