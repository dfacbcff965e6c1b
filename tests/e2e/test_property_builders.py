"""Image fields in the builders: staff add an image field to a form, a resident sends it with a
picture, staff see the submission; staff add a channel entry with a picture and then edit it."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import open_page, shot, two_fields


def _png(name: str) -> dict:
    buf = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 60, 40)).save(buf, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buf.getvalue()}


def test_form_with_an_image_field(signed_in, base_url: str):
    staff = signed_in("staff@demo.hub", "/property/forms")
    staff.click("#new-form")
    staff.fill("#form-title", "Pet registration")
    two_fields(staff, "Pet name", "Photo", "image")
    staff.locator(".field-required").nth(1).click()
    staff.click("#form-publish")
    expect(staff.locator(".form-row", has_text="Pet registration")).to_contain_text("published")

    resident = signed_in("resident@demo.hub", "/forms")
    resident.get_by_text("Pet registration").click()
    resident.wait_for_url(re.compile(r".*/forms/\d+$"))
    resident.fill("#pet_name", "Rex")
    resident.click("#form-send")  # no picture yet: the service names the missing field
    expect(resident.locator(".field-error")).to_have_text("Photo is required.")
    resident.set_input_files("#form-image-0-box input[type=file]", _png("rex.png"))
    expect(resident.locator(".attached-image")).to_contain_text("rex.png")
    resident.click("#form-send")
    expect(resident.get_by_role("status")).to_contain_text("Sent. Thank you!")

    open_page(staff, base_url, "/property/forms")
    staff.locator(".form-row", has_text="Pet registration").get_by_role("button", name="Submissions").click()
    table = staff.locator("#submissions-table")
    expect(table).to_contain_text("Riley Resident")
    expect(table).to_contain_text("Rex")
    expect(table).to_contain_text(re.compile(r"[0-9a-f]{2}/[0-9a-f]{32}\.png"))
    shot(staff, "form-image-submissions")


def test_channel_entry_with_an_image_is_edited(signed_in):
    staff = signed_in("staff@demo.hub", "/property/channels")
    staff.click("#new-channel")
    staff.fill("#channel-name", "Local shops")
    two_fields(staff, "Shop", "Picture", "image")
    staff.click("#channel-save")
    channel = staff.locator(".channel-row", has_text="Local shops")
    expect(channel).to_be_visible()
    channel.get_by_role("button", name="Entries").click()
    staff.fill("#shop", "Baker")
    staff.set_input_files("#entry-image-0-box input[type=file]", _png("bakery.png"))
    expect(staff.locator(".attached-image")).to_contain_text("bakery.png")
    staff.click("#entry-add")
    entries = staff.locator("#entries-table")
    expect(entries).to_contain_text("Baker")
    expect(entries).to_contain_text(re.compile(r"[0-9a-f]{2}/[0-9a-f]{32}\.png"))
    stored = re.search(r"[0-9a-f]{2}/[0-9a-f]{32}\.png", entries.inner_text()).group(0)

    entries.locator("tbody tr", has_text="Baker").get_by_role("button", name="Edit").click()
    expect(staff.locator("#entry-form-title")).to_contain_text("Edit entry #")
    expect(staff.locator("#shop")).to_have_value("Baker")
    staff.fill("#shop", "Baker & Sons")
    staff.click("#entry-add")
    expect(staff.get_by_role("status")).to_contain_text("saved")
    expect(entries.locator("tbody tr")).to_have_count(1)
    expect(entries).to_contain_text("Baker & Sons")
    expect(entries).to_contain_text(stored)  # the picture was kept
    expect(staff.locator("#entry-form-title")).to_have_text("Add an entry")
    shot(staff, "channel-entry-edited")
