"""Property staff and platform admins, as they use the screens: staff keep the fee items on their
own page; an application waits for its required documents; a newly approved shop stays out of
residents' sight until its first product is approved; the fee table shows the default in force and takes its
categories from a list; roles and the audit log read as words."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.core.geo import offset
from community_hub.marketplace import applications, catalog
from community_hub.marketplace.catalog import product_review
from community_hub.models import Community
from community_hub.seed.common import DEMO_PASSWORD
from tests.e2e.helpers import expect_path, log_in, open_page, open_page_until, shot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHOP = "Dana's Deli"


def _logout(page: Page) -> None:
    page.click("#logout")
    expect_path(page, "/login")


def _as(url: str, email: str, fn, *args, **kwargs):
    """Run a service as a demo member in one transaction (what another person does meanwhile)."""
    eng = engine_for(url)
    try:
        with session_scope(eng) as db:
            actor = accounts.login(db, identifier=email, password=DEMO_PASSWORD)[1]
            return fn(db, actor, *args, **kwargs)
    finally:
        eng.dispose()


def _apply(db, actor):
    """Noor applies for a bakery 200 m from the demo community (the map is another test's journey)."""
    c = db.exec(select(Community).order_by(Community.id)).first()
    lat, lon = offset(c.lat, c.lon, 200, 90)
    return applications.submit_application(
        db, actor, business_name=SHOP, category="bakery", address="3 Maple Court", lat=lat, lon=lon,
        legal_name="Noor Neighbour", id_number="ID-4242", licence_number="LIC-88", contact_phone="+15550142").id


def _first_product(db, actor):
    return catalog.create_product(db, actor, next(iter(actor.merchant_ids)), name="Rye loaf", price_minor=450).id


def _approve(db, actor, product_id: int):
    """The admin approves the new product in the review queue (the queue's own journey is another test's)."""
    change = product_review.open_change(db, product_id)
    return product_review.approve_change(db, actor, change.id, change.revision)


def test_staff_keep_the_fee_items_on_their_own_page(page: Page, base_url: str):
    log_in(page, base_url, "staff@demo.hub")
    expect_path(page, "/property")
    page.get_by_role("link", name="Fee items").first.click()
    expect_path(page, "/property/fees")
    table = page.locator("#fees-table")
    expect(table).to_contain_text("Management fee")
    expect(table.locator("tr", has_text="Management fee")).to_contain_text("Per m² of the home")

    page.get_by_label("Fee name").fill("Bike storage")
    page.get_by_label("Counted").select_option(label="Per parking slot")
    page.get_by_label("Rate").fill("four fifty")
    page.get_by_label("Unit (optional)").fill("bike")
    page.get_by_role("button", name="Add fee").click()
    expect(page.get_by_role("alert")).to_contain_text("rate")
    expect(table).not_to_contain_text("Bike storage")
    page.get_by_label("Fee name").fill("Bike storage")
    page.get_by_label("Counted").select_option(label="Per parking slot")
    page.get_by_label("Rate").fill("4.50")
    page.get_by_label("Unit (optional)").fill("bike")
    page.get_by_role("button", name="Add fee").click()
    expect(page.get_by_role("status")).to_contain_text("Bike storage added")
    row = table.locator("tr", has_text="Bike storage")
    expect(row).to_contain_text("$4.50 / bike")
    expect(row).to_contain_text("Per parking slot")

    row.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Rate").fill("-3")
    dialog.get_by_role("button", name="Save fee").click()
    expect(dialog.get_by_role("alert")).to_be_visible()
    dialog.get_by_label("Rate").fill("5")
    dialog.get_by_role("button", name="Save fee").click()
    expect(page.get_by_role("status")).to_contain_text("bills already issued keep theirs")
    expect(row).to_contain_text("$5.00 / bike")

    row.get_by_role("button", name="Withdraw").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Withdraw").click()
    expect(row).to_contain_text("Withdrawn")
    row.get_by_role("button", name="Bill again").click()
    expect(row).to_contain_text("Billed")
    shot(page, "property_fees")


def test_approval_waits_for_the_documents_and_the_shop_for_its_first_product(page: Page, base_url: str,
                                                                            e2e_db_url: str, tmp_path):
    app_id = _as(e2e_db_url, "noor@demo.hub", _apply)
    _as(e2e_db_url, "noor@demo.hub", applications.upload_document, app_id, "licence", PDF, "licence.pdf")

    # The admin sees what is missing, and cannot approve yet.
    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    open_page(page, base_url, "/admin/merchants")
    page.locator("tr", has_text=SHOP).get_by_role("button", name="Review").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("#required-documents")).to_contain_text("Business licence")
    expect(dialog.locator("#approve-blocked")).to_have_text(
        "Approve needs every required document. Missing: ID (front), Food permit.")
    expect(dialog.get_by_role("button", name="Approve")).to_be_disabled()
    dialog.get_by_role("button", name="Close").click()
    _logout(page)

    # The applicant sees the same list and adds what is missing.
    log_in(page, base_url, "noor@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/merchant/apply")
    expect(page.locator("#required-documents")).to_contain_text("Food permit")
    for kind, name in (("ID (front)", "id.pdf"), ("Food permit", "permit.pdf")):
        page.click("#doc-kind")
        page.get_by_role("option", name=kind).click()
        doc = tmp_path / name
        doc.write_bytes(PDF)
        page.set_input_files("#application-docs input[type=file]", str(doc))
        page.click("#doc-upload")
        expect(page.get_by_role("status")).to_contain_text("Document added")
        expect(page.get_by_text(f"{kind}: {name}")).to_be_visible()
    _logout(page)

    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    open_page(page, base_url, "/admin/merchants")
    page.locator("tr", has_text=SHOP).get_by_role("button", name="Review").click()
    expect(page.locator("#approve-blocked")).to_have_count(0)
    page.get_by_role("dialog").get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text(f"{SHOP} approved")
    _logout(page)

    # Approved, but nothing to sell: residents do not see it, and its merchant is told why.
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/shop")
    expect(page.get_by_text("Corner Grocer").first).to_be_visible()
    expect(page.get_by_text(SHOP)).to_have_count(0)
    _logout(page)
    log_in(page, base_url, "noor@demo.hub")
    page.wait_for_url(lambda url: "/login" not in url)  # her home is now her shop's dashboard
    open_page(page, base_url, "/merchant")
    expect(page.locator(".not-listed")).to_contain_text("Add your first product to appear to residents")
    product_id = _as(e2e_db_url, "noor@demo.hub", _first_product)
    open_page(page, base_url, "/merchant")
    expect(page.locator("#merchant-shops")).to_contain_text(SHOP)
    # A new shop's products wait for the platform's review: still hidden, and she is told why.
    expect(page.locator(".not-listed")).to_contain_text("waiting for the platform's review")
    _as(e2e_db_url, "admin@demo.hub", _approve, product_id)
    open_page(page, base_url, "/merchant")
    expect(page.locator("#merchant-shops")).to_contain_text(SHOP)
    expect(page.locator(".not-listed")).to_have_count(0)
    _logout(page)

    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    # The approval was written by another process (this test's), as by another worker: the app
    # keeps the circle a few seconds (marketplace/kept_reads.py), so the shop shows within them.
    open_page_until(page, base_url, "/shop", page.get_by_text(SHOP))


