"""The lobby kiosk in English or 中文: the passer-by switches on the attract screen; a member who
scans their card reads it in their account's language; when the kiosk goes idle it is back in its
own language for the next person (an English kiosk here: its browser asks for English)."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from community_hub.models import User
from community_hub.models.kiosk_config import KioskBridgeConfig
from community_hub.seed.kiosk import DEMO_CARD
from tests.e2e import kiosk_rig
from tests.e2e.helpers import expect_path, log_in

kiosk_data_dir, app_env_extra, bridge, db_engine = (kiosk_rig.kiosk_data_dir, kiosk_rig.app_env_extra,
                                                    kiosk_rig.bridge, kiosk_rig.db_engine)

ATTRACT_EN = "Scan your member card or pickup code"
ATTRACT_ZH = "请扫描会员卡或取货码"


def _open_kiosk(page: Page, base_url: str) -> None:
    log_in(page, base_url, "kiosk@demo.hub")
    expect_path(page, "/kiosk/lobby-1")
    page.wait_for_selector("#hydrated", state="attached", timeout=30_000)
    expect(page.locator("#bridge-link")).to_have_attribute("data-status", "connected", timeout=15_000)


def _idle_after(eng, seconds: int) -> None:
    with Session(eng) as db:
        for cfg in db.exec(select(KioskBridgeConfig)):
            cfg.idle_seconds = seconds
            db.add(cfg)
        db.commit()


def _member_language(eng, lang: str) -> None:
    with Session(eng) as db:
        user = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
        user.language = lang
        db.add(user)
        db.commit()


def test_the_attract_screen_switches_to_chinese_and_back(page: Page, base_url, bridge, db_engine):
    _open_kiosk(page, base_url)
    expect(page.get_by_role("heading", name=ATTRACT_EN)).to_be_visible()
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name=ATTRACT_ZH)).to_be_visible()
    expect(page.get_by_role("button", name="逛逛附近商店")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("#bridge-link")).to_have_text("设备")  # the device-status corner too
    # A refusal on the screen is in Chinese too (a code the scanner cannot make sense of).
    bridge.scanner.write(b"???\r")
    expect(page.locator("#kiosk-message")).to_contain_text("无法识别该码")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name=ATTRACT_EN)).to_be_visible()
    expect(page.get_by_role("button", name="Browse our shops")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_idle_brings_back_the_kiosk_language_and_a_member_reads_their_own(page: Page, base_url, bridge,
                                                                         db_engine):
    _idle_after(db_engine, 3)
    _member_language(db_engine, "zh")
    try:
        _open_kiosk(page, base_url)
        # Someone switches to Chinese and walks away: the next person finds the kiosk in English.
        page.get_by_role("button", name="中文").click()
        expect(page.get_by_role("heading", name=ATTRACT_ZH)).to_be_visible()
        expect(page.get_by_role("heading", name=ATTRACT_EN)).to_be_visible(timeout=10_000)
        # A member whose account reads Chinese scans their card at the English kiosk.
        bridge.card_reader.write(DEMO_CARD.encode() + b"\r")
        expect(page.locator("#kiosk-member-screen")).to_be_visible(timeout=5_000)
        expect(page.get_by_role("heading", name="待付款")).to_be_visible()
        expect(page.get_by_role("button", name="完成")).to_be_visible()
        # They leave without pressing 完成: logged out and back in the kiosk's language.
        expect(page.get_by_role("heading", name=ATTRACT_EN)).to_be_visible(timeout=10_000)
        expect(page.locator("#kiosk-member")).to_have_count(0)
    finally:
        _idle_after(db_engine, 60)
        _member_language(db_engine, "")
