"""A community partner's webhooks (issue 19): a partner key with webhooks:manage registers its own
endpoints; a bill paid off becomes bill.paid in the community's own numbered stream, in the
payment's transaction, and a real receiver that fails first gets it exactly once, signed so the
`standardwebhooks` library verifies it; the residents' orders reach only keys that read orders;
nobody reaches another's endpoints; revoking the key turns them off; admins see and resend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from standardwebhooks import Webhook

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.marketplace import cart, checkout
from community_hub.models import OutboxMessage, Role
from community_hub.models.base import utcnow
from community_hub.models.billing import Bill
from community_hub.models.partner_api import ApiEvent, WebhookDelivery, WebhookEndpoint
from community_hub.partner_api import (
    events,
    partner_keys,
    partner_webhooks,
    webhook_delivery,
    webhooks,
)
from community_hub.partner_api.keys import ScopeMissing
from community_hub.property import billing
from tests import factories as f
from tests.unit.partner_api.receiver import Receiver
from tests.unit.shopping.steps import pay


@pytest.fixture
def receiver():
    r = Receiver()
    r.start()
    yield r
    r.stop()


@pytest.fixture
def world(tx, shop) -> dict:
    community = shop["resident"].community_id
    with tx() as db:
        staff = f.actor(db, f.user(db, Role.PROPERTY_STAFF, community_id=community))
        admin = f.actor(db, f.user(db, Role.PLATFORM_ADMIN))
        billing.add_fee_item(db, staff, community, name="Cleaning", kind="fixed", rate_minor=1500)
        billing.generate_bills(db, staff, community, "2026-11")
        bill = db.exec(select(Bill.id).where(Bill.community_id == community).order_by(Bill.id)).first()
    return {**shop, "community": community, "staff": staff, "admin": admin, "bill": bill}


def _key(tx, world, *scopes: str):
    """A partner key of the world's community with these scopes, as the API would see it."""
    with tx() as db:
        new = partner_keys.create_partner_key(db, world["admin"], world["community"], name="Ledgerly",
                                              scopes=list(scopes))
    with tx() as db:
        return partner_keys.authenticate_partner(db, new.secret)


def _register(tx, principal, receiver, path="/hooks", types=None):
    with tx() as db:
        new = partner_webhooks.register(db, principal, receiver.url.replace("/hooks", path), types)
    receiver.secrets[path] = new.secret
    return new


def _pay_bill_off(tx, world):
    with tx() as db:
        billing.record_offline_payment(db, world["staff"], world["bill"], 1000, "cash", "part")
    with tx() as db:
        billing.record_offline_payment(db, world["staff"], world["bill"], 500, "bank_transfer")


def test_bill_paid_reaches_a_partner_once_after_a_failure_signed(tx, db, engine, world, receiver):
    principal = _key(tx, world, "bills:read", "webhooks:manage")
    new = _register(tx, principal, receiver)
    assert new.secret.startswith("whsec_") and new.endpoint.merchant_id is None
    with tx() as s:  # a payment that rolls back leaves no event
        with pytest.raises(RuntimeError):
            with tx() as inner:
                billing.record_offline_payment(inner, world["staff"], world["bill"], 1500, "cash")
                raise RuntimeError("the office's computer crashed")
        assert s.exec(select(ApiEvent).where(ApiEvent.community_id == world["community"])).all() == []
    _pay_bill_off(tx, world)  # only the second payment pays the bill off
    db.expire_all()
    written = db.exec(select(ApiEvent).where(ApiEvent.community_id == world["community"])).all()
    assert [(e.type, e.seq, e.data["bill_id"], e.data["paid_minor"]) for e in written] == [
        ("bill.paid", 1, world["bill"], 1500)]
    receiver.plan = [500]
    t0 = utcnow()
    assert webhook_delivery.deliver_due(engine, now=t0) == 1  # 500
    assert webhook_delivery.deliver_due(engine, now=t0 + timedelta(seconds=2)) == 0  # waits 5 s
    assert webhook_delivery.deliver_due(engine, now=t0 + timedelta(seconds=10)) == 1  # 200
    assert webhook_delivery.deliver_due(engine, now=t0 + timedelta(hours=1)) == 0
    community = world["community"]
    assert receiver.accepted == [f"evt_c{community}_1"] and receiver.refused_signatures == 0
    body, headers = receiver.last
    sent = Webhook(new.secret).verify(body, headers)
    assert sent["type"] == "bill.paid" and sent["data"]["status"] == "paid" and sent["data"]["total_minor"] == 1500
    with tx() as s:
        log = partner_webhooks.deliveries(s, principal, new.endpoint.id)
        assert [(d.status, d.attempts, d.last_status_code) for d in log] == [("delivered", 2, 200)]
        assert [e.type for e in events.events_after(s, principal, 0)] == ["bill.paid"]  # the same, replayed
        assert events.events_after(s, principal, 1) == []