def test_the_fee_table_roles_and_audit_log_read_as_words(page: Page, base_url: str):
    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    open_page(page, base_url, "/admin/finance")
    expect(page.locator("#default-fee")).to_contain_text("5.00 %, the built-in default")
    page.get_by_label("Category").select_option(label="Food & drink")
    page.get_by_label("Fee (%)").fill("4.5")
    page.get_by_role("button", name="Set fee").click()
    expect(page.get_by_role("status")).to_have_text("Service fee for Food & drink set to 4.50 %.")
    bakery = page.locator("#fees-table tr", has_text="Food & drink › Bakery")
    expect(bakery).to_contain_text("4.50 %")
    expect(bakery).to_contain_text("Food & drink")  # where its fee comes from: its parent
    page.get_by_label("Category").select_option(label="Default (every category without its own fee)")
    page.get_by_label("Fee (%)").fill("3")
    page.get_by_role("button", name="Set fee").click()
    expect(page.get_by_role("status")).to_have_text("Default service fee set to 3.00 %.")
    expect(page.locator("#default-fee")).to_contain_text("3.00 %, set by an admin")
    shot(page, "admin_fee_table")

    open_page(page, base_url, "/admin/users")
    staff = page.locator("#members-table tr", has_text="Sam Staff")
    expect(staff).to_contain_text("Property staff")
    li = page.locator("#members-table tr", has_text="Li Wei")
    li.get_by_role("button", name="Roles").click()
    page.get_by_role("dialog").get_by_role("checkbox", name="Agent (brings shops)").click()
    page.get_by_role("dialog").get_by_role("button", name="Save roles").click()
    expect(page.get_by_role("status")).to_contain_text("Roles of Li Wei saved")
    expect(li).to_contain_text("Agent (brings shops), Resident")
    expect(page.locator("#members-table")).not_to_contain_text("platform_admin")
    expect(page.locator("#members-table")).not_to_contain_text("property_staff")

    open_page(page, base_url, "/admin/audit")
    fee = page.locator(".audit-row", has_text="Fee on Food & drink")
    expect(fee).to_contain_text("Service fee set")
    expect(fee).to_contain_text("— → 4.50 %")
    expect(page.locator(".audit-row", has_text="Default fee (every category)")).to_contain_text("— → 3.00 %")
    expect(page.locator(".audit-row", has_text="Li Wei")).to_contain_text(
        "Resident → Agent (brings shops), Resident")
    expect(page.locator("#audit-table")).not_to_contain_text("bps")
    shot(page, "admin_audit_words")
