"""Staff build and publish a form, a resident fills it in (missing fields are named first), staff see
the submission and export it; staff make a channel with entries and duplicate it, residents browse
it; a house ad is shown to residents and its click is counted."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.helpers import expect_path, open_page, pick_option, shot, two_fields


def test_form_and_channel(signed_in, base_url: str):
    resident, staff = signed_in("resident@demo.hub"), signed_in("staff@demo.hub")
    open_page(staff, base_url, "/property/forms")
    staff.click("#new-form")
    staff.fill("#form-title", "Bike parking registration")
    two_fields(staff, "Bike colour", "Size", "choice")
    staff.locator(".field-choices input").fill("Small, Large")
    staff.locator(".field-required").nth(1).click()
    staff.click("#form-publish")
    row = staff.locator(".form-row", has_text="Bike parking registration")
    expect(row).to_contain_text("published")

    open_page(resident, base_url, "/forms")
    resident.get_by_text("Bike parking registration").click()
    resident.wait_for_url(re.compile(r".*/forms/\d+$"))
    resident.click("#form-send")
    expect(resident.locator(".field-error").first).to_have_text("Bike colour is required.")
    expect(resident.locator(".field-error").nth(1)).to_have_text("Size is required.")
    resident.fill("#bike_colour", "Red")
    pick_option(resident, resident.locator("#resident-form button[role=combobox]"), "Large")
    resident.click("#form-send")
    expect(resident.get_by_role("status")).to_contain_text("Sent. Thank you!")

    open_page(staff, base_url, "/property/forms")
    row.get_by_role("button", name="Submissions").click()
    expect(staff.locator("#submissions-table")).to_contain_text("Riley Resident")
    expect(staff.locator("#submissions-table")).to_contain_text("Large")
    with staff.expect_download() as download:
        row.get_by_role("button", name="CSV").click()
    assert "Red" in open(download.value.path()).read()

    open_page(staff, base_url, "/property/channels")
    staff.click("#new-channel")
    staff.fill("#channel-name", "Emergency phones")
    staff.fill("#channel-seo_title", "Emergency numbers")
    staff.get_by_role("checkbox", name="Published (residents can browse it)").click()
    two_fields(staff, "Service", "Phone", "phone")
    staff.click("#channel-save")
    channel = staff.locator(".channel-row", has_text="Emergency phones")
    expect(channel).to_contain_text("published")
    channel.get_by_role("button", name="Entries").click()
    staff.fill("#service", "Plumber on call")
    staff.fill("#phone", "+1 555 0100")
    staff.click("#entry-add")
    expect(staff.locator("#entries-table")).to_contain_text("Plumber on call")
    channel.get_by_role("button", name="Duplicate").click()
    expect(staff.locator(".channel-row", has_text="Emergency phones (copy)")).to_contain_text("draft")
    shot(staff, "channels-staff")

    open_page(resident, base_url, "/channels")
    resident.get_by_text("Emergency phones").click()
    expect(resident.locator("#channel-entries")).to_contain_text("+1 555 0100")
    expect(resident.get_by_text("Emergency phones (copy)")).to_have_count(0)
    shot(resident, "channel-resident")


def test_house_ad_shown_and_click_counted(signed_in, base_url: str):
    resident, staff = signed_in("resident@demo.hub"), signed_in("staff@demo.hub")
    open_page(staff, base_url, "/property/ads")
    staff.fill("#slot-name", "Community banner")
    staff.get_by_role("button", name="Create slot").click()
    expect(staff.locator("#slots-table")).to_contain_text("Community banner")
    pick_option(staff, staff.locator("#ad-slot"), "Community banner")
    today = datetime.now(ZoneInfo("America/New_York")).date()  # ads run by Maple Court's own days
    staff.fill("#ad-from", today.isoformat())
    staff.fill("#ad-to", (today + timedelta(days=3)).isoformat())
    staff.fill("#ad-text", "Garden day this Saturday")
    staff.fill("#ad-link", f"{base_url}/notices")
    staff.click("#ad-place")
    expect(staff.get_by_role("status")).to_contain_text("House ad scheduled")
    expect(staff.locator("#ads-report")).to_contain_text("house ad")

    open_page(resident, base_url, "/community")
    resident.locator(".ad-card", has_text="Garden day this Saturday").click()
    expect_path(resident, "/notices")

    open_page(staff, base_url, "/property/ads")
    expect(staff.locator(".ads-report-row", has_text="Community banner").locator(".ad-clicks")).to_have_text("1")
    shot(staff, "ads-staff")
