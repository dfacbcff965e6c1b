"""What a person does in the browser, in a few words."""

from __future__ import annotations

from playwright.sync_api import Page, expect

DEMO_PASSWORD = "demo-pass-1"


def open_page(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_selector("#hydrated", state="attached", timeout=30_000)


def log_in(page: Page, base_url: str, identifier: str, password: str = DEMO_PASSWORD) -> None:
    open_page(page, base_url, "/login")
    page.fill("#identifier", identifier)
    page.fill("#password", password)
    page.click("#login-submit")


def expect_path(page: Page, path: str, timeout: int = 15_000) -> None:
    import re

    expect(page).to_have_url(re.compile(rf"^[^?#]*{re.escape(path.rstrip('/'))}/?(\?.*)?$"), timeout=timeout)
