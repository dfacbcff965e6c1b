"""A merchant connects a till (issue 19): creates an API key on "Connect your shop", sees it once
with a curl example, uses it against /api/v1 and reads the key's calls, adds a webhook endpoint (its
secret shown once) and sends it a test event, then revokes the key and the API refuses it."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.e2e.helpers import shot


def test_a_merchant_creates_a_key_uses_it_adds_a_webhook_and_revokes_it(signed_in, base_url: str):
    merchant = signed_in("merchant@demo.hub", "/merchant/connect")
    expect(merchant.get_by_role("heading", name="Connect your shop")).to_be_visible()
    merchant.get_by_label("Key name").fill("Till in the shop")
    merchant.get_by_label("Create and change products, stock and prices (products:write)").check()
    merchant.get_by_role("button", name="Create key").click()
    expect(merchant.get_by_role("status")).to_contain_text("Key Till in the shop created")
    secret = merchant.locator("#new-secret").inner_text().strip()
    assert secret.startswith("hub_live_")
    expect(merchant.locator("#curl-example")).to_contain_text(f"Bearer {secret}")
    expect(merchant.locator("#keys-table")).to_contain_text("Till in the shop")
    expect(merchant.locator("#keys-table")).to_contain_text("products:write")
    shot(merchant, "merchant-connect-key")

    auth = {"Authorization": f"Bearer {secret}"}
    made = httpx.post(f"{base_url}/api/v1/products", headers=auth,
                      json={"name": "Sourdough loaf", "price_minor": 450, "sku": "BREAD-API-1"})
    assert made.status_code == 201, made.text
    assert made.json()["name"] == "Sourdough loaf"
    assert httpx.get(f"{base_url}/api/v1/orders", headers=auth).status_code == 200  # reading is ticked at first
    assert httpx.get(f"{base_url}/api/v1/webhook-endpoints", headers=auth).status_code == 403  # not in its scopes

    merchant.get_by_role("button", name="Calls made with key Till in the shop").click()
    calls = merchant.locator("#calls-table")
    expect(calls).to_contain_text("/api/v1/webhook-endpoints")
    expect(calls.locator("tr", has_text="POST")).to_contain_text("201")
    expect(calls.locator("tr", has_text="/api/v1/webhook-endpoints")).to_contain_text("403")

    merchant.get_by_role("button", name="I have copied it").click()
    expect(merchant.locator("#new-secret")).to_have_count(0)
    merchant.get_by_label("Address that receives the events").fill("http://127.0.0.1:9/hub-webhooks")
    merchant.get_by_label("order.paid").check()
    merchant.get_by_role("button", name="Add endpoint").click()
    expect(merchant.get_by_role("status")).to_contain_text("Webhook endpoint added")
    expect(merchant.locator("#new-secret")).to_contain_text("whsec_")
    expect(merchant.locator("#endpoints-table")).to_contain_text("http://127.0.0.1:9/hub-webhooks")
    merchant.get_by_role("button", name="Send a test event to http://127.0.0.1:9/hub-webhooks").click()
    expect(merchant.get_by_role("status")).to_contain_text("Test event queued")
    # The app's worker posts it at once; nothing listens on port 9, so the log shows a failed try.
    row = merchant.locator("#deliveries-table .delivery-row", has_text="webhook.test")
    for _ in range(30):  # the log is read when asked: ask again until the worker's try is on it
        merchant.get_by_role("button", name="Deliveries to http://127.0.0.1:9/hub-webhooks").click()
        if row.filter(has_text="ConnectError").count():
            break
        merchant.wait_for_timeout(500)
    expect(row).to_contain_text("ConnectError")
    row.get_by_role("button", name="Resend delivery").click()
    expect(merchant.get_by_role("status")).to_contain_text("Sent again")

    merchant.get_by_role("button", name="Revoke key Till in the shop").click()
    merchant.get_by_role("alertdialog").get_by_role("button", name="Revoke").click()
    expect(merchant.get_by_role("status")).to_contain_text("Key Till in the shop revoked")
    gone = httpx.get(f"{base_url}/api/v1/products", headers=auth)
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "key_revoked"
    shot(merchant, "merchant-connect-revoked")
