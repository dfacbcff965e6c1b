"""English and 简体中文: a Chinese browser gets Chinese on its first visit; a member's choice
switches the page at once, without a reload, and follows them to their next log-in."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.e2e.helpers import expect_path, log_in, open_page


def test_a_chinese_browser_is_answered_in_chinese(browser: Browser, base_url: str):
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        open_page(page, base_url, "/login")
        expect(page.get_by_role("link", name="注册", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="中文")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    finally:
        ctx.close()


def test_the_choice_switches_the_page_and_follows_the_member(browser: Browser, base_url: str):
    first = browser.new_context(locale="en-US")
    try:
        page = first.new_page()
        log_in(page, base_url, "resident@demo.hub")
        expect_path(page, "/home")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        page.get_by_role("button", name="中文").click()
        # The same page, now in Chinese: no reload, the menu and the top bar switch together.
        expect(page.get_by_role("button", name="退出登录")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
        open_page(page, base_url, "/orders")
        expect(page.get_by_role("button", name="退出登录")).to_be_visible()
        expect(page.get_by_role("link", name="订单").first).to_be_visible()
    finally:
        first.close()
    # Another device with an English browser: the account's choice wins once logged in.
    second = browser.new_context(locale="en-US")
    try:
        page = second.new_page()
        open_page(page, base_url, "/login")
        expect(page.get_by_role("link", name="Register")).to_be_visible()
        log_in(page, base_url, "resident@demo.hub")
        expect_path(page, "/home")
        expect(page.get_by_role("button", name="退出登录")).to_be_visible()
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
    finally:
        second.close()
