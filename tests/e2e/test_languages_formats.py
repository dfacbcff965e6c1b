"""Dates and the remaining words in 简体中文: a member whose browser asks for Chinese reads their
bill's due date as 2026年12月10日 and its status, and writes to the office in Chinese (the kinds of
message, the placeholders, the notice and the conversation's status). The shop page's words are
checked in tests/state/test_page_language.py."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.e2e.helpers import expect_path, log_in, open_page, pick_option

# A neighbour with no language of their own on the account: the browser's Chinese is what they get.
MEMBER = "omar@demo.hub"


def test_bill_dates_and_the_care_page_read_in_chinese(browser: Browser, base_url: str):
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        log_in(page, base_url, MEMBER)
        expect_path(page, "/home")

        open_page(page, base_url, "/bills")
        expect(page.get_by_text(re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")).first).to_be_visible()
        expect(page.get_by_text(re.compile(r"^未缴$")).first).to_be_visible()  # the bill's status badge

        open_page(page, base_url, "/care")
        expect(page.get_by_role("heading", name="给物业留言")).to_be_visible()
        pick_option(page, page.locator("#care-kind"), "建议")
        page.get_by_placeholder("主题").fill("楼道灯")
        page.get_by_placeholder("您的留言").fill("三楼的灯坏了。")
        page.get_by_role("button", name="发送", exact=True).click()
        expect(page.get_by_text("已发送。物业会在这里回复并通知您。")).to_be_visible()
        ticket = page.locator(".care-ticket").filter(has_text="楼道灯")
        expect(ticket.get_by_text("建议", exact=True)).to_be_visible()
        expect(ticket.locator(".care-status")).to_have_text("待处理")
    finally:
        ctx.close()
