"""A resident searches in Chinese: a two-character word finds the demo's Chinese product, whose name
holds it among other characters (no spaces), and the Chinese grocer that sells it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in_as


def _search(page: Page, words: str) -> None:
    page.get_by_placeholder("Milk, croissant, plasters…").fill(words)
    page.get_by_role("button", name="Search").click()


def test_a_two_character_chinese_word_finds_the_chinese_product(page: Page, base_url: str):
    log_in_as(page, base_url, "resident@demo.hub", "/search")
    _search(page, "全脂")  # "whole-fat": the middle of 有机全脂牛奶 ("organic whole milk")
    expect(page.get_by_text("有机全脂牛奶 1 升")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("1 product", exact=True)).to_be_visible()

    _search(page, "牛奶")  # "milk": the product, and the grocer whose description mentions it
    expect(page.get_by_text("有机全脂牛奶 1 升")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", name="Shops")).to_be_visible()
    expect(page.get_by_text("好邻居超市").first).to_be_visible()
    expect(page.get_by_text("Whole milk 1 L")).to_have_count(0)  # the English milk is not 牛奶

    _search(page, "奶全")  # the same characters, not standing together: nothing
    expect(page.get_by_text("Nothing found")).to_be_visible(timeout=10_000)
