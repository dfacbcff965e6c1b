"""/api/v1 webhook endpoints (issue 19): a key with webhooks:manage registers a receiver (the
secret in that answer only), reads its deliveries, resends one and removes the endpoint; another
shop's endpoint is not found; an address that is not http(s) is refused in the error shape."""

from __future__ import annotations

from community_hub.partner_api import webhook_delivery


def test_register_list_deliveries_resend_and_remove(api, shop, engine):
    h = shop.key("webhooks:manage")
    made = api.post("/api/v1/webhook-endpoints", headers=h,
                    json={"url": "http://127.0.0.1:9/hooks", "events": ["order.paid"]})
    assert made.status_code == 201, made.text
    endpoint = made.json()
    assert endpoint["secret"].startswith("whsec_") and endpoint["events"] == ["order.paid"]
    listed = api.get("/api/v1/webhook-endpoints", headers=h).json()["data"]
    assert [(e["id"], e["secret"]) for e in listed] == [(endpoint["id"], None)]  # shown once
    shop.paid_order()
    webhook_delivery.deliver_due(engine)  # nothing listens on port 9: a failed try
    deliveries = api.get(f"/api/v1/webhook-endpoints/{endpoint['id']}/deliveries", headers=h).json()["data"]
    assert [(d["event_id"], d["status"], d["attempts"], d["last_status_code"]) for d in deliveries] == [
        (f"evt_{shop.merchant}_2", "pending", 1, None)]
    again = api.post(f"/api/v1/webhook-deliveries/{deliveries[0]['id']}/resend", headers=h)
    assert again.status_code == 200 and again.json()["status"] == "pending"
    rival = shop.key("webhooks:manage", rival=True)
    assert api.delete(f"/api/v1/webhook-endpoints/{endpoint['id']}", headers=rival).status_code == 404
    assert api.post(f"/api/v1/webhook-deliveries/{deliveries[0]['id']}/resend", headers=rival).status_code == 404
    assert api.delete(f"/api/v1/webhook-endpoints/{endpoint['id']}", headers=h).json() == {"removed": True}
    gone = api.get("/api/v1/webhook-endpoints", headers=h).json()["data"]
    assert gone[0]["enabled"] is False and gone[0]["disabled_reason"] == "removed"


def test_bad_addresses_and_missing_scope(api, shop):
    h = shop.key("webhooks:manage")
    bad = api.post("/api/v1/webhook-endpoints", headers=h, json={"url": "ftp://example.com/x"})
    assert bad.status_code == 422 and "https://" in bad.json()["error"]["message"]
    own = api.post("/api/v1/webhook-endpoints", headers=h, json={"url": "http://localhost:3000/api/health"})
    assert own.status_code == 422 and "this app" in own.json()["error"]["message"]
    reader = shop.key("orders:write")
    assert api.get("/api/v1/webhook-endpoints", headers=reader).json()["error"]["code"] == "missing_scope"
