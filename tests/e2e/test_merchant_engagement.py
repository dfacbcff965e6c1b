"""Merchant coupons, customers, finance, requests (quotes) and reviews (one reply)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.marketplace import demands, reviews
from community_hub.marketplace import orders as order_svc
from tests.e2e.helpers import DEMO_PASSWORD, expect_path, log_in_as, open_page, shot
from tests.e2e.test_merchant_orders import paid_order


def _as(db, who: str):
    return accounts.login(db, identifier=who, password=DEMO_PASSWORD)[1]


def reviewed_order(url: str) -> int:
    """A paid order taken all the way to signed, then reviewed by the resident."""
    oid = paid_order(url)
    eng = engine_for(url)
    with session_scope(eng) as db:
        shop = _as(db, "merchant@demo.hub")
        order_svc.accept_order(db, shop, oid)
        order_svc.start_preparing(db, shop, oid)
        order_svc.send_out(db, shop, oid, "Dan Driver")
        order_svc.mark_delivered(db, shop, oid)
    with session_scope(eng) as db:
        resident = _as(db, "resident@demo.hub")
        order_svc.sign_order(db, resident, oid)
        review = reviews.write_review(db, resident, oid, 4, "Fresh bread, a little late.")
        rid = review.id
    eng.dispose()
    return rid


def test_coupons_and_customers(page: Page, base_url: str, e2e_db_url: str):
    paid_order(e2e_db_url)
    log_in_as(page, base_url, "merchant@demo.hub", "/merchant/coupons")
    page.fill("#code", "x")
    page.fill("#value", "5.00")
    page.click("#coupon-create")
    expect(page.get_by_role("alert")).to_contain_text("3 to 30 letters")
    page.fill("#code", "SPRING5")
    page.fill("#min_spend", "20.00")
    page.click("#coupon-create")
    row = page.locator("tr", has_text="SPRING5")
    expect(row).to_contain_text("$5.00")
    expect(row).to_contain_text("$20.00")
    row.get_by_role("button", name="Switch off").click()
    expect(row).to_contain_text("off")
    shot(page, "merchant_coupons")

    open_page(page, base_url, "/merchant/customers")
    expect(page.locator("#customers-table")).to_contain_text("Riley Resident")


def test_finance_requests_and_reviews(page: Page, base_url: str, e2e_db_url: str):
    rid = reviewed_order(e2e_db_url)
    eng = engine_for(e2e_db_url)
    with session_scope(eng) as db:
        demands.post_demand(db, _as(db, "resident@demo.hub"), category="grocery", title="Birthday cake flour 5 kg",
                            address="B-204, Maple Court")
    eng.dispose()

    log_in_as(page, base_url, "merchant@demo.hub", "/merchant/finance")
    expect(page.locator("#fin-sales")).to_be_visible()
    with page.expect_download() as dl:
        page.click("#finance-export")
    assert open(dl.value.path()).read().startswith("date,type,reference")
    shot(page, "merchant_finance")

    open_page(page, base_url, "/merchant/demands")
    card = page.locator("[id^=demand-]", has_text="Birthday cake flour")
    card.get_by_role("button", name="Send a quote").click()
    page.fill("#price", "0")
    page.click("#quote-send")
    expect(page.get_by_role("alert")).to_contain_text("above zero")
    page.fill("#price", "12.00")
    page.click("#quote-send")
    expect(page.get_by_role("status")).to_contain_text("Quote sent")

    open_page(page, base_url, "/merchant/reviews")
    page.click(f"#report-{rid}")
    page.fill("#report-reason", "Rude words about our staff")
    page.click("#report-send")
    expect(page.get_by_role("status")).to_contain_text("platform admin will look")
    page.click(f"#reply-{rid}")
    page.fill("#reply-text", "Sorry for the wait, thank you!")
    page.click("#reply-send")
    expect(page.get_by_role("status")).to_contain_text("reply is published")
    expect(page.get_by_text("Sorry for the wait, thank you!")).to_be_visible()
    expect(page.locator(f"#reply-{rid}")).to_have_count(0)  # once only

    # The report waits in the admins' moderation queue; hiding it takes the review off the shop.
    page.click("#logout")
    expect_path(page, "/login")
    log_in_as(page, base_url, "admin@demo.hub", "/admin/reviews")
    report = page.locator("[id^=report-]", has_text="Rude words about our staff")
    expect(report).to_contain_text("Sorry for the wait")
    report.get_by_role("button", name="Hide review").click()
    expect(page.get_by_role("status")).to_contain_text("Review hidden")
    expect(page.get_by_text("Rude words about our staff")).to_have_count(0)
