"""What a person does in the browser, in a few words."""

from __future__ import annotations

import os
import re

from playwright.sync_api import Locator, Page, expect

DEMO_PASSWORD = "demo-pass-1"
# Where logging in sends each demo account (its home); tests wait for it before going on.
DEMO_HOMES = {"resident@demo.hub": "/home", "merchant@demo.hub": "/merchant", "staff@demo.hub": "/property",
              "admin@demo.hub": "/admin"}


def open_page(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_selector("#hydrated", state="attached", timeout=30_000)


def open_page_until(page: Page, base_url: str, path: str, shown: Locator, tries: int = 8) -> None:
    """Open `path` again, a second apart, until `shown` is on it: for a change written by another
    process (the test's own, as by another worker), which the app sees within a few seconds (reads
    kept 5 s: core/kept_reads.py; a session check reused until the change bell says it ended:
    core/read_checks.py)."""
    for _ in range(tries):
        open_page(page, base_url, path)
        expect(page.get_by_role("heading", name=re.compile("."), level=1).first).to_be_visible()
        if shown.count():
            return
        page.wait_for_timeout(1000)
    expect(shown.first).to_be_visible()


def log_in(page: Page, base_url: str, identifier: str, password: str = DEMO_PASSWORD,
           next_path: str | None = None) -> None:
    open_page(page, base_url, f"/login?next={next_path}" if next_path else "/login")
    page.fill("#identifier", identifier)
    page.fill("#password", password)
    page.click("#login-submit")


def log_in_as(page: Page, base_url: str, identifier: str, path: str | None = None, *, home: str | None = None,
              password: str = DEMO_PASSWORD, next_path: str | None = None) -> Page:
    """Log in (asking for `next_path` when given), wait for where that lands (`home`, `next_path` or the
    demo account's home), then open `path`."""
    log_in(page, base_url, identifier, password, next_path)
    expect_path(page, home or next_path or DEMO_HOMES[identifier])
    if path:
        open_page(page, base_url, path)
    return page


def send_registration(page: Page, base_url: str, name: str, identifier: str, password: str,
                      community: str = "Maple Court") -> None:
    """Fill in the sign-up form, field by field as labelled, and send it."""
    open_page(page, base_url, "/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email or mobile number").fill(identifier)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_label("Community").select_option(label=community)
    page.get_by_role("button", name="Create account").click()
    expect_path(page, "/verify")


def register_and_log_in(page: Page, base_url: str, mailbox, name: str, identifier: str, password: str,
                        community: str = "Maple Court") -> Page:
    """A new member signs up, types the code emailed to them, logs in and lands on the resident home."""
    send_registration(page, base_url, name, identifier, password, community)
    page.get_by_label("Code").fill(mailbox.wait_for_code(identifier))
    page.get_by_role("button", name="Confirm").click()
    expect_path(page, "/login")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect_path(page, "/home")
    return page


def expect_path(page: Page, path: str, timeout: int = 15_000) -> None:
    expect(page).to_have_url(re.compile(rf"^[^?#]*{re.escape(path.rstrip('/'))}/?(\?.*)?$"), timeout=timeout)


def shot(page: Page, name: str) -> None:
    """A full-page screenshot when HUB_SHOTS names a folder (to look at the screens); nothing otherwise."""
    if folder := os.environ.get("HUB_SHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def pick_option(page: Page, trigger, option: str) -> None:
    """Open a select (its trigger button) and choose the option by its name."""
    trigger.click()
    page.get_by_role("option", name=option, exact=True).click()


def two_fields(staff: Page, first: str, second: str, second_kind: str) -> None:
    """In the office's form or channel builder: a required first field (text) and a second field of
    the kind `second_kind` ("image", "choice", "phone")."""
    staff.locator(".field-label input").nth(0).fill(first)
    staff.locator(".field-required").nth(0).click()
    staff.click("#add-field")
    staff.locator(".field-label input").nth(1).fill(second)
    pick_option(staff, staff.locator(".field-row").nth(1).locator("button[role=combobox]"), second_kind)
