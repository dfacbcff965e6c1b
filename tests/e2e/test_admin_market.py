"""Admin marketplace and payments screens: a member applies to sell and an admin decides (with who
and when kept); an admin flags a product; fees, reconciliation and the ledger health page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, log_in, open_page, shot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _logout(page: Page) -> None:
    page.click("#logout")
    expect_path(page, "/login")


def test_member_applies_and_admin_decides(page: Page, base_url: str, tmp_path):
    log_in(page, base_url, "noor@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/merchant/apply")
    page.fill("#apply-business_name", "Noor's Noodles")
    page.fill("#apply-address", "12 Maple Court")
    page.fill("#apply-contact_phone", "555-0199")
    page.fill("#apply-legal_name", "Noor Neighbour")
    page.fill("#apply-id_number", "ID12345")
    page.fill("#apply-licence_number", "LIC-777")
    page.click("#apply-submit")
    expect(page.get_by_role("alert").filter(has_text="Tap the map")).to_be_visible()  # the place comes from the map
    page.locator("#apply-map .leaflet-container").click()
    expect(page.locator("#apply-picked")).to_contain_text("Your shop's place")
    page.click("#apply-submit")
    expect(page.locator("#application-state")).to_have_text("submitted")
    fake = tmp_path / "licence.pdf"
    fake.write_bytes(b"MZ not a pdf at all")
    page.set_input_files("#application-docs input[type=file]", str(fake))
    page.click("#doc-upload")
    expect(page.get_by_role("alert")).to_contain_text("PDF")
    good = tmp_path / "licence2.pdf"
    good.write_bytes(PDF)
    page.set_input_files("#application-docs input[type=file]", str(good))
    page.click("#doc-upload")
    expect(page.get_by_role("status")).to_contain_text("Document added")
    # A noodle shop sells food: approval needs the ID and the food permit as well as the licence.
    expect(page.locator("#required-documents")).to_contain_text("Food permit")
    for kind, name in (("ID (front)", "id.pdf"), ("Food permit", "permit.pdf")):
        page.click("#doc-kind")
        page.get_by_role("option", name=kind).click()
        (tmp_path / name).write_bytes(PDF)
        page.set_input_files("#application-docs input[type=file]", str(tmp_path / name))
        page.click("#doc-upload")
        expect(page.get_by_text(f"{kind}: {name}")).to_be_visible()
    shot(page, "merchant_apply")
    _logout(page)

    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    open_page(page, base_url, "/admin/merchants")
    page.locator("tr", has_text="Noor's Noodles").get_by_role("button", name="Review").click()
    expect(page.get_by_role("dialog")).to_contain_text("licence2.pdf")
    page.click("#reject")  # no reason: refused
    expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("reason")
    page.fill("#decision-note", "Please add a photo of your ID.")
    page.click("#ask-more")
    expect(page.get_by_role("status")).to_contain_text("sent back")
    _logout(page)

    log_in(page, base_url, "noor@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/merchant/apply")
    expect(page.locator("#reviewer-note")).to_contain_text("photo of your ID")
    page.click("#apply-submit")
    expect(page.locator("#application-state")).to_have_text("submitted")
    _logout(page)

    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    open_page(page, base_url, "/admin/merchants")
    page.locator("tr", has_text="Noor's Noodles").get_by_role("button", name="Review").click()
    expect(page.locator("#application-history")).to_contain_text("Ada Admin")
    shot(page, "admin_merchants")
    page.click("#approve")
    expect(page.get_by_role("status")).to_contain_text("approved")
    page.click("#filter-approved")
    expect(page.locator("tr", has_text="Noor's Noodles")).to_contain_text("Approved")


def test_admin_flags_product_and_checks_money(page: Page, base_url: str):
    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    open_page(page, base_url, "/admin/products")
    first = page.locator("#admin-products-table tbody tr").first
    name = first.locator("td").first.inner_text()
    first.get_by_role("button", name="Flag").click()
    page.click("#flag-confirm")  # no reason: refused, nothing hidden
    expect(page.get_by_role("dialog").get_by_role("alert")).to_be_visible()
    page.fill("#flag-reason", "Price looks wrong")
    page.click("#flag-confirm")
    expect(page.get_by_role("status")).to_contain_text(f"{name} is hidden")
    flagged = page.locator("tr", has_text="Price looks wrong")
    expect(flagged).to_contain_text("flagged")
    flagged.get_by_role("button", name="Lift flag").click()
    expect(page.get_by_role("status")).to_contain_text("Flag lifted")

    open_page(page, base_url, "/admin/finance")
    page.get_by_label("Category").select_option(label="Food & drink › Groceries")
    page.fill("#percent", "7.5")
    page.click("#fee-save")
    expect(page.locator("#fees-table tr", has_text="Groceries")).to_contain_text("7.50 %")
    page.click("#reconcile")
    expect(page.locator("#recon-summary")).to_contain_text("payments checked")
    shot(page, "admin_finance")

    open_page(page, base_url, "/admin/health")
    expect(page.locator("#ledger-status")).to_contain_text("The ledger balances")
    expect(page.locator("#outbox-pending")).to_be_visible()
    shot(page, "admin_health")
