"""The HTTP routes mounted beside the app: health and the payment webhook, through Starlette."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from community_hub.api.app import build_api
from community_hub.core.config import load_settings, override_settings
from community_hub.core.db import create_all, engine_for
from community_hub.models.payments import ProcessedWebhookEvent
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from tests.unit.payments.helpers import WEBHOOK_SECRET, event, intent


@pytest.fixture
def client(tmp_path):
    url = f"sqlite:///{tmp_path}/api.db"
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "s", "REFLEX_DB_URL": url}))
    create_all(engine_for(url))
    registry.use_provider(DemoProvider(WEBHOOK_SECRET))
    yield TestClient(build_api()), engine_for(url)
    registry.reset()


def test_health_reports_database_and_outbox(client):
    http, _ = client
    resp = http.get("/api/health")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok", "database": "ok", "outbox": {"pending": 0, "failed": 0}}


def test_webhook_with_a_bad_signature_is_refused_and_changes_nothing(client):
    http, eng = client
    raw, _sig = event("payment_intent.succeeded", intent("pi_forged", "succeeded"))
    resp = http.post("/api/webhooks/payments", content=raw,
                     headers={"stripe-signature": "t=1,v1=" + "0" * 64, "content-type": "application/json"})
    assert resp.status_code == 400
    with Session(eng) as db:
        assert db.exec(select(ProcessedWebhookEvent)).all() == []


def test_webhook_is_applied_once_and_a_replay_is_a_duplicate(client):
    http, eng = client
    raw, sig = event("payment_intent.succeeded", intent("pi_nobody_knows", "succeeded"), event_id="evt_route_1")
    first = http.post("/api/webhooks/payments", content=raw, headers={"stripe-signature": sig})
    second = http.post("/api/webhooks/payments", content=raw, headers={"stripe-signature": sig})
    assert first.status_code == 200 and first.json()["status"] == "unknown_payment"
    assert second.status_code == 200 and second.json()["status"] == "duplicate"
    with Session(eng) as db:
        assert len(db.exec(select(ProcessedWebhookEvent)).all()) == 1


def test_media_serves_catalog_photos_and_nothing_private(client, tmp_path, monkeypatch):
    from PIL import Image

    from community_hub.core import uploads

    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    buf = tmp_path / "p.png"
    Image.new("RGB", (4, 4), "red").save(buf)
    public = uploads.store_public_image(buf.read_bytes(), "p.png")
    private = uploads.store_upload(buf.read_bytes(), "repair.png")  # e.g. a photo of someone's flat
    http, _ = client
    ok = http.get(f"/api/media/{public.path}")
    stored = (tmp_path / "uploads" / public.path).read_bytes()
    assert ok.status_code == 200 and ok.headers["content-type"] == "image/png" and ok.content == stored
    assert http.get(f"/api/media/{private.path}").status_code == 404
    assert http.get("/api/media/catalog/../" + private.path).status_code == 404
    assert http.get("/api/media/catalog/nothing.png").status_code == 404


def test_a_signed_payment_event_through_the_route_pays_the_order_once(client):
    """The provider's "succeeded" event, posted to the route as Stripe would, moves a real order
    to paid and posts the money to escrow; the replay changes nothing."""
    from community_hub.core.db import session_scope
    from community_hub.marketplace import cart, checkout, order_payments
    from community_hub.models import Role
    from community_hub.models.ledger import LedgerTransaction
    from community_hub.models.orders import Order
    from community_hub.models.payments import Payment
    from tests import factories as f

    http, eng = client
    with session_scope(eng) as db:
        c = f.community(db)
        m = f.merchant(db)
        product = f.product(db, m.id, price_minor=1200, stock=5)
        resident = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id))
        cart.add_to_cart(db, resident, product.id, 2)
        order = checkout.place_order(db, resident, m.id, idempotency_key="route-test-1", payment_method="card",
                                     address="A-1")
        payment = order_payments.start_order_payment(db, resident, order.id)
        order_id, payment_id, intent_id = order.id, payment.id, payment.provider_id
    raw, sig = event("payment_intent.succeeded", intent(intent_id, "succeeded", amount=2400,
                                                        metadata={"hub_payment_id": str(payment_id)}))
    first = http.post("/api/webhooks/payments", content=raw, headers={"stripe-signature": sig})
    again = http.post("/api/webhooks/payments", content=raw, headers={"stripe-signature": sig})
    assert first.status_code == 200 and first.json()["status"] == "processed"
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    with Session(eng) as db:
        assert db.get(Order, order_id).state == "paid"
        assert db.get(Payment, payment_id).captured_minor == 2400
        kinds = [t.kind for t in db.exec(select(LedgerTransaction).where(
            LedgerTransaction.reference == f"order:{order_id}")).all()]
        assert kinds == ["order_paid"]
