"""Old rows of the public API are purged by housekeeping (issue 19): call-log lines after 30 days,
idempotent answers after 2 days, ended webhook deliveries (and their attempts) after 30 days;
newer rows, pending deliveries and the events themselves stay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import select

from community_hub import housekeeping
from community_hub.models.base import utcnow
from community_hub.models.partner_api import (
    ApiCall,
    ApiEvent,
    ApiIdempotentAnswer,
    WebhookAttempt,
    WebhookDelivery,
)
from community_hub.partner_api import idempotency, keys, webhooks
from tests import factories as f
from tests.unit.partner_api.test_events import _order


def _count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_housekeeping_purges_old_api_rows_and_keeps_the_rest(tx, db, engine, shop):
    with tx() as s:
        key = keys.create_key(s, shop["owner"], shop["merchant"], name="Till", scopes=["orders:read"]).key
        webhooks.register_endpoint(s, shop["owner"], shop["merchant"], "http://127.0.0.1:9/h")
    _order(tx, shop, n=1)  # two orders: two order.created events, two deliveries
    _order(tx, shop, n=2)
    old = utcnow() - timedelta(days=31)
    with tx() as s:
        keys.record_call(s, key.id, "GET", "/api/v1/orders", 200, 3)
        s.add(f.change(s, ApiCall, 1, at=old))
        keys.record_call(s, key.id, "GET", "/api/v1/orders", 200, 3)
        idempotency.keep_answer(s, key.id, "k-old", "0" * 64, 201, "{}")
        idempotency.keep_answer(s, key.id, "k-new", "1" * 64, 201, "{}")
        f.change(s, ApiIdempotentAnswer, 1, created_at=old)
        done = s.exec(select(WebhookDelivery).order_by(WebhookDelivery.seq)).first()
        f.change(s, WebhookDelivery, done.id, status="delivered", created_at=old)
        s.add(WebhookAttempt(delivery_id=done.id, status_code=200, at=old))
    assert housekeeping.run_once(engine)["old API logs purged"] == 4
    assert (_count(db, ApiCall), _count(db, ApiIdempotentAnswer), _count(db, WebhookAttempt)) == (1, 1, 0)
    assert [d.status for d in db.exec(select(WebhookDelivery))] == ["pending"]
    assert _count(db, ApiEvent) == 4  # the shop's 2 and their copies in the community's stream: kept
    assert housekeeping.run_once(engine)["old API logs purged"] == 0
