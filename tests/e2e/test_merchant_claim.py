"""An admin lists a shop from public information; a new member proves it is theirs with the code sent
to the shop's public email (a wrong code first, refused with the tries left) and runs it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import expect_path, open_page, register_and_log_in

SHOP = "Tulip Corner Florist"
SHOP_EMAIL = "hello@tulip-corner.test"
OWNER = "sam.tulip@example.test"


def test_member_claims_a_listed_shop_with_the_code_sent_to_its_public_email(signed_in, new_context, base_url: str,
                                                                                  mailbox):
    admin = signed_in("admin@demo.hub")
    admin.get_by_role("link", name="Listings").first.click()
    expect_path(admin, "/admin/listings")
    admin.wait_for_selector("#hydrated", state="attached")
    admin.fill("#name", SHOP)
    admin.fill("#address", "12 Tulip Lane")
    admin.fill("#lat", "40.7130")
    admin.fill("#lon", "-74.0050")
    admin.fill("#contact_email", SHOP_EMAIL)
    admin.click("#listing-submit")
    expect(admin.get_by_role("status")).to_contain_text(f"{SHOP} is listed")
    expect(admin.locator("#listings-table")).to_contain_text(SHOP)
    expect(admin.locator("#listings-table")).to_contain_text("hel***st")  # where the claim code will go

    member = register_and_log_in(new_context().new_page(), base_url, mailbox, "Sam Tulip", OWNER, "tulip-pass-42")
    open_page(member, base_url, "/merchant/apply")
    member.locator("#claim-link").click()
    expect_path(member, "/merchant/claim")
    member.wait_for_selector("#hydrated", state="attached")
    listing = member.locator("[id^=claim-listing-]", has_text=SHOP).first
    listing.get_by_role("button", name="This is my shop").click()
    expect(member.locator("#claiming")).to_contain_text(SHOP)
    expect(member.get_by_role("status")).to_contain_text("hel***st")

    code = mailbox.wait_for_code(SHOP_EMAIL)
    member.fill("#claim-code", "000000" if code != "000000" else "111111")
    member.click("#claim-submit")
    expect(member.get_by_role("alert")).to_contain_text("4 tries left")
    expect_path(member, "/merchant/claim")

    member.fill("#claim-code", code)
    member.click("#claim-submit")
    expect_path(member, "/merchant")
    expect(member.locator("#flash")).to_contain_text(f"{SHOP} is yours to manage")
    expect(member.locator("#merchant-shops")).to_contain_text(SHOP)

    # The admin sees who claimed it; it is no longer offered to anyone else.
    admin.click("#tab-claimed")
    expect(admin.locator("#listings-table")).to_contain_text("Sam Tulip")
    admin.click("#tab-unclaimed")
    expect(admin.locator("#listings-table", has_text=SHOP)).to_have_count(0)
