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


def test_a_language_chosen_in_another_tab_reaches_this_one_at_its_next_link(browser: Browser, base_url: str):
    """A link sends the browser's cookies to the server only when they changed
    (state/link_cookies.py): an unchanged link sends none, and a language chosen in another tab
    of the same browser reaches this tab's next page all the same."""
    ctx = browser.new_context(locale="en-US")
    try:
        here = ctx.new_page()
        sent: list[str] = []
        here.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(str(frame))))
        log_in(here, base_url, "resident@demo.hub")
        expect_path(here, "/home")
        expect(here.get_by_role("button", name="Log out")).to_be_visible()
        here.wait_for_timeout(500)  # the link after logging in carried the new session cookie
        sent.clear()
        here.get_by_role("link", name="Orders").first.click()
        expect_path(here, "/orders")
        expect(here.get_by_role("heading", name="Your orders", level=1)).to_be_visible()
        assert any("on_load_internal" in f for f in sent), "the link was not seen on the socket"
        assert not any("update_vars_internal" in f for f in sent), "unchanged cookies were sent again"

        other = ctx.new_page()
        open_page(other, base_url, "/home")
        other.get_by_role("button", name="中文").click()
        expect(other.get_by_role("button", name="退出登录")).to_be_visible()

        here.get_by_role("link", name="Home").first.click()
        expect_path(here, "/home")
        expect(here.get_by_role("button", name="退出登录")).to_be_visible()
        assert any("update_vars_internal" in f and "zh" in f for f in sent), "the changed cookie was not sent"
        here.get_by_role("button", name="English").click()  # the account's choice back for the tests after
        expect(here.get_by_role("button", name="Log out")).to_be_visible()
    finally:
        ctx.close()
