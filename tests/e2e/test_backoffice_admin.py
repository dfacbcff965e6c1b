"""The back office as its staff meet it (issue 18): back-office roles given on /admin/staff, a
review-only admin who neither sees nor reaches the finance pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from community_hub.core.db import engine_for, session_scope
from community_hub.models import Role
from tests import factories as f
from tests.e2e.helpers import expect_path, log_in_as, open_page


def _new_admin(url: str, email: str, name: str) -> None:
    """A member just made a platform admin: no back-office role yet."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        u = f.user(db, Role.PLATFORM_ADMIN, email=email)
        u.display_name = name
        f.sub_roles(db, u)
    eng.dispose()


def test_a_review_only_admin_does_not_reach_finance(page: Page, base_url: str, e2e_db_url: str, signed_in):
    _new_admin(e2e_db_url, "rita@example.test", "Rita Reviewer")
    rita = signed_in("rita@example.test", home="/admin", password=f.PASSWORD)
    expect(rita.locator("#no-sub-role")).to_contain_text("You hold no back-office role yet")
    open_page(rita, base_url, "/admin/products")
    expect_path(rita, "/admin")
    expect(rita.get_by_text("That page needs the review back-office role")).to_be_visible()

    log_in_as(page, base_url, "admin@demo.hub", "/admin/staff")
    page.get_by_role("checkbox", name="Review for Rita Reviewer").click()
    expect(page.get_by_role("status")).to_contain_text("Rita Reviewer now holds review")
    expect(page.get_by_role("checkbox", name="Review for Rita Reviewer")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Finance for Rita Reviewer")).not_to_be_checked()

    open_page(rita, base_url, "/admin")
    expect(rita.locator("#no-sub-role")).to_have_count(0)
    open_page(rita, base_url, "/admin/products")
    expect_path(rita, "/admin/products")
    open_page(rita, base_url, "/admin/finance")
    expect_path(rita, "/admin")
    expect(rita.get_by_text("That page needs the finance back-office role")).to_be_visible()

    # The last super admin cannot give up super: refused, and the tick stays.
    page.get_by_role("checkbox", name="Super admin for Ada Admin").click()
    expect(page.get_by_role("alert")).to_contain_text("Ada Admin is the last super admin")
    expect(page.get_by_role("checkbox", name="Super admin for Ada Admin")).to_be_checked()


def test_an_announcement_shows_as_a_banner_to_residents_until_read(page: Page, base_url: str, signed_in):
    log_in_as(page, base_url, "admin@demo.hub", "/admin/announcements")
    expect(page.get_by_text("Nothing sent yet")).to_be_visible()
    page.get_by_label("Title").fill("Water off on Sunday")
    page.get_by_label("Text").fill("The pipes are cleaned from 9 to 12.")
    page.get_by_label("Send to").select_option("residents")
    page.get_by_role("button", name="Send announcement").click()
    page.get_by_role("button", name="Yes, send").click()
    expect(page.get_by_role("status")).to_contain_text("Announcement sent to")
    expect(page.locator("#announcements-sent")).to_contain_text("Water off on Sunday")

    riley = signed_in("resident@demo.hub")
    banner = riley.locator("#urgent-banner")
    expect(banner).to_contain_text("Announcement: Water off on Sunday")
    banner.get_by_role("link", name="Water off on Sunday").click()
    expect(riley.locator("#announcement-body")).to_contain_text("The pipes are cleaned from 9 to 12.")
    expect(banner).not_to_contain_text("Water off on Sunday")
    open_page(riley, base_url, "/shop")
    expect(riley.locator("#urgent-banner")).not_to_contain_text("Water off on Sunday")

    merchant = signed_in("merchant@demo.hub")  # not a resident: no banner for them
    expect(merchant.locator("h1, h2").first).to_be_visible()
    expect(merchant.locator("#urgent-banner")).not_to_contain_text("Water off on Sunday")
