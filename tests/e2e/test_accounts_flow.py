"""A new resident registers with an emailed code (and no household until they prove one); every demo role lands on its own home;
a resident who opens an admin page is turned away."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, log_in, log_in_as, open_page, send_registration


def test_register_verify_login_lands_on_resident_home(page: Page, base_url: str, mailbox):
    send_registration(page, base_url, "Pat Newcomer", "pat@example.test", "newcomer-pass-7")
    expect(page.get_by_text("pat@example.test")).to_be_visible()
    first_message = page.locator("#demo-message")
    expect(first_message).to_contain_text("verification code is")
    first_code = re.search(r"\b(\d{6})\b", first_message.inner_text()).group(1)
    # A wrong code is refused with the tries left, and the account stays inactive.
    page.fill("#code", "000000")
    page.click("#verify-submit")
    expect(page.get_by_role("alert")).to_contain_text("4 tries left")

    # Logging in before the code: the way back to the code page, with a fresh code.
    log_in(page, base_url, "pat@example.test", "newcomer-pass-7")
    expect(page.get_by_role("alert")).to_contain_text("not active yet")
    page.get_by_role("button", name="Send a new code").click()
    expect_path(page, "/verify")

    # Demo mode: no mail server, so the page shows the message that was sent (never outside demo mode).
    demo_box = page.locator("#demo-code-box")
    expect(demo_box).to_contain_text("Demo mode")
    expect(page.locator("#demo-message")).not_to_contain_text(first_code)  # the new message, not the old
    code = re.search(r"\b(\d{6})\b", page.locator("#demo-message").inner_text()).group(1)
    page.fill("#code", code)
    page.click("#verify-submit")
    expect_path(page, "/login")
    expect(page.locator("#flash")).to_contain_text("Your account is ready")

    expect(page.locator("#identifier")).to_have_value("pat@example.test")
    page.fill("#password", "newcomer-pass-7")
    page.click("#login-submit")
    expect_path(page, "/home")
    expect(page.locator("#user-name")).to_have_text("Pat Newcomer")
    expect(page.locator("#flash")).to_contain_text("Welcome to Community Hub, Pat Newcomer")
    # Registering proves no home: the newcomer is told how to join one.
    expect(page.locator("#how-to-join")).to_contain_text("invitation code")


def test_wrong_password_reads_the_same_as_an_unknown_account(page: Page, base_url: str):
    log_in(page, base_url, "resident@demo.hub", "not-the-password-1")
    expect(page.get_by_role("alert")).to_have_text("Email/mobile number or password is not right.")
    log_in(page, base_url, "nobody-here@demo.hub", "not-the-password-1")
    expect(page.get_by_role("alert")).to_have_text("Email/mobile number or password is not right.")
    expect_path(page, "/login")


@pytest.mark.parametrize(
    ("email", "home", "marker"),
    [
        ("admin@demo.hub", "/admin", "#admin-stats"),
        ("staff@demo.hub", "/property", "#property-stats"),
        ("merchant@demo.hub", "/merchant", "#merchant-shops"),
        ("resident@demo.hub", "/home", "#resident-home"),
        ("kiosk@demo.hub", "/kiosk/lobby-1", "#kiosk-attract"),
    ],
)
def test_each_demo_role_lands_on_its_home(page: Page, base_url: str, email: str, home: str, marker: str):
    log_in(page, base_url, email)
    expect_path(page, home)
    expect(page.locator(marker)).to_be_visible()


def test_resident_sent_to_admin_is_turned_away(page: Page, base_url: str):
    log_in_as(page, base_url, "resident@demo.hub", "/admin/users")
    expect_path(page, "/home")
    expect(page.locator("#flash")).to_contain_text("That page is for platform admins only")
    expect(page.locator("#members-table")).to_have_count(0)


def test_logged_out_visitor_is_sent_to_login_and_back(page: Page, base_url: str):
    open_page(page, base_url, "/merchant")
    expect_path(page, "/login")
    expect(page.locator("#flash")).to_contain_text("Please log in")
    page.fill("#identifier", "merchant@demo.hub")
    page.fill("#password", "demo-pass-1")
    page.click("#login-submit")
    expect_path(page, "/merchant")


def test_admin_disables_a_member_whose_next_action_logs_them_out(signed_in, base_url: str):
    member = signed_in("li@demo.hub", home="/home")

    admin = signed_in("admin@demo.hub", "/admin/users")
    admin.fill("input[name=q]", "li@demo.hub")
    admin.get_by_role("button", name="Search").click()
    row = admin.locator("#members-table tbody tr", has_text="li@demo.hub")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Disable").click()
    admin.get_by_role("alertdialog").get_by_role("button", name="Disable").click()
    expect(admin.get_by_role("status")).to_contain_text("Account disabled")
    expect(row).to_contain_text("disabled")

    member.get_by_role("link", name="Orders").first.click()
    expect_path(member, "/login")
