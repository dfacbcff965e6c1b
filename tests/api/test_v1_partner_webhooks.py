"""A community partner's key on the webhook routes (issue 19): with webhooks:manage it registers,
lists, rotates and removes its own endpoints through /api/v1/webhook-endpoints, replays its
community's events (bill.paid) with /api/v1/events; a shop's key and the partner's key never see
nor touch each other's endpoints (404), and the partner's key still reaches no other shop route."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.models import Role
from community_hub.models.billing import Bill
from community_hub.partner_api import partner_keys
from community_hub.property import billing
from tests import factories as f

HOOK = {"url": "http://127.0.0.1:9/partner-hooks"}


@pytest.fixture
def admin(tx):
    with tx() as db:
        return f.actor(db, f.user(db, Role.PLATFORM_ADMIN))


def _partner(tx, admin, community_id: int, *scopes: str) -> dict[str, str]:
    with tx() as db:
        new = partner_keys.create_partner_key(db, admin, community_id, name="Ledgerly", scopes=list(scopes))
    return {"Authorization": f"Bearer {new.secret}"}


def _bill_paid(tx, community_id: int) -> int:
    with tx() as db:
        staff = f.actor(db, f.user(db, Role.PROPERTY_STAFF, community_id=community_id))
        billing.add_fee_item(db, staff, community_id, name="Cleaning", kind="fixed", rate_minor=1500)
        billing.generate_bills(db, staff, community_id, "2026-11")
        bill = db.exec(select(Bill.id).where(Bill.community_id == community_id)).first()
    with tx() as db:
        billing.record_offline_payment(db, staff, bill, 1500, "cash")
    return bill


def test_a_partner_key_manages_its_own_endpoints_on_the_shop_routes(api, tx, shop, admin):
    community = shop.resident.community_id
    partner = _partner(tx, admin, community, "bills:read", "webhooks:manage")
    other_partner = _partner(tx, admin, community, "bills:read", "webhooks:manage")
    shop_key = shop.key()
    made = api.post("/api/v1/webhook-endpoints", json=HOOK, headers={**partner, "Idempotency-Key": "p-1"})
    assert made.status_code == 201, made.text
    endpoint = made.json()
    assert endpoint["secret"].startswith("whsec_") and endpoint["events"] == []
    theirs = api.post("/api/v1/webhook-endpoints", json=HOOK, headers=shop_key).json()
    listed = api.get("/api/v1/webhook-endpoints", headers=partner).json()["data"]
    assert [e["id"] for e in listed] == [endpoint["id"]] and listed[0]["secret"] is None
    assert [e["id"] for e in api.get("/api/v1/webhook-endpoints", headers=shop_key).json()["data"]] == [theirs["id"]]
    assert api.get("/api/v1/webhook-endpoints", headers=other_partner).json()["data"] == []
    # Nobody reaches another's endpoint: "not found", never "forbidden".
    for headers, wrong in ((shop_key, endpoint["id"]), (other_partner, endpoint["id"]), (partner, theirs["id"])):
        assert api.delete(f"/api/v1/webhook-endpoints/{wrong}", headers=headers).status_code == 404
        assert api.get(f"/api/v1/webhook-endpoints/{wrong}/deliveries", headers=headers).status_code == 404
        assert api.post(f"/api/v1/webhook-endpoints/{wrong}/rotate-secret", headers=headers).status_code == 404
    rotated = api.post(f"/api/v1/webhook-endpoints/{endpoint['id']}/rotate-secret", headers=partner)
    assert rotated.status_code == 200 and rotated.json()["secret"] not in (None, endpoint["secret"])

    _bill_paid(tx, community)
    deliveries = api.get(f"/api/v1/webhook-endpoints/{endpoint['id']}/deliveries", headers=partner).json()["data"]
    assert [(d["event_id"], d["status"]) for d in deliveries] == [(f"evt_c{community}_1", "pending")]
    shop_deliveries = api.get(f"/api/v1/webhook-endpoints/{theirs['id']}/deliveries", headers=shop_key).json()
    assert shop_deliveries["data"] == []  # a bill is the community's, never a shop's
    assert api.post(f"/api/v1/webhook-deliveries/{deliveries[0]['id']}/resend", headers=shop_key).status_code == 404
    resent = api.post(f"/api/v1/webhook-deliveries/{deliveries[0]['id']}/resend", headers=partner)
    assert resent.status_code == 200 and resent.json()["status"] == "pending"

    replay = api.get("/api/v1/events?after=0", headers=partner).json()
    assert [(e["id"], e["type"]) for e in replay["data"]] == [(f"evt_c{community}_1", "bill.paid")]
    assert api.get("/api/v1/events?after=1", headers=partner).json()["data"] == []
    assert all(e["type"] != "bill.paid" for e in api.get("/api/v1/events", headers=shop_key).json()["data"])

    removed = api.delete(f"/api/v1/webhook-endpoints/{endpoint['id']}", headers=partner)
    assert removed.status_code == 200 and removed.json() == {"removed": True}
    assert api.get("/api/v1/webhook-endpoints", headers=partner).json()["data"][0]["enabled"] is False


def test_without_the_scope_or_on_other_routes_a_partner_key_is_refused(api, tx, shop, admin):
    community = shop.resident.community_id
    reader = _partner(tx, admin, community, "orders:read")
    refused = api.post("/api/v1/webhook-endpoints", json=HOOK, headers=reader)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "missing_scope"
    courier = _partner(tx, admin, community, "orders:read", "webhooks:manage")
    no_bills = api.post("/api/v1/webhook-endpoints", json={**HOOK, "events": ["bill.paid"]}, headers=courier)
    assert no_bills.status_code == 403 and "bill.paid" in no_bills.json()["error"]["message"]
    unknown = api.post("/api/v1/webhook-endpoints", json={**HOOK, "events": ["payout.sent"]}, headers=courier)
    assert unknown.status_code == 422
    assert api.get("/api/v1/products", headers=courier).json()["error"]["code"] == "wrong_key_kind"
    bills_only = _partner(tx, admin, community, "bills:read")
    assert api.get("/api/v1/events", headers=bills_only).status_code == 200  # it replays what it may read
    products_only = _partner(tx, admin, community, "products:read")
    assert api.get("/api/v1/events", headers=products_only).status_code == 403


def test_a_partner_keys_writes_honour_the_idempotency_key(api, tx, shop, admin):
    """A partner whose POST timed out sends it again with the same key: the first answer, one endpoint."""
    partner = _partner(tx, admin, shop.resident.community_id, "bills:read", "webhooks:manage")
    first = api.post("/api/v1/webhook-endpoints", json=HOOK, headers={**partner, "Idempotency-Key": "p-again"})
    again = api.post("/api/v1/webhook-endpoints", json=HOOK, headers={**partner, "Idempotency-Key": "p-again"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers.get("Idempotent-Replayed") == "true"
    assert len(api.get("/api/v1/webhook-endpoints", headers=partner).json()["data"]) == 1
    other = api.post("/api/v1/webhook-endpoints", json={"url": "http://127.0.0.1:9/elsewhere"},
                     headers={**partner, "Idempotency-Key": "p-again"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert len(api.get("/api/v1/webhook-endpoints", headers=partner).json()["data"]) == 1