def test_orders_reach_only_keys_that_read_them_and_nobody_reaches_anothers(tx, db, world, receiver):
    bills = _key(tx, world, "bills:read", "webhooks:manage")
    courier = _key(tx, world, "orders:read", "webhooks:manage")
    with tx() as s, pytest.raises(ScopeMissing, match="bill.paid"):
        partner_webhooks.register(s, courier, receiver.url, ["bill.paid"])
    for_bills = _register(tx, bills, receiver, "/bills")
    for_courier = _register(tx, courier, receiver, "/courier")
    with tx() as s:
        shop_endpoint = webhooks.register_endpoint(s, world["owner"], world["merchant"], receiver.url).endpoint
    with tx() as s:
        order = _place(s, world)
    pay(tx, world["resident"], order)
    _pay_bill_off(tx, world)

    def heard(endpoint_id):
        return [t for d, t in sorted(webhooks.with_types(db, db.exec(select(WebhookDelivery).where(
            WebhookDelivery.endpoint_id == endpoint_id)).all()), key=lambda p: p[0].seq)]

    assert heard(for_courier.endpoint.id) == ["order.created", "order.paid"]
    assert heard(for_bills.endpoint.id) == ["bill.paid"]
    assert heard(shop_endpoint.id) == ["order.created", "order.paid"]  # the shop's own stream, unchanged
    with tx() as s:
        assert [e.id for e in partner_webhooks.endpoints(s, courier)] == [for_courier.endpoint.id]
        for wrong in (for_bills.endpoint.id, shop_endpoint.id, 2**31 - 1):
            with pytest.raises(NotFound):
                partner_webhooks.remove(s, courier, wrong)
        with pytest.raises(NotFound):  # a shop's people never reach a partner's endpoint
            webhooks.remove_endpoint(s, world["owner"], for_courier.endpoint.id)
        with pytest.raises(NotFound):
            webhooks.deliveries(s, world["owner"], for_courier.endpoint.id)
        theirs = s.exec(select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == for_bills.endpoint.id)).one()
        with pytest.raises(NotFound):
            partner_webhooks.resend(s, courier, theirs)
        old = for_courier.secret
        _, rotated = partner_webhooks.rotate(s, courier, for_courier.endpoint.id)
        assert rotated != old and s.get(WebhookEndpoint, for_courier.endpoint.id).previous_secret == old
    with tx() as s:  # revoking the key turns its endpoints off: no more deliveries for them
        partner_keys.revoke_partner_key(s, world["admin"], courier.key_id)
    with tx() as s:
        assert s.get(WebhookEndpoint, for_courier.endpoint.id).disabled_reason == "key revoked"
        webhooks.stop_endpoint(s, s.get(WebhookEndpoint, shop_endpoint.id), "removed")
    with tx() as s:
        _place(s, world, key="webhook-partner-2")
    db.expire_all()
    assert heard(for_courier.endpoint.id) == ["order.created", "order.paid"]


def test_admins_see_a_partners_endpoints_and_resend(tx, world, receiver):
    principal = _key(tx, world, "bills:read", "webhooks:manage")
    new = _register(tx, principal, receiver)
    _pay_bill_off(tx, world)
    with tx() as s:
        with pytest.raises(PermissionDenied):
            partner_webhooks.key_endpoints(s, world["staff"], principal.key_id)
        assert [e.url for e in partner_webhooks.key_endpoints(s, world["admin"], principal.key_id)] == [receiver.url]
        (delivery, kind), = partner_webhooks.endpoint_log(s, world["admin"], new.endpoint.id)
        assert kind == "bill.paid"
        delivery.status = "failed"
        s.add(delivery)
    with tx() as s:
        assert partner_webhooks.admin_resend(s, world["admin"], delivery.id).status == "pending"
        with pytest.raises(NotFound):  # a shop's delivery is not a partner's
            partner_webhooks.endpoint_log(s, world["admin"], 2**31 - 1)


def _place(db, world, key="webhook-partner-1") -> int:
    cart.add_to_cart(db, world["resident"], world["product"], 1)
    return checkout.place_order(db, world["resident"], world["merchant"], idempotency_key=key,
                                payment_method="card", address="A-1").id


def test_a_partner_endpoint_stopped_for_failing_tells_its_keys_maker_and_can_be_turned_on_again(
        tx, db, engine, world, receiver):
    principal = _key(tx, world, "bills:read", "webhooks:manage")
    new = _register(tx, principal, receiver)
    _pay_bill_off(tx, world)
    receiver.plan = [500] * 20
    t0 = utcnow()
    for hours in (0, 1, 3, 8, 20, 40, 60, 73, 80):  # every try fails, for more than 3 days
        webhook_delivery.deliver_due(engine, now=t0 + timedelta(hours=hours))
    db.expire_all()
    endpoint = db.get(WebhookEndpoint, new.endpoint.id)
    assert not endpoint.enabled and partner_webhooks.may_turn_on(endpoint)
    told = db.exec(select(OutboxMessage).where(OutboxMessage.template == "partner_webhook_disabled")).all()
    assert {m.user_id for m in told} == {world["admin"].user_id}
    with tx() as s:
        with pytest.raises(PermissionDenied):  # staff of the community are not the platform
            partner_webhooks.admin_enable(s, world["staff"], endpoint.id)
    with tx() as s:
        assert partner_webhooks.admin_enable(s, world["admin"], endpoint.id).enabled
    with tx() as s:  # removed by the partner: stays off
        partner_webhooks.remove(s, principal, endpoint.id)
    with tx() as s:
        with pytest.raises(ServiceError, match="cannot be turned on again"):
            partner_webhooks.admin_enable(s, world["admin"], endpoint.id)
