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
    assert ok.status_code == 200 and ok.headers["content-type"] == "image/png" and ok.content == buf.read_bytes()
    assert http.get(f"/api/media/{private.path}").status_code == 404
    assert http.get("/api/media/catalog/../" + private.path).status_code == 404
    assert http.get("/api/media/catalog/nothing.png").status_code == 404
