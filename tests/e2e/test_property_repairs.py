"""A resident reports a repair with a photo (a wrong file type is refused first), staff triage and
dispatch it to the worker, the worker works it through to done with a photo, the resident rates it."""

from __future__ import annotations

import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import expect_path, open_page, shot


def _png(path) -> str:
    Image.new("RGB", (40, 30), (200, 60, 40)).save(path, "PNG")
    return str(path)


def test_repair_from_report_to_rating(signed_in, base_url: str, tmp_path):
    fake = tmp_path / "leak.png"
    fake.write_text("this is not an image")
    photo = _png(tmp_path / "sink.png")
    resident = signed_in("resident@demo.hub", "/repairs")
    resident.click("#repair-category")
    resident.get_by_role("option", name="Plumbing").click()
    resident.fill("#repair-location", "Kitchen sink")
    resident.fill("#repair-description", "Water drips from the pipe under the sink.")
    resident.fill("#repair-time", "Weekdays after 17:00")
    # A text file named .png is refused by its content, and no repair is created.
    resident.set_input_files("#repair-photos-box input[type=file]", str(fake))
    resident.click("#repair-submit")
    expect(resident.get_by_role("alert")).to_contain_text("That file type is not accepted")
    expect(resident.locator(".repair-row")).to_have_count(0)
    resident.set_input_files("#repair-photos-box input[type=file]", photo)
    expect(resident.locator(".picked-file")).to_have_text("sink.png")
    resident.click("#repair-submit")
    expect(resident.get_by_role("status")).to_contain_text("reported")
    number = re.search(r"#(\d+)", resident.get_by_role("status").inner_text()).group(1)
    expect(resident.locator(".repair-row")).to_contain_text("Plumbing")
    shot(resident, "repairs-resident")

    staff = signed_in("staff@demo.hub", "/property/workorders")
    row = staff.locator(".wo-row", has_text=f"#{number}")
    row.get_by_role("button", name="Triage").click()
    expect(row.locator(".wo-status")).to_have_text("triaged")
    shot(staff, "workorders-staff")
    row.get_by_role("button", name="Dispatch").click()
    staff.click("#dispatch-worker")
    staff.get_by_role("option", name="Wes Worker").click()
    staff.click("#dispatch-send")
    expect(staff.get_by_role("status")).to_contain_text(f"#{number} dispatched to Wes Worker")

    # The worker has no resident or staff role: they log in straight to their jobs.
    worker = signed_in("worker@demo.hub", next_path="/worker")
    worker.locator(".worker-job", has_text=f"#{number}").click()
    expect_path(worker, f"/repairs/{number}")
    expect(worker.locator(".wo-photo")).to_have_count(1)  # the resident's photo
    worker.click("#wo-accept")
    expect(worker.locator("#wo-head .wo-status")).to_have_text("accepted")
    worker.click("#wo-on-the-way")
    expect(worker.locator("#wo-head .wo-status")).to_have_text("on the way")
    worker.click("#wo-start")
    expect(worker.locator("#wo-head .wo-status")).to_have_text("in progress")
    worker.set_input_files("#done-photos-box input[type=file]", photo)
    shot(worker, "repair-worker")
    worker.click("#wo-done")
    expect(worker.locator("#wo-head .wo-status")).to_have_text("done")
    expect(worker.locator(".wo-photo")).to_have_count(2)

    open_page(resident, base_url, f"/repairs/{number}")
    expect(resident.locator("#wo-head .wo-status")).to_have_text("done")
    resident.click("#wo-confirm")
    expect(resident.locator("#wo-head .wo-status")).to_have_text("confirmed")
    expect(resident.locator("#wo-rating")).to_have_text("Rated 5 of 5")
    expect(resident.locator("#wo-timeline")).to_contain_text("Wes Worker")
    shot(resident, "repair-confirmed")
