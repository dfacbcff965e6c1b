"""The browser tab's title reads in the page's language: a Chinese browser gets 登录 · 社区中心 on the
log-in page (public) and 订单 · 社区中心 on a member's page (protected); switching to English retitles
the open tab at once (no reload), as the rest of the page switches; an English reader's titles stay
English. The HTML's <title> stays the English key (search engines, the first paint)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.e2e import test_merchant_journeys as merchant_steps
from tests.e2e.helpers import DEMO_PASSWORD, expect_path, log_in, open_page


def test_a_chinese_readers_tab_title_is_chinese_and_follows_the_switch(browser: Browser, base_url: str):
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        open_page(page, base_url, "/login")
        expect(page).to_have_title("登录 · 社区中心")
        expect(page.get_by_role("link", name="注册", exact=True)).to_be_visible()  # the page is there too
        page.get_by_label("邮箱或手机号").fill("resident@demo.hub")
        page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        expect_path(page, "/home")
        expect(page).to_have_title("首页 · 社区中心")
        open_page(page, base_url, "/orders")
        expect(page).to_have_title("订单 · 社区中心")
        expect(page.get_by_role("button", name="退出登录")).to_be_visible()
        page.get_by_role("button", name="English").click()
        expect(page).to_have_title("Orders · Community Hub")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        page.get_by_role("button", name="中文").click()
        expect(page).to_have_title("订单 · 社区中心")
        # Moving inside the app (no reload) titles the next page in Chinese too.
        page.get_by_role("link", name="首页", exact=True).first.click()
        expect_path(page, "/home")
        expect(page).to_have_title("首页 · 社区中心")
    finally:
        ctx.close()


def test_an_english_readers_tab_title_stays_english(browser: Browser, base_url: str):
    ctx = browser.new_context(locale="en-US")
    try:
        page = ctx.new_page()
        open_page(page, base_url, "/login")
        expect(page).to_have_title("Log in · Community Hub")
        # (The resident chose Chinese above, and an account's choice wins: the merchant has none.)
        log_in(page, base_url, "merchant@demo.hub")
        expect_path(page, "/merchant")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        expect(page).to_have_title("Merchant dashboard · Community Hub")
    finally:
        ctx.close()


def test_the_waiting_orders_count_stays_in_front_when_the_language_switches(browser: Browser, base_url: str,
                                                                          e2e_db_url: str):
    merchant_steps.order(e2e_db_url)  # a paid order waits: the merchant's tab shows "(1) Orders · ..."
    ctx = browser.new_context(locale="en-US")
    try:
        page = ctx.new_page()
        log_in(page, base_url, "merchant@demo.hub")
        expect_path(page, "/merchant")
        open_page(page, base_url, "/merchant/orders")
        expect(page).to_have_title(re.compile(r"^\(\d+\) Orders · Community Hub$"), timeout=10_000)
        page.get_by_role("button", name="中文").click()
        expect(page).to_have_title(re.compile(r"^\(\d+\) 订单 · 社区中心$"))
        page.get_by_role("button", name="English").click()  # the merchant's choice back as it was
        expect(page).to_have_title(re.compile(r"^\(\d+\) Orders · Community Hub$"))
    finally:
        ctx.close()
