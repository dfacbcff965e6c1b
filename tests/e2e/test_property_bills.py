"""A resident pays this month's bill online (demo card) and staff see the collection rate change;
the resident's statement shows the payment."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import log_in_as, open_page, shot


def test_resident_pays_and_collection_rate_moves(signed_in, base_url: str):
    staff = signed_in("staff@demo.hub", "/property/bills")
    expect(staff.locator("#collection-rate")).to_have_text("0.0%")
    expect(staff.locator("#bills-table")).to_contain_text("B-204")

    resident = signed_in("resident@demo.hub", "/bills")
    bill = resident.locator("#bills-current .bill-card").first
    expect(bill).to_contain_text("Management fee")
    shot(resident, "bills-resident")
    bill.get_by_role("button", name="Pay now").click()
    # A declined card changes nothing and says why.
    resident.fill("#card", "4000 0000 0000 0002")
    resident.click("#pay-confirm")
    expect(resident.get_by_role("alert")).to_be_visible()
    expect(resident.locator("#bills-current .bill-card")).to_have_count(1)
    resident.fill("#card", "4242 4242 4242 4242")
    resident.click("#pay-confirm")
    expect(resident.get_by_role("status")).to_contain_text("Thank you")
    expect(resident.locator("#nothing-due")).to_be_visible()
    expect(resident.locator("#bills-past")).to_contain_text("paid")

    staff.click("#bills-refresh")
    expect(staff.locator("#collection-rate")).not_to_have_text("0.0%")
    expect(staff.locator("#collection-line")).to_contain_text("1 of 12 bills paid")
    shot(staff, "bills-staff")
    building_b = staff.locator("#collection-table tbody tr").nth(1)  # A, B, C
    expect(building_b).to_contain_text("1")
    expect(building_b).not_to_contain_text("0.0%")

    open_page(resident, base_url, "/bills/statement")
    expect(resident.locator("#statement-table")).to_contain_text("Payment (online)")
    expect(resident.locator("#statement-balance")).to_contain_text("0.00")
    shot(resident, "bills-statement")


def test_resident_books_a_convenience_service(signed_in, base_url: str):
    staff = signed_in("staff@demo.hub", "/property/services")
    staff.fill("#service-name", "Dry cleaning pickup")
    staff.fill("input[name=price]", "5.00")
    staff.get_by_role("button", name="Add service").click()
    expect(staff.locator("#services-table")).to_contain_text("Dry cleaning pickup")

    resident = signed_in("resident@demo.hub", "/services")
    card = resident.locator(".service-card", has_text="Dry cleaning pickup")
    card.locator("input[name=quantity]").fill("11")  # more than a booking allows
    card.get_by_role("button", name="Book").click()
    expect(resident.get_by_role("alert")).to_contain_text("Book between 1 and 10")
    card.locator("input[name=quantity]").fill("2")
    card.get_by_role("button", name="Book").click()
    expect(resident.get_by_role("status")).to_contain_text("Booked")
    expect(resident.locator("#bookings")).to_contain_text("awaiting payment")
    open_page(resident, base_url, "/bills")
    service_bill = resident.locator("#bills-current .bill-card", has_text="Dry cleaning pickup")
    expect(service_bill).to_contain_text("$10.00")
    service_bill.get_by_role("button", name="Pay now").click()
    resident.fill("#card", "4242 4242 4242 4242")
    resident.click("#pay-confirm")
    expect(resident.get_by_role("status")).to_contain_text("Thank you")

    # The office cannot do it after all: it calls the booking off and the money goes back.
    open_page(staff, base_url, "/property/services")
    row = staff.locator("#bookings-table .booking-row", has_text="Dry cleaning pickup")
    row.get_by_role("button", name="Refund").click()
    row.get_by_role("button", name="Yes, call off and refund").click()
    expect(staff.get_by_role("status")).to_contain_text("$10.00 refunded to the household")
    expect(staff.locator("#bookings-table .booking-row", has_text="Dry cleaning pickup")).to_have_count(0)
    shot(staff, "property-services-refunded")

    open_page(resident, base_url, "/services")
    expect(resident.locator("#bookings")).to_contain_text("cancelled · refunded")
    open_page(resident, base_url, "/bills")
    expect(resident.locator("#bills-past .bill-card", has_text="Dry cleaning pickup")).to_contain_text("refunded")
    open_page(resident, base_url, "/bills/statement")
    expect(resident.locator("#statement-table")).to_contain_text("Charge withdrawn")
    expect(resident.locator("#statement-balance")).to_contain_text("0.00")


def test_staff_preview_a_bill_run_and_confirm_it(page, base_url: str):
    from datetime import date

    today = date.today()
    nxt = f"{today.year + today.month // 12:04d}-{today.month % 12 + 1:02d}"
    log_in_as(page, base_url, "staff@demo.hub", "/property/bills")
    month = page.get_by_label("Billing month")
    expect(month).to_have_attribute("type", "month")  # a month picker, limited to a sensible window
    month.fill(nxt)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#generate-bills")).to_contain_text(nxt)
    page.locator("#generate-bills").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(f"12 bills for {nxt}")  # what it would do, before it does it
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator("#collection-line")).to_contain_text("0 of 0 bills paid")
    page.locator("#generate-bills").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, generate").click()
    expect(page.get_by_role("status")).to_contain_text(f"12 bills created for {nxt}")
