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
