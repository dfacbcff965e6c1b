"""A property company sets up a community on its own, in Chromium against the production build:
a staff member starts a community, imports two buildings of units from a CSV (a bad line first:
nothing imported, the line and its reason listed), registers a lobby kiosk whose login and
pairing are shown once, pairs the real hardware bridge with them and sees the kiosk connect, and
issues a household code that a newly registered resident then uses to join the unit."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from tests.bridge.conftest import FakeSerialPort
from tests.e2e import kiosk_rig
from tests.e2e.conftest import ROOT
from tests.e2e.helpers import expect_path, log_in, log_in_as, open_page, register_and_log_in, shot
from tests.throwaway import free_port

kiosk_data_dir = kiosk_rig.kiosk_data_dir  # the folder of the fake serial ports

GOOD_CSV = ("building,unit,floor_area,owner_name,contact\n"
            "A,101,85,Ann Lee,+1 555 0101\n"
            "A,102,72,,\n"
            "B,201,120,Bo Chen,bo@example.test\n")
BAD_CSV = GOOD_CSV + "B,201,90,,\nC,1,lots,,\n"


class PairedBridge(kiosk_rig.Bridge):
    """The real bridge process, started with the pairing a staff member read off the screen."""

    kiosk_code: str = ""
    token: str = ""
    secret: str = ""

    def start(self) -> None:
        env = {**os.environ, "HUB_BRIDGE_TOKEN": self.token, "HUB_BRIDGE_SECRET": self.secret}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hardware_bridge", "--kiosk-id", self.kiosk_code, "--origin", self.origin,
             "--scanner", str(self.scanner.link), "--card-reader", str(self.card_reader.link), "--simulate",
             "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        line = self.proc.stdout.readline()
        assert "listening on" in line, line


@pytest.fixture
def bridge_port() -> int:
    return free_port()


@pytest.fixture
def paired(base_url, kiosk_data_dir):
    made: list[PairedBridge] = []

    def start(code: str, token: str, secret: str, port: int) -> PairedBridge:
        b = PairedBridge(port, FakeSerialPort(kiosk_data_dir / f"scanner-{code}"),
                         FakeSerialPort(kiosk_data_dir / f"reader-{code}"), base_url)
        b.kiosk_code, b.token, b.secret = code, token, secret
        b.start()
        made.append(b)
        return b

    yield start
    for b in made:
        b.stop()
        b.scanner.unplug()
        b.card_reader.unplug()


def _create_community(staff: Page) -> None:
    staff.get_by_role("link", name="Communities").first.click()
    expect_path(staff, "/property/communities")
    staff.wait_for_selector("#hydrated", state="attached")
    staff.get_by_role("button", name="New community").click()
    dialog = staff.get_by_role("dialog")
    dialog.get_by_label("Name", exact=True).fill("Birch Yard")
    dialog.get_by_label("Web address name", exact=True).fill("maple-court")  # taken: refused, nothing made
    dialog.get_by_label("Address", exact=True).fill("2 Birch Street")
    # A tap on the map places it (the map opens on the community being worked on, Maple Court).
    dialog.locator("#new-map").click()
    expect(dialog.get_by_label("Latitude", exact=True)).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
    expect(dialog.get_by_label("Longitude", exact=True)).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
    shot(staff, "setup-new-community")
    dialog.get_by_label("Latitude", exact=True).fill("40.0021")
    dialog.get_by_label("Longitude", exact=True).fill("-75.0013")
    dialog.get_by_label("Time zone", exact=True).fill("America/New_York")
    dialog.get_by_role("button", name="Create community").click()
    expect(dialog.get_by_role("alert")).to_contain_text("already taken")
    dialog.get_by_label("Web address name", exact=True).fill("birch-yard")
    dialog.get_by_role("button", name="Create community").click()
    expect(staff.locator("body")).to_contain_text("Birch Yard is ready")
    # The picker on every staff page now works on the new community; Maple Court is one pick away.
    expect(staff.get_by_label("Community", exact=True)).to_have_value(re.compile(r"\d+"))
    expect(staff.get_by_label("Community", exact=True).locator("option:checked")).to_have_text("Birch Yard")
    expect(staff.locator("#communities")).to_contain_text("working on it")


def _import_units(staff: Page, tmp_path) -> None:
    staff.get_by_role("link", name="Buildings").first.click()
    expect_path(staff, "/property/buildings")
    staff.wait_for_selector("#hydrated", state="attached")
    expect(staff.get_by_text("No units yet")).to_be_visible()
    staff.get_by_label("CSV text", exact=True).fill(BAD_CSV)
    staff.get_by_role("button", name="Import units").click()
    expect(staff.get_by_role("alert")).to_contain_text("Nothing was imported: 2 rows have problems")
    problems = staff.locator("#import-problems")
    expect(problems).to_contain_text("also on line 4")
    expect(problems).to_contain_text("whole number")
    expect(problems.locator("tbody tr")).to_have_count(2)
    shot(staff, "setup-csv-problems")
    expect(staff.get_by_text("No units yet")).to_be_visible()  # nothing was imported
    # The office's file itself, picked from the disk.
    csv_file = tmp_path / "units.csv"
    csv_file.write_text(GOOD_CSV, encoding="utf-8")
    staff.set_input_files("#units-csv-file input[type=file]", str(csv_file))
    staff.get_by_role("button", name="Import the file").click()
    expect(staff.get_by_role("status")).to_contain_text("Imported 3 units and 2 new buildings")
    expect(staff.locator("#buildings tbody tr")).to_have_count(2)
    expect(staff.locator("#units")).to_contain_text("Bo Chen")
    expect(staff.locator("#units tbody tr")).to_have_count(3)
    shot(staff, "setup-buildings")


def _register_kiosk(staff: Page, bridge_port: int) -> dict[str, str]:
    staff.get_by_role("link", name="Kiosks").first.click()
    expect_path(staff, "/property/kiosks")
    staff.wait_for_selector("#hydrated", state="attached")
    expect(staff.get_by_text("No kiosks yet")).to_be_visible()
    staff.get_by_role("button", name="Register a kiosk").first.click()
    dialog = staff.get_by_role("dialog")
    dialog.get_by_label("Kiosk name", exact=True).fill("Birch lobby")
    dialog.get_by_label("Bridge address", exact=True).fill(f"ws://127.0.0.1:{bridge_port}/")
    dialog.get_by_role("button", name="Register kiosk", exact=True).click()
    shown = staff.get_by_role("dialog")
    expect(shown).to_contain_text("shown only this once")
    shot(staff, "setup-kiosk-shown-once")
    values = {key: staff.locator(f"#shown-{key}").inner_text() for key in ("code", "login", "password", "token",
                                                                            "secret")}
    shown.get_by_role("button", name="I wrote them down").click()
    expect(staff.locator("#kiosks")).to_contain_text("Birch lobby")
    # Never shown again: not in the list, not after opening the page again.
    open_page(staff, staff.url.split("/property")[0], "/property/kiosks")
    expect(staff.locator("#kiosks")).to_contain_text(values["code"])
    for secret in ("password", "token", "secret"):
        expect(staff.locator("body")).not_to_contain_text(values[secret])
    return values


def test_staff_set_up_a_community_kiosk_and_household_a_newcomer_joins(page: Page, new_context, base_url, mailbox,
                                                                       bridge_port, paired, tmp_path):
    staff = log_in_as(page, base_url, "staff@demo.hub")
    _create_community(staff)
    _import_units(staff, tmp_path)
    kiosk = _register_kiosk(staff, bridge_port)

    # The kiosk's computer: its bridge started with the pairing, its browser logged in as the kiosk.
    bridge = paired(kiosk["code"], kiosk["token"], kiosk["secret"], bridge_port)
    lobby = new_context().new_page()
    log_in(lobby, base_url, kiosk["login"], kiosk["password"])
    expect_path(lobby, f"/kiosk/{kiosk['code']}")
    lobby.wait_for_selector("#hydrated", state="attached", timeout=30_000)
    expect(lobby.locator("#bridge-link")).to_have_attribute("data-status", "connected", timeout=15_000)

    # A code for B-201, used by someone who just registered in Birch Yard.
    staff.get_by_role("link", name="Households").first.click()
    expect_path(staff, "/property/households")
    staff.wait_for_selector("#hydrated", state="attached")
    staff.get_by_role("button", name="Open B-201").click()
    staff.get_by_role("button", name="Issue a code").click()
    notice = staff.get_by_role("status")
    expect(notice).to_contain_text("New code for B-201")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", notice.inner_text()).group(0)

    newcomer = register_and_log_in(new_context().new_page(), base_url, mailbox, "Nora Birch",
                                   "nora.birch@example.test", "newcomer-pass-7", community="Birch Yard")
    newcomer.get_by_label("Invitation code", exact=True).fill(code)
    newcomer.get_by_role("button", name="Join household").click()
    expect(newcomer.get_by_role("status")).to_contain_text("you are now part of B-201")
    expect(newcomer.locator("#household")).to_contain_text("B-201")

    open_page(staff, base_url, "/property/buildings")
    expect(staff.locator("#units tbody tr").filter(has_text="B-201")).to_contain_text("1")

    # Her member card for the lobby kiosk, and the sheet to print it.
    open_page(staff, base_url, "/property/cards")
    expect(staff.get_by_text("No cards yet")).to_be_visible()
    staff.get_by_label("Member", exact=True).select_option(label="B-201 · Nora Birch")
    staff.get_by_role("button", name="Issue card").click()
    expect(staff.get_by_role("status")).to_contain_text("issued to Nora Birch")
    expect(staff.locator("#cards")).to_contain_text("works")
    card = re.search(r"HUB-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", staff.get_by_role("status").inner_text()).group(0)
    # The lobby's card reader reads it: the kiosk greets her.
    bridge.card_reader.write(card.encode() + b"\r")
    expect(lobby.locator("#kiosk-member")).to_have_text("Nora Birch", timeout=10_000)
    with staff.expect_download() as sheet:
        staff.get_by_role("button", name="Print card sheet (PDF)").click()
    assert sheet.value.suggested_filename == "member-cards.pdf"
    shot(staff, "setup-cards")
    assert open(sheet.value.path(), "rb").read(5) == b"%PDF-"

    # Back to Maple Court from the picker: every list is Maple Court's again, nothing of Birch Yard.
    open_page(staff, base_url, "/property/households")
    expect(staff.locator("#households")).to_contain_text("B-201")
    staff.get_by_label("Community", exact=True).select_option(label="Maple Court")
    expect(staff.locator("#households")).to_contain_text("C-304")
    expect(staff.locator("#households")).not_to_contain_text("Nora Birch")
    expect(staff.get_by_label("Community", exact=True).locator("option:checked")).to_have_text("Maple Court")
    open_page(staff, base_url, "/property/kiosks")
    expect(staff.locator("#kiosks")).not_to_contain_text("Birch lobby")

    # Birch Yard's kiosk revoked (after a confirmation): the lobby is sent to the log-in page.
    staff.get_by_label("Community", exact=True).select_option(label="Birch Yard")
    expect(staff.locator("#kiosks")).to_contain_text("Birch lobby")
    staff.get_by_role("button", name="Revoke Birch lobby").click()
    staff.get_by_role("alertdialog").get_by_role("button", name="Yes, revoke").click()
    expect(staff.get_by_role("status")).to_contain_text("Kiosk Birch lobby revoked")
    expect(staff.locator("#kiosks")).to_contain_text("revoked")
    open_page(lobby, base_url, f"/kiosk/{kiosk['code']}")
    expect_path(lobby, "/login")


def test_the_setup_screens_and_their_refusals_read_in_chinese(browser, base_url):
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = log_in_as(ctx.new_page(), base_url, "staff@demo.hub", "/property/buildings")
        expect(page.get_by_role("heading", name="楼栋和单元")).to_be_visible()
        expect(page.get_by_label("社区", exact=True).locator("option:checked")).to_have_text("Maple Court")
        page.get_by_label("CSV 内容", exact=True).fill("building,unit,floor_area\nA,1,lots\n")
        page.get_by_role("button", name="导入单元").click()
        expect(page.get_by_role("alert")).to_contain_text("未导入任何内容：有 1 行存在问题")
        expect(page.locator("#import-problems")).to_contain_text("建筑面积必须是 0 到 100000 之间的整数")
        open_page(page, base_url, "/property/kiosks")
        expect(page.get_by_role("heading", name="大堂自助终端")).to_be_visible()
        page.get_by_role("button", name="登记自助终端").first.click()
        page.get_by_label("终端名称", exact=True).fill("大堂")
        page.get_by_label("桥接地址", exact=True).fill("http://example.org/")
        page.get_by_role("button", name="登记终端", exact=True).click()
        expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("桥接地址须以 ws://")
    finally:
        ctx.close()
