"""Joining a household has to be proven: staff issue a code that a newcomer types on home, or the
newcomer asks and staff approve; staff remove a member and the access ends at once."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, open_page, register_and_log_in


def _newcomer(new_context, base_url: str, mailbox, name: str, email: str) -> Page:
    page = register_and_log_in(new_context().new_page(), base_url, mailbox, name, email, "newcomer-pass-7")
    expect(page.locator("#how-to-join")).to_be_visible()
    return page


def _ask_to_join(newcomer: Page, building: str, unit: str, note: str = "") -> None:
    newcomer.get_by_label("Building", exact=True).fill(building)
    newcomer.get_by_label("Unit", exact=True).fill(unit)  # not "Community" (the menu link)
    if note:
        newcomer.get_by_label("Note for staff (optional)").fill(note)
    newcomer.get_by_role("button", name="Ask staff to add me").click()


def _staff_households(signed_in) -> Page:
    staff = signed_in("staff@demo.hub")
    staff.get_by_role("link", name="Households").first.click()
    expect_path(staff, "/property/households")
    staff.wait_for_selector("#hydrated", state="attached")
    return staff


def test_a_code_from_staff_lets_a_newcomer_into_the_household(new_context, signed_in, base_url: str, mailbox):
    newcomer = _newcomer(new_context, base_url, mailbox, "Nia Code", "nia.code@example.test")
    # The repair form says the same: no household yet, and how to get one.
    open_page(newcomer, base_url, "/repairs")
    expect(newcomer.locator("#how-to-join")).to_be_visible()

    staff = _staff_households(signed_in)
    staff.get_by_role("button", name="Open C-304").click()
    expect(staff.locator("#open-household")).to_contain_text("C-304")
    staff.get_by_label("Uses").fill("2")
    staff.get_by_role("button", name="Issue a code").click()
    notice = staff.get_by_role("status")
    expect(notice).to_contain_text("New code for C-304")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", notice.inner_text()).group(0)

    open_page(newcomer, base_url, "/home")
    newcomer.get_by_label("Invitation code").fill("WXYZ-2345")
    newcomer.get_by_role("button", name="Join household").click()
    expect(newcomer.get_by_role("alert")).to_contain_text("does not work")
    newcomer.get_by_label("Invitation code").fill(code.lower())
    newcomer.get_by_role("button", name="Join household").click()
    expect(newcomer.get_by_role("status")).to_contain_text("you are now part of C-304")
    expect(newcomer.locator("#household")).to_contain_text("C-304")
    # The household's statement prints the code for the next person moving in (one use is left).
    open_page(newcomer, base_url, "/bills/statement")
    expect(newcomer.locator("#statement-invite-code")).to_have_text(code)

    # Staff see who lives there now, and take them out again: the bills page refuses at once.
    staff.reload()
    staff.wait_for_selector("#hydrated", state="attached")
    expect(staff.locator("#households")).to_contain_text("Nia Code")
    staff.get_by_role("button", name="Open C-304").click()
    staff.get_by_role("button", name="Remove Nia Code").click()
    staff.get_by_role("button", name="Yes, remove").click()
    expect(staff.get_by_role("status")).to_contain_text("Removed from C-304")
    open_page(newcomer, base_url, "/home")
    expect(newcomer.locator("#how-to-join")).to_be_visible()


def test_a_newcomer_asks_and_staff_approve(new_context, signed_in, base_url: str, mailbox):
    newcomer = _newcomer(new_context, base_url, mailbox, "Omar Asks", "omar.asks@example.test")
    _ask_to_join(newcomer, "c", "999")
    expect(newcomer.get_by_role("alert")).to_contain_text("There is no unit C-999")
    _ask_to_join(newcomer, "c", "303", note="Moved in with my brother")
    expect(newcomer.locator("#pending-request")).to_contain_text("C-303")

    staff = _staff_households(signed_in)
    request = staff.locator(".join-request", has_text="Omar Asks")
    expect(request).to_contain_text("Moved in with my brother")
    request.get_by_role("button", name="Approve").click()
    expect(staff.get_by_role("status")).to_contain_text("Approved")
    expect(staff.locator("#join-requests")).to_have_count(0)

    open_page(newcomer, base_url, "/home")
    expect(newcomer.locator("#household")).to_contain_text("C-303")
    expect(newcomer.locator("#household-members")).to_contain_text("Omar Asks")
