"""A platform admin gives a community's delivery partner a read-only key (issue 19): made on the
Partner keys page and shown once; with it the partner reads Maple Court's products over the real
API, is refused a shop's routes, shows on the key's call log, and stops at once when revoked."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, log_in, shot


def test_an_admin_makes_a_partner_key_that_reads_the_community_and_revokes_it(page: Page, base_url: str):
    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    page.get_by_role("link", name="Partner keys").first.click()
    expect_path(page, "/admin/partners")
    expect(page.get_by_text("No partner keys yet.")).to_be_visible()
    page.get_by_label("Community", exact=True).select_option(label="Maple Court")
    page.get_by_label("Partner's name").fill("Swift Couriers")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_role("status")).to_contain_text("Key Swift Couriers created")
    secret = page.locator("#new-secret").inner_text().strip()
    assert secret.startswith("hub_partner_")
    expect(page.get_by_role("row", name="Swift Couriers")).to_contain_text("products:read, orders:read")

    auth = {"Authorization": f"Bearer {secret}"}
    products = httpx.get(f"{base_url}/api/v1/community/products?limit=100", headers=auth)
    assert products.status_code == 200, products.text
    assert {p["shop"] for p in products.json()["data"]} >= {"Corner Grocer", "Maple Bakery"}
    refused = httpx.get(f"{base_url}/api/v1/products", headers=auth)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "wrong_key_kind"

    page.get_by_role("button", name="Calls made with key Swift Couriers").click()
    expect(page.get_by_role("row", name="/api/v1/community/products")).to_contain_text("200")
    expect(page.get_by_role("row", name="/api/v1/products")).to_contain_text("403")
    shot(page, "admin-partner-keys")

    page.get_by_role("button", name="Revoke key Swift Couriers").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_contain_text("Key Swift Couriers revoked")
    gone = httpx.get(f"{base_url}/api/v1/community/products", headers=auth)
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "key_revoked"
