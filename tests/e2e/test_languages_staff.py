"""Property staff and platform admins in 简体中文: a Chinese browser gets the notices and bills
screens and the members list in Chinese — headings, buttons, column titles, the choices of a select
and a refusal — while the element ids and the English text stay what the other tests use."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.e2e.helpers import log_in_as, open_page, pick_option


def test_staff_read_notices_and_bills_in_chinese(browser: Browser, base_url: str):
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = log_in_as(ctx.new_page(), base_url, "staff@demo.hub", "/property/notices")
        expect(page.get_by_role("heading", name="公告", exact=True)).to_be_visible()
        expect(page.get_by_text("草稿在发布前仅物业人员可见。")).to_be_visible()
        page.get_by_role("button", name="新建公告").click()
        expect(page.get_by_role("dialog")).to_contain_text("新建公告")
        page.fill("#notice-title", "电梯检修")
        # The audience select offers its choices in Chinese; an unknown building is refused in Chinese.
        pick_option(page, page.get_by_label("发送对象"), "指定楼栋")
        page.fill("#notice-buildings", "Z")
        page.get_by_role("button", name="保存草稿").click()
        expect(page.get_by_role("alert")).to_contain_text("本社区没有 Z 楼")
        page.get_by_role("button", name="取消").click()
        expect(page.get_by_role("dialog")).to_have_count(0)

        open_page(page, base_url, "/property/bills")
        expect(page.get_by_role("heading", name="物业费")).to_be_visible()
        expect(page.get_by_role("button", name="发送催缴提醒")).to_be_visible()
        expect(page.locator("#bills-table")).to_contain_text("未缴")
        expect(page.locator("#collection-line")).to_contain_text("张账单中已付 0 张")
        page.locator("#bills-table").get_by_role("button", name="登记收款").first.click()
        page.fill("#pay-amount", "99999")
        page.get_by_role("button", name="登记", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("超出了这张账单应缴的")
    finally:
        ctx.close()


def test_an_admin_reads_the_members_list_in_chinese(browser: Browser, base_url: str):
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = log_in_as(ctx.new_page(), base_url, "admin@demo.hub", "/admin/users")
        expect(page.get_by_role("heading", name="成员", exact=True)).to_be_visible()
        expect(page.get_by_placeholder("搜索姓名、邮箱或手机号")).to_be_visible()
        expect(page.get_by_role("columnheader", name="角色")).to_be_visible()
        table = page.locator("#members-table")
        expect(table).to_contain_text("正常")
        expect(table).to_contain_text("物业")  # a role name, in Chinese
        table.get_by_role("button", name="角色").first.click()
        expect(page.get_by_role("dialog")).to_contain_text("的角色")
        expect(page.get_by_role("button", name="保存角色")).to_be_visible()
    finally:
        ctx.close()
