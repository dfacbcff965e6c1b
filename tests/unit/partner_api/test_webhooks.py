"""Webhooks (issue 19): a shop registers a receiver (secret shown once), each order event is
written as a delivery with the change, and a real local receiver that fails, goes down and comes
back gets every event exactly once per id, in order, signed so the `standardwebhooks` library
verifies it; a forged or replayed signature fails that library; an endpoint failing for 3 days is
turned off and its shop told; "resend" sends again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from community_hub.core.config import load_settings, override_settings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.marketplace import cart, checkout, orders
from community_hub.models import Merchant, OutboxMessage
from community_hub.models.base import utcnow
from community_hub.models.partner_api import WebhookDelivery, WebhookEndpoint
from community_hub.partner_api import webhook_delivery, webhooks
from tests.unit.partner_api.receiver import Receiver
from tests.unit.shopping.steps import pay


@pytest.fixture
def receiver():
    r = Receiver()
    r.start()
    yield r
    r.stop()


def _register(tx, shop, receiver, types=None):
    with tx() as db:
        new = webhooks.register_endpoint(db, shop["owner"], shop["merchant"], receiver.url, types)
    receiver.secret = new.secret
    return new


def _order_moves(tx, shop) -> int:
    with tx() as db:
        cart.add_to_cart(db, shop["resident"], shop["product"], 1)
        oid = checkout.place_order(db, shop["resident"], shop["merchant"], idempotency_key="webhook-order-1",
                                   payment_method="card", address="A-1").id
    pay(tx, shop["resident"], oid)
    with tx() as db:
        orders.accept_order(db, shop["owner"], oid)
    return oid


def test_a_receiver_that_fails_and_goes_down_gets_each_event_once_in_order(tx, db, engine, shop, receiver):
    new = _register(tx, shop, receiver)
    assert new.secret.startswith("whsec_") and len(new.secret) > 40
    _order_moves(tx, shop)
    m = shop["merchant"]
    receiver.plan = [500, 503]
    t0 = utcnow()
    assert webhook_delivery.deliver_due(engine, now=t0) == 1  # 500
    assert webhook_delivery.deliver_due(engine, now=t0 + timedelta(seconds=2)) == 0  # waits 5 s
    assert webhook_delivery.deliver_due(engine, now=t0 + timedelta(seconds=10)) == 1  # 503
    receiver.stop()  # the receiver goes down
    assert webhook_delivery.deliver_due(engine, now=t0 + timedelta(minutes=10)) == 1  # refused connection
    receiver.start()  # and comes back
    sent = [webhook_delivery.deliver_due(engine, now=t0 + timedelta(hours=1, minutes=n)) for n in range(5)]
    assert sent == [1, 1, 1, 0, 0]  # one at a time per endpoint, oldest first, then nothing left
    assert receiver.accepted == [f"evt_{m}_1", f"evt_{m}_2", f"evt_{m}_3"]
    assert receiver.refused_signatures == 0
    first = db.exec(select(WebhookDelivery).order_by(WebhookDelivery.seq)).first()
    with tx() as s:
        log = webhooks.attempts(s, shop["owner"], first.id)
        assert [a.status_code for a in log] == [500, 503, None, 200] and "Connect" in log[2].error
    body, headers = receiver.last
    assert Webhook(new.secret).verify(body, headers)["type"] == "order.status_changed"
    with pytest.raises(WebhookVerificationError):  # forged: the body changed after signing
        Webhook(new.secret).verify(body.replace(b"accepted", b"refunded"), headers)
    with pytest.raises(WebhookVerificationError):  # signed with another secret
        Webhook(webhooks.new_secret()).verify(body, headers)
    with tx() as s:
        endpoint = s.get(WebhookEndpoint, new.endpoint.id)
        old = webhook_delivery.signed_headers(endpoint, headers["webhook-id"], body, utcnow() - timedelta(minutes=10))
    with pytest.raises(WebhookVerificationError, match="too old"):  # a replay of an old delivery
        Webhook(new.secret).verify(body, old)


def test_an_endpoint_failing_for_three_days_is_turned_off_and_its_shop_told(tx, db, engine, shop, receiver):
    new = _register(tx, shop, receiver, ["order.paid"])
    _order_moves(tx, shop)  # only order.paid is asked for
    receiver.plan = [500] * 20
    t0 = utcnow()
    assert webhook_delivery.deliver_due(engine, now=t0) == 1
    assert webhook_delivery.deliver_due(engine, now=t0 + timedelta(days=3, seconds=1)) == 1
    endpoint = db.get(WebhookEndpoint, new.endpoint.id)
    db.refresh(endpoint)
    assert not endpoint.enabled and endpoint.disabled_reason == "failing for 3 days"
    delivery = db.exec(select(WebhookDelivery)).one()
    assert delivery.status == "failed" and delivery.attempts == 2
    shop_name = db.get(Merchant, shop["merchant"]).name
    told = db.exec(select(OutboxMessage).where(OutboxMessage.template == "webhook_disabled")).all()
    assert [m.user_id for m in told] == [shop["owner"].user_id] and shop_name in told[0].body
    assert webhook_delivery.deliver_due(engine, now=t0 + timedelta(days=4)) == 0
    with pytest.raises(ServiceError, match="Turn the endpoint on again"), tx() as s:
        webhooks.resend(s, shop["owner"], delivery.id)
    receiver.plan = []
    with tx() as s:
        webhooks.enable_endpoint(s, shop["owner"], new.endpoint.id)
        webhooks.resend(s, shop["owner"], delivery.id)
    assert webhook_delivery.deliver_due(engine) == 1
    assert receiver.accepted == [f"evt_{shop['merchant']}_2"]


def test_a_rotated_secret_signs_with_both_for_a_day(tx, engine, shop, receiver):
    new = _register(tx, shop, receiver)
    with tx() as s:
        fresh = webhooks.rotate_secret(s, shop["owner"], new.endpoint.id)
    _order_moves(tx, shop)
    webhook_delivery.deliver_due(engine)
    body, headers = receiver.last  # the receiver still verifies with the old secret
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert Webhook(fresh).verify(body, headers) and Webhook(new.secret).verify(body, headers)


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://example.com/hook", "starts with https://"),
    ("https://user:pw@example.com/hook", "no user name or password"),
    ("http://127.0.0.1:3000/api/health", "cannot point at this app"),
    ("http://localhost:3000/x", "cannot point at this app"),
    ("https://" + "a" * 500 + ".com", "at most 500"),
])
def test_where_a_webhook_may_not_point(tx, db, shop, url, message):
    with pytest.raises(ServiceError, match=message), tx() as s:
        webhooks.register_endpoint(s, shop["owner"], shop["merchant"], url)
    assert db.exec(select(WebhookEndpoint)).all() == []


def test_outside_demo_mode_only_https_to_public_addresses(tx, shop):
    override_settings(load_settings({"HUB_DEMO_MODE": "0", "HUB_SECRET_KEY": "x" * 40, "HUB_PAYMENT_PROVIDER": "stripe",
                                     "STRIPE_SECRET_KEY": "sk", "STRIPE_WEBHOOK_SECRET": "wh",
                                     "HUB_SMTP_URL": "smtp://127.0.0.1:25"}))
    for url in ("http://example.com/hook", "https://127.0.0.1:9999/hook", "https://10.1.2.3/hook",
                "https://169.254.169.254/latest/meta-data"):
        with pytest.raises(ServiceError), tx() as s:
            webhooks.register_endpoint(s, shop["owner"], shop["merchant"], url)


def test_only_the_shop_sees_and_changes_its_endpoints(tx, shop, receiver):
    new = _register(tx, shop, receiver)
    for step in (lambda s: webhooks.remove_endpoint(s, shop["rival"], new.endpoint.id),
                 lambda s: webhooks.deliveries(s, shop["rival"], new.endpoint.id),
                 lambda s: webhooks.rotate_secret(s, shop["resident"], new.endpoint.id)):
        with pytest.raises(NotFound), tx() as s:
            step(s)
    with pytest.raises(ServiceError, match="Unknown events: order.eaten"), tx() as s:
        webhooks.register_endpoint(s, shop["owner"], shop["merchant"], receiver.url, ["order.eaten"])


def test_a_test_event_goes_to_that_endpoint_only_and_not_into_the_replay(tx, db, engine, shop, receiver):
    new = _register(tx, shop, receiver)
    with tx() as s:
        other = webhooks.register_endpoint(s, shop["owner"], shop["merchant"], receiver.url + "/other")
        webhooks.send_test(s, shop["owner"], new.endpoint.id)
    receiver.secrets["/hooks/other"] = other.secret
    assert webhook_delivery.deliver_due(engine) == 1
    body, headers = receiver.last
    assert Webhook(new.secret).verify(body, headers)["type"] == "webhook.test"
    assert receiver.accepted_at == [("/hooks", f"evt_{shop['merchant']}_1")]
    with tx() as s:
        from community_hub.partner_api import keys
        from community_hub.partner_api.events import events_after
        key = keys.create_key(s, shop["owner"], shop["merchant"], name="Reader", scopes=["orders:read"])
        who = keys.authenticate(s, key.secret)
        assert events_after(s, who, 0) == []
    with tx() as s:
        webhooks.remove_endpoint(s, shop["owner"], new.endpoint.id)
    with pytest.raises(ServiceError, match="Turn the endpoint on again"), tx() as s:
        webhooks.send_test(s, shop["owner"], new.endpoint.id)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # one database: it waits out a timeout
def test_a_receiver_that_times_out_is_retried_and_holds_up_no_other(tx, db, engine, shop, receiver):
    slow = Receiver()
    slow.delay = webhook_delivery.TIMEOUT + 1
    slow.start()
    try:
        with tx() as s:
            stuck = webhooks.register_endpoint(s, shop["owner"], shop["merchant"], slow.url, ["order.created"])
            quick = webhooks.register_endpoint(s, shop["owner"], shop["merchant"], receiver.url, ["order.created"])
        slow.secret, receiver.secret = stuck.secret, quick.secret
        _order_moves(tx, shop)
        started = utcnow()
        assert webhook_delivery.deliver_due(engine) == 2  # both posted at once, on threads of the pass
        assert (utcnow() - started).total_seconds() < webhook_delivery.TIMEOUT + 5
        assert receiver.accepted == [f"evt_{shop['merchant']}_1"]
        late = db.exec(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == stuck.endpoint.id)).one()
        assert late.status == "pending" and late.attempts == 1 and "Timeout" in late.last_error
    finally:
        slow.stop()
