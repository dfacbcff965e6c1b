"""Joining a household has to be proven: staff issue a code that a newcomer types on home, or the
newcomer asks and staff approve; staff remove a member and the access ends at once."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import expect_path, log_in, open_page


def _newcomer(browser: Browser, base_url: str, mailbox, name: str, email: str) -> Page:
    page = browser.new_context().new_page()
    open_page(page, base_url, "/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email or mobile number").fill(email)
    page.get_by_label("Password", exact=True).fill("newcomer-pass-7")
    page.get_by_label("Password again").fill("newcomer-pass-7")
    page.get_by_label("Community").select_option(label="Maple Court")
    page.click("#register-submit")
    expect_path(page, "/verify")
    page.fill("#code", mailbox.wait_for_code(email))
    page.click("#verify-submit")
    expect_path(page, "/login")
    page.fill("#password", "newcomer-pass-7")
    page.click("#login-submit")
    expect_path(page, "/home")
    expect(page.locator("#how-to-join")).to_be_visible()
    return page


def _staff_households(browser: Browser, base_url: str) -> Page:
    staff = browser.new_context().new_page()
    log_in(staff, base_url, "staff@demo.hub")
    expect_path(staff, "/property")
    staff.get_by_role("link", name="Households").first.click()
    expect_path(staff, "/property/households")
    staff.wait_for_selector("#hydrated", state="attached")
    return staff


def test_a_code_from_staff_lets_a_newcomer_into_the_household(browser: Browser, base_url: str, mailbox):
    newcomer = _newcomer(browser, base_url, mailbox, "Nia Code", "nia.code@example.test")
    # The repair form says the same: no household yet, and how to get one.
    open_page(newcomer, base_url, "/repairs")
    expect(newcomer.locator("#how-to-join")).to_be_visible()

    staff = _staff_households(browser, base_url)
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


def test_a_newcomer_asks_and_staff_approve(browser: Browser, base_url: str, mailbox):
    newcomer = _newcomer(browser, base_url, mailbox, "Omar Asks", "omar.asks@example.test")
    newcomer.get_by_label("Building").fill("c")
    newcomer.get_by_label("Unit").fill("999")
    newcomer.get_by_role("button", name="Ask staff to add me").click()
    expect(newcomer.get_by_role("alert")).to_contain_text("There is no unit C-999")
    newcomer.get_by_label("Building").fill("c")
    newcomer.get_by_label("Unit").fill("303")
    newcomer.get_by_label("Note for staff (optional)").fill("Moved in with my brother")
    newcomer.get_by_role("button", name="Ask staff to add me").click()
    expect(newcomer.locator("#pending-request")).to_contain_text("C-303")

    staff = _staff_households(browser, base_url)
    request = staff.locator(".join-request", has_text="Omar Asks")
    expect(request).to_contain_text("Moved in with my brother")
    request.get_by_role("button", name="Approve").click()
    expect(staff.get_by_role("status")).to_contain_text("Approved")
    expect(staff.locator("#join-requests")).to_have_count(0)

    open_page(newcomer, base_url, "/home")
    expect(newcomer.locator("#household")).to_contain_text("C-303")
    expect(newcomer.locator("#household-members")).to_contain_text("Omar Asks")
