"""The card issuing centre as an admin meets it (issue 16): a programme with two levels and a
commission plan (a plan over its cap refused), a batch of cards made (another admin sees it
appear), handed to staff, its PDF sheet downloaded with the cards' numbers on it, a card disabled
with a reason (a missing reason refused) and found by number, and the audit log saying so."""

from __future__ import annotations

import re
import zlib

from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in_as, open_page


def _pdf_text(data: bytes) -> str:
    """The text drawn in a PDF, roughly: every content stream, inflated when compressed."""
    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            out.append(raw.decode("latin-1"))
    return "\n".join(out)


def _add_level(page: Page, name: str, fee: str, *, yearly=False, discount="0", multiplier="1", rank="1",
               perms=()) -> None:
    page.get_by_role("button", name="Add level").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Level name").fill(name)
    dialog.get_by_label("Fee", exact=True).fill(fee)
    if yearly:
        dialog.get_by_label("Fee paid").select_option("yearly")
    dialog.get_by_label("Member discount (%)").fill(discount)
    dialog.get_by_label("Points multiplier").fill(multiplier)
    dialog.get_by_label("Priority rank").fill(rank)
    for perm in perms:
        dialog.get_by_role("checkbox", name=perm).click()
    dialog.get_by_role("button", name="Save level").click()
    expect(page.get_by_role("status")).to_contain_text(f"Level {name} saved")


def test_an_admin_runs_the_card_issuing_centre(page: Page, base_url: str, signed_in):
    log_in_as(page, base_url, "admin@demo.hub", "/admin/cards")
    expect(page.get_by_role("rowheader", name="Residents' Club")).to_be_visible()  # the demo's own programme

    page.get_by_role("button", name="New programme").click()
    page.get_by_role("dialog").get_by_label("Programme name").fill("Neighbours Club")
    page.get_by_role("dialog").get_by_label("Member discounts are paid by").select_option("merchant")
    page.get_by_role("button", name="Save programme").click()
    expect(page.get_by_role("status")).to_contain_text("Neighbours Club made")
    expect(page.locator("#programme-detail")).to_contain_text("the shop (it sells for less)")

    _add_level(page, "Standard", "0")
    _add_level(page, "Gold", "25", yearly=True, discount="5", multiplier="1.5", rank="3",
               perms=("May book services first",))
    rows = page.locator("#levels-table .level-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Gold")  # the higher rank first
    expect(rows.first).to_contain_text("5 %")
    expect(rows.first).to_contain_text("×1.5")
    expect(rows.first).to_contain_text("May book services first")
    expect(rows.nth(1)).to_contain_text("free")

    # The commission plan: ratios above the cap are refused in the dialog, then saved.
    page.get_by_role("button", name="Change commission plan").click()
    plan = page.get_by_role("dialog")
    plan.get_by_label("1st level (%)").fill("10")
    plan.get_by_label("2nd level (%)").fill("5")
    plan.get_by_label("Cap per sale (% of the platform's fee)").fill("12")
    plan.get_by_role("button", name="Save plan").click()
    expect(plan.get_by_role("alert")).to_contain_text("more than the cap")
    plan.get_by_label("Cap per sale (% of the platform's fee)").fill("20")
    plan.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("status")).to_contain_text("applies to orders placed from now on")
    expect(page.locator("#plan-facts")).to_contain_text("20 %")
    rules = page.locator("#programme-rules")
    expect(rules).to_contain_text("the higher level first, then whoever registered first")
    expect(rules).to_contain_text("A suspended agent's level")
    expect(rules).to_contain_text("keep what they paid")

    # Another admin watches the batches page while the batch is made.
    other = signed_in("admin@demo.hub", "/admin/cards/batches")
    expect(other.locator(".batch-row")).to_have_count(1)  # the demo's own batch only
    expect(other.locator(".batch-row").first).to_contain_text("Residents' Club")

    page.get_by_role("navigation", name="Card issuing centre").get_by_role("link", name="Card batches").click()
    page.get_by_role("button", name="New batch").click()
    make = page.get_by_role("dialog")
    make.get_by_label("Level").select_option(label="Gold")
    make.get_by_label("Number of cards").fill("150")
    make.get_by_role("button", name="Make cards").click()  # a large batch asks first
    expect(make.locator("#large-batch")).to_contain_text("Make 150 cards?")
    expect(make.get_by_role("button", name="Yes, make them")).to_be_visible()
    make.get_by_label("Number of cards").fill("3")  # thought better of it
    expect(make.locator("#large-batch")).to_have_count(0)
    make.get_by_role("button", name="Make cards").click()
    expect(page.get_by_role("status")).to_contain_text("3 Gold cards")
    batch = page.locator(".batch-row").first
    expect(batch).to_contain_text("3 issued")
    expect(other.locator(".batch-row")).to_have_count(2)  # live, no reload
    expect(other.locator(".batch-row").first).to_contain_text("Neighbours Club")

    batch.get_by_role("button", name=re.compile(r"^Hand out batch")).click()
    hand = page.get_by_role("dialog")
    staff = hand.locator("option", has_text="staff@demo.hub").get_attribute("value")
    hand.get_by_label("Who hands the cards out").select_option(staff)
    hand.get_by_role("button", name="Hand out").click()
    expect(page.get_by_role("status")).to_contain_text("handed to Sam Staff")
    expect(batch).to_contain_text("3 assigned")

    batch.get_by_role("button", name=re.compile(r"^Cards of batch")).click()
    expect(page.locator("#batch-cards .card-row")).to_have_count(3)
    numbers = [n.strip() for n in page.locator("#batch-cards .card-row th").all_inner_texts()]
    assert len(numbers) == 3 and all(re.fullmatch(r"\d{12}", n) for n in numbers)

    with page.expect_download() as download:
        batch.get_by_role("button", name=re.compile(r"^Download the PDF sheet")).click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    drawn = _pdf_text(data)
    for number in numbers:
        assert f"No. {number}" in drawn

    # Disabling a card asks why; without a reason nothing happens.
    first = numbers[0]
    page.get_by_role("button", name=f"Disable card {first}").click()
    ask = page.get_by_role("dialog")
    expect(ask).to_contain_text("This cannot be undone")
    ask.get_by_role("button", name="Disable card").click()
    expect(ask.get_by_role("alert")).to_contain_text("Enter the reason")
    ask.get_by_label("Reason (kept in the audit log)").fill("Lost at the summer fair")
    ask.get_by_role("button", name="Disable card").click()
    expect(page.get_by_role("status")).to_contain_text(f"Card {first} is disabled for good")
    expect(page.locator(".card-row", has_text=first)).to_contain_text("disabled")
    expect(batch).to_contain_text("1 disabled")

    page.get_by_label("Find a card by number").fill(f"{first[:4]} {first[4:8]} {first[8:]}")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#found-card")).to_contain_text("Lost at the summer fair")
    page.get_by_label("Find a card by number").fill("000000000000")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("alert")).to_contain_text("No card has the number 000000000000")

    open_page(page, base_url, "/admin/audit")
    entry = page.locator(".audit-row", has_text="Membership card disabled")
    expect(entry).to_contain_text("Lost at the summer fair")
    expect(entry).to_contain_text(first)

    # Nobody activated a card yet: the cardholders page says so, with the priority rule.
    open_page(page, base_url, "/admin/cards/holders")
    expect(page.locator("#priority-rule")).to_contain_text("the higher level first")
    expect(page.get_by_text("No cardholders yet")).to_be_visible()
    expect(page.get_by_text("No groups yet")).to_be_visible()
