"""A platform admin gives a community's delivery partner a read-only key (issue 19): made on the
Partner keys page and shown once; with it the partner reads Maple Court's products over the real
API, is refused a shop's routes, shows on the key's call log, and stops at once when revoked. An
accounting partner's key with webhooks registers a real receiver over the API; the office marking a
bill paid reaches it as a signed bill.paid, and the admin sees the delivery and resends it."""

from __future__ import annotations

import re
import time

import httpx
from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.models import Community
from community_hub.models.billing import Bill
from community_hub.property import billing
from community_hub.seed.common import DEMO_PASSWORD
from tests.e2e.helpers import expect_path, log_in, shot
from tests.unit.partner_api.receiver import Receiver


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


def _office_pays_a_maple_court_bill(db_url: str) -> int:
    eng = engine_for(db_url)
    with session_scope(eng) as db:
        staff = accounts.login(db, identifier="staff@demo.hub", password=DEMO_PASSWORD)[1]
        maple = db.exec(select(Community.id).where(Community.name == "Maple Court")).one()
        bill = db.exec(select(Bill).where(Bill.community_id == maple, Bill.status == "unpaid",
                                          Bill.total_minor > Bill.paid_minor).order_by(Bill.id)).first()
        billing.record_offline_payment(db, staff, bill.id, bill.total_minor - bill.paid_minor, "cash")
        bill_id = bill.id
    eng.dispose()
    return bill_id


def _wait_for(check, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not check() and time.monotonic() < end:
        time.sleep(0.2)
    assert check()


def test_a_partners_webhook_hears_a_bill_paid_and_the_admin_resends_it(page: Page, base_url: str, e2e_db_url: str):
    receiver = Receiver()
    receiver.start()
    try:
        log_in(page, base_url, "admin@demo.hub")
        expect_path(page, "/admin")
        page.get_by_role("link", name="Partner keys").first.click()
        expect_path(page, "/admin/partners")
        page.get_by_label("Community", exact=True).select_option(label="Maple Court")
        page.get_by_label("Partner's name").fill("Ledgerly")
        page.get_by_text("(bills:read)").click()
        page.get_by_text("(webhooks:manage)").click()
        page.get_by_role("button", name="Create key").click()
        expect(page.get_by_role("status")).to_contain_text("Key Ledgerly created")
        secret = page.locator("#new-secret").inner_text().strip()
        expect(page.get_by_role("row", name="Ledgerly")).to_contain_text("bills:read, webhooks:manage")

        auth = {"Authorization": f"Bearer {secret}"}
        made = httpx.post(f"{base_url}/api/v1/webhook-endpoints", json={"url": receiver.url}, headers=auth)
        assert made.status_code == 201, made.text
        receiver.secret = made.json()["secret"]
        bill_id = _office_pays_a_maple_court_bill(e2e_db_url)
        _wait_for(lambda: len(receiver.accepted) == 1)
        body, _headers = receiver.last
        assert b'"type":"bill.paid"' in body and f'"bill_id":{bill_id}'.encode() in body
        replay = httpx.get(f"{base_url}/api/v1/events?after=0", headers=auth).json()["data"]
        assert [e["id"] for e in replay] == receiver.accepted

        page.get_by_role("button", name="Webhooks of key Ledgerly").click()
        expect(page.locator("#partner-endpoints")).to_contain_text(receiver.url)
        expect(page.locator("#partner-deliveries")).to_contain_text("bill.paid")
        expect(page.locator("#partner-deliveries")).to_contain_text("delivered")
        shot(page, "admin-partner-webhooks")
        page.get_by_role("button", name=re.compile(r"^Resend delivery \d+$")).first.click()
        expect(page.get_by_role("status")).to_contain_text("queued to be sent again")
        _wait_for(lambda: len(receiver.accepted) == 2)
        assert receiver.accepted[0] == receiver.accepted[1] and receiver.refused_signatures == 0

        page.get_by_role("button", name="Revoke key Ledgerly").click()
        page.get_by_role("alertdialog").get_by_role("button", name="Revoke").click()
        expect(page.get_by_role("status")).to_contain_text("Key Ledgerly revoked")
    finally:
        receiver.stop()
