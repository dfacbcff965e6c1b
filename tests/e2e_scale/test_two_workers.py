"""With state in Redis and two workers, members move around and act as they do on one process."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.e2e.helpers import expect_path, log_in, log_in_as, open_page, register_and_log_in


def test_sessions_hold_across_workers(browser: Browser, base_url: str, mailbox):
    pages = {}
    for email in ("resident@demo.hub", "admin@demo.hub", "merchant@demo.hub"):
        page = browser.new_context().new_page()
        log_in(page, base_url, email)
        pages[email] = page
    expect_path(pages["resident@demo.hub"], "/home")
    expect_path(pages["admin@demo.hub"], "/admin")
    expect_path(pages["merchant@demo.hub"], "/merchant")
    # Each new page load opens a new socket, which may land on either worker.
    for _ in range(3):
        open_page(pages["resident@demo.hub"], base_url, "/inbox")
        expect(pages["resident@demo.hub"].locator("#user-name")).to_have_text("Riley Resident")
        open_page(pages["admin@demo.hub"], base_url, "/admin/users")
        expect(pages["admin@demo.hub"].locator("#members-table")).to_contain_text("resident@demo.hub")
        open_page(pages["merchant@demo.hub"], base_url, "/merchant")
        expect(pages["merchant@demo.hub"].locator("#merchant-shops")).to_contain_text("Corner Grocer")
    open_page(pages["resident@demo.hub"], base_url, "/admin")
    expect_path(pages["resident@demo.hub"], "/home")


def test_register_and_verify_on_postgres(browser: Browser, base_url: str, mailbox):
    register_and_log_in(browser.new_context().new_page(), base_url, mailbox, "Quinn Scale", "quinn@example.test",
                        "scaled-pass-42")


def test_an_urgent_notice_reaches_an_open_page_within_seconds_whichever_worker_holds_it(browser: Browser,
                                                                                        base_url: str):
    """Staff publish on one socket, the resident's banner waits on another (either worker): the
    commit's NOTIFY wakes the resident's worker (core/change_bell_pg.py), which reads at once."""
    resident = browser.new_context().new_page()
    log_in(resident, base_url, "resident@demo.hub")
    expect_path(resident, "/home")
    resident.wait_for_timeout(3000)  # the banner's first read after the opening
    staff = log_in_as(browser.new_context().new_page(), base_url, "staff@demo.hub", "/property/notices")
    staff.click("#new-notice")
    staff.fill("#notice-title", "Water off on Thursday")
    staff.fill("#notice-body", "The water is off from 9 to 11.")
    staff.click("#notice-urgent")
    staff.click("#notice-publish")
    expect(staff.get_by_role("status")).to_contain_text("residents are being told")
    expect(resident.locator("#urgent-banner")).to_contain_text("Water off on Thursday", timeout=6_000)
