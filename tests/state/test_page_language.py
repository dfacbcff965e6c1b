"""What a page shows follows the page's language: a resident reading in 中文 sees their bills' due
dates as 2026年12月10日 and downloads a statement whose columns are Chinese; in English the same
page keeps 2026-12-10 and the same file its English columns."""

from __future__ import annotations

import asyncio
import base64
import re

from tests.state import harness


def _downloaded(browser) -> str:
    """The text of the last file the page handed the browser (rx.download sends it as a data URL)."""
    sent = re.findall(r"data:text/plain;base64,([A-Za-z0-9+/=]+)", repr(browser.received))
    return base64.b64decode(sent[-1]).decode()


def test_a_chinese_readers_statement_has_chinese_columns(demo):
    from state.resident.bills import ResidentBillsState
    from state.shared.language import LanguageState

    async def run(lang: str) -> str:
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/bills")
            async with riley.root() as root:
                (await root.get_state(LanguageState)).lang = lang
            error = await riley.send(ResidentBillsState.event_handlers["download_statement"], {})
            assert error is None
            return _downloaded(riley)

    chinese, english = asyncio.run(run("zh")), asyncio.run(run("en"))
    assert chinese.splitlines()[0] == "日期,账期,账单,简介,金额,余额,币种"
    assert english.splitlines()[0] == "date,period,bill,description,amount,balance,currency"


def test_a_chinese_reader_sees_due_dates_and_money_written_the_chinese_way(demo):
    from state.resident.bills import ResidentBillsState
    from state.shared.language import LanguageState

    async def run(lang: str) -> list[dict]:
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/bills")
            async with riley.root() as root:
                (await root.get_state(LanguageState)).lang = lang
            assert await riley.send(ResidentBillsState.event_handlers["load"], {}) is None
            async with riley.root() as root:
                bills = await root.get_state(ResidentBillsState)
                return list(bills.current) + list(bills.past)

    chinese, english = asyncio.run(run("zh")), asyncio.run(run("en"))
    assert chinese and len(chinese) == len(english)
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", chinese[0]["due"]), chinese[0]["due"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", english[0]["due"]), english[0]["due"]
    assert english[0]["total"].startswith("$") and chinese[0]["total"].startswith("US$")


def test_a_chinese_reader_sees_the_shops_open_stock_and_hours_words_in_chinese(demo):
    from state.resident.shop_page import ShopPageState
    from state.shared.language import LanguageState

    async def run(lang: str) -> tuple[dict, list, list]:
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/shop/maple-bakery")
            async with riley.root() as root:
                (await root.get_state(LanguageState)).lang = lang
            assert await riley.send(ShopPageState.event_handlers["load"], {}) is None
            async with riley.root() as root:
                shop = await root.get_state(ShopPageState)
                return dict(shop.shop), list(shop.hours), [p["stock"] for g in shop.sections for p in g.products]

    (zh, zh_hours, zh_stock), (en, en_hours, en_stock) = asyncio.run(run("zh")), asyncio.run(run("en"))
    assert zh["open"] in ("营业中", "已打烊") and en["open"] in ("Open now", "Closed now")
    assert zh["pickup"] in ("可自取", "仅配送") and zh["radius"].startswith("配送范围")
    assert all(re.fullmatch(r"有货|已售罄|仅剩 \d+ 件|", s) for s in zh_stock) and any(zh_stock)
    assert all(re.fullmatch(r"In stock|Sold out|Only \d+ left|", s) for s in en_stock)
    assert all(h[:2] in ("周一", "周二", "周三", "周四", "周五", "周六", "周日") for h in zh_hours)
    assert all(h[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") for h in en_hours)
