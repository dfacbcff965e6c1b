"""Staff publish an urgent notice; a resident with any page open (the shop here) sees the urgent
banner appear without reloading, and the notices list highlights it; opening it takes the banner
away and shows up in the staff's read receipts."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import open_page, shot


def test_urgent_notice_reaches_an_open_resident_page_live(signed_in, base_url: str, tmp_path):
    pdf = tmp_path / "lift-plan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% a tiny test document\n%%EOF\n")
    resident = signed_in("resident@demo.hub", "/shop")
    banner = resident.locator("#urgent-banner")
    resident.wait_for_timeout(1000)  # the shell's first read of the unread count
    counts = resident.locator("#unread-count:visible").all_inner_texts()
    unread_before = int(counts[0]) if counts else 0
    expect(banner).not_to_contain_text("Lift out of service")

    staff = signed_in("staff@demo.hub", "/property/notices")
    staff.click("#new-notice")
    # Bad input first: no title is refused and nothing is created.
    staff.click("#notice-publish")
    expect(staff.get_by_role("alert")).to_contain_text("Give the notice a title")
    staff.fill("#notice-title", "Lift out of service")
    staff.fill("#notice-body", "The **B lift** is out of service until 18:00.")
    staff.click("#notice-urgent")
    staff.set_input_files("#notice-files-box input[type=file]", str(pdf))
    staff.click("#notice-publish")
    expect(staff.get_by_role("status")).to_contain_text("residents are being told by SMS and email")
    row = staff.locator(".notice-row", has_text="Lift out of service")
    expect(row).to_contain_text("published")
    expect(row).to_contain_text("urgent")

    # The resident did nothing: the shop page they are on shows the urgent banner.
    # Within seconds: the banner's poller waits on the change bell (it polled every 10 s).
    expect(banner).to_contain_text("Urgent: Lift out of service", timeout=6_000)
    # The urgent notice also left a note in the inbox: the count beside Inbox moved by itself.
    # (the note goes through the outbox, a second or so after the banner: its write rings again)
    expect(resident.locator("#unread-count:visible")).to_have_text(str(unread_before + 1), timeout=8_000)
    shot(resident, "urgent-banner-on-shop")
    # The notices list has it highlighted.
    open_page(resident, base_url, "/notices")
    urgent = resident.locator(".notice-card.urgent", has_text="Lift out of service")
    expect(urgent).to_be_visible(timeout=10_000)
    shot(resident, "notices-resident")
    urgent.click()
    expect(resident.locator("#notice-title")).to_have_text("Lift out of service")
    expect(resident.locator("#notice-body")).to_contain_text("B lift")
    with resident.expect_download() as download:
        resident.locator("#notice-attachments").get_by_role("button", name="lift-plan.pdf").click()
    assert open(download.value.path(), "rb").read().startswith(b"%PDF-")
    open_page(resident, base_url, "/home")  # read: the banner is gone from every page
    expect(resident.get_by_role("heading", name="Hello")).to_be_visible()
    expect(resident.locator("#urgent-banner")).not_to_contain_text("Lift out of service")

    # Staff see who has read it.
    row.get_by_role("button", name="Read by").click()
    expect(staff.locator("#receipts-read")).to_contain_text("Riley Resident")
    expect(staff.locator("#receipts-unread")).to_contain_text("Noor Neighbour")
    shot(staff, "notices-staff-receipts")
