"""The resident's screens in 简体中文: a member whose browser asks for Chinese (and who never chose
a language on their account) reads home, the shop and checkout in Chinese, a refusal included."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.e2e.helpers import expect_path, log_in, open_page

# A neighbour no other browser test logs in as: their account keeps no language of its own, so the
# browser's Chinese is what they get (resident@demo.hub's choice is switched by test_languages.py).
MEMBER = "omar@demo.hub"


def test_home_shop_and_checkout_read_in_chinese(browser: Browser, base_url: str):
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        log_in(page, base_url, MEMBER)
        expect_path(page, "/home")
        # Home: the tiles of the day, in Chinese.
        expect(page.get_by_role("heading", name="账单")).to_be_visible()
        expect(page.get_by_role("heading", name="进行中的订单")).to_be_visible()
        expect(page.get_by_role("link", name="附近购物")).to_be_visible()

        open_page(page, base_url, "/shop")
        expect(page.get_by_role("heading", name="附近购物")).to_be_visible()
        expect(page.get_by_role("button", name="向商户求购")).to_be_visible()

        open_page(page, base_url, "/shop/maple-bakery")
        expect(page.get_by_role("heading", name="评价")).to_be_visible()
        page.get_by_role("button", name="加入", exact=True).first.click()
        expect(page.locator("#cart-link")).to_have_text(re.compile(r"购物车（[1-9]\d*）"))

        open_page(page, base_url, "/cart")
        expect(page.get_by_role("heading", name="我的购物车")).to_be_visible()
        page.locator("[id^=cart-checkout-]").first.click()
        expect(page.get_by_role("heading", name="结算")).to_be_visible()
        expect(page.get_by_role("button", name="提交订单")).to_be_visible()
        expect(page.get_by_text("送货上门")).to_be_visible()
        # A refusal from the coupon service, shown next to the field in the reader's language.
        page.get_by_role("button", name="使用", exact=True).click()
        expect(page.locator("#coupon-error")).to_have_text("请输入优惠券码。")
    finally:
        ctx.close()
