"""A merchant whose browser asks for Chinese runs the shop in Chinese: the dashboard, the orders
list with its tabs and alerts, and the product editor, whose refusal of an empty form reads in
Chinese too."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.e2e.helpers import expect_path, log_in, open_page


def test_the_merchant_screens_read_in_chinese(browser: Browser, base_url: str):
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        log_in(page, base_url, "merchant@demo.hub")
        expect_path(page, "/merchant")
        expect(page.get_by_role("heading", name="商户工作台")).to_be_visible()
        expect(page.get_by_text("今日订单")).to_be_visible()
        expect(page.get_by_role("heading", name="近 30 天销售额")).to_be_visible()

        open_page(page, base_url, "/merchant/orders")
        expect(page.get_by_role("heading", name="订单", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="开启订单提醒")).to_be_visible()
        expect(page.locator("#tab-all")).to_contain_text("全部")
        expect(page.locator("#tab-paid")).to_contain_text("新订单（")

        open_page(page, base_url, "/merchant/products")
        expect(page.get_by_role("heading", name="商品", exact=True)).to_be_visible()
        page.get_by_role("button", name="新商品").click()
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_role("heading", name="新商品")).to_be_visible()
        expect(dialog.get_by_label("价格（例如 3.50）")).to_be_visible()
        dialog.get_by_role("button", name="保存", exact=True).click()
        # The refusal names what to fix, in Chinese (the service's words translated as well).
        expect(dialog.get_by_role("alert")).to_contain_text("请修正")
    finally:
        ctx.close()
