"""With state in Redis and two workers, members move around and act as they do on one process."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.e2e.helpers import expect_path, log_in, open_page


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
    page = browser.new_context().new_page()
    open_page(page, base_url, "/register")
    page.fill("#display_name", "Quinn Scale")
    page.fill("#identifier", "quinn@example.test")
    page.fill("#password", "scaled-pass-42")
    page.fill("#password2", "scaled-pass-42")
    page.select_option("#community", label="Maple Court")
    page.click("#register-submit")
    expect_path(page, "/verify")
    page.fill("#code", mailbox.wait_for_code("quinn@example.test"))
    page.click("#verify-submit")
    expect_path(page, "/login")
    page.fill("#password", "scaled-pass-42")
    page.click("#login-submit")
    expect_path(page, "/home")
