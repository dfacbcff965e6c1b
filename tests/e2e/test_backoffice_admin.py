"""The back office as its staff meet it (issue 18): back-office roles given on /admin/staff, a
review-only admin who neither sees nor reaches the finance pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from community_hub.core.db import engine_for, session_scope
from community_hub.models import Role
from tests import factories as f
from tests.e2e.helpers import expect_path, log_in_as, open_page


def _new_admin(url: str, email: str, name: str) -> None:
    """A member just made a platform admin: no back-office role yet."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        u = f.user(db, Role.PLATFORM_ADMIN, email=email)
        u.display_name = name
        f.sub_roles(db, u)
    eng.dispose()


def test_a_review_only_admin_does_not_reach_finance(page: Page, base_url: str, e2e_db_url: str, signed_in):
    _new_admin(e2e_db_url, "rita@example.test", "Rita Reviewer")
    rita = signed_in("rita@example.test", home="/admin", password=f.PASSWORD)
    expect(rita.locator("#no-sub-role")).to_contain_text("You hold no back-office role yet")
    open_page(rita, base_url, "/admin/products")
    expect_path(rita, "/admin")
    expect(rita.get_by_text("That page needs the review back-office role")).to_be_visible()

    log_in_as(page, base_url, "admin@demo.hub", "/admin/staff")
    page.get_by_role("checkbox", name="Review for Rita Reviewer").click()
    expect(page.get_by_role("status")).to_contain_text("Rita Reviewer now holds review")
    expect(page.get_by_role("checkbox", name="Review for Rita Reviewer")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Finance for Rita Reviewer")).not_to_be_checked()

    open_page(rita, base_url, "/admin")
    expect(rita.locator("#no-sub-role")).to_have_count(0)
    open_page(rita, base_url, "/admin/products")
    expect_path(rita, "/admin/products")
    open_page(rita, base_url, "/admin/finance")
    expect_path(rita, "/admin")
    expect(rita.get_by_text("That page needs the finance back-office role")).to_be_visible()

    # The last super admin cannot give up super: refused, and the tick stays.
    page.get_by_role("checkbox", name="Super admin for Ada Admin").click()
    expect(page.get_by_role("alert")).to_contain_text("Ada Admin is the last super admin")
    expect(page.get_by_role("checkbox", name="Super admin for Ada Admin")).to_be_checked()


def test_an_announcement_shows_as_a_banner_to_residents_until_read(page: Page, base_url: str, signed_in):
    log_in_as(page, base_url, "admin@demo.hub", "/admin/announcements")
    expect(page.get_by_text("Nothing sent yet")).to_be_visible()
    page.get_by_label("Title").fill("Water off on Sunday")
    page.get_by_label("Text").fill("The pipes are cleaned from 9 to 12.")
    page.get_by_label("Send to").select_option("residents")
    page.get_by_role("button", name="Send announcement").click()
    page.get_by_role("button", name="Yes, send").click()
    expect(page.get_by_role("status")).to_contain_text("Announcement sent to")
    expect(page.locator("#announcements-sent")).to_contain_text("Water off on Sunday")

    riley = signed_in("resident@demo.hub")
    banner = riley.locator("#urgent-banner")
    expect(banner).to_contain_text("Announcement: Water off on Sunday")
    banner.get_by_role("link", name="Water off on Sunday").click()
    expect(riley.locator("#announcement-body")).to_contain_text("The pipes are cleaned from 9 to 12.")
    expect(banner).not_to_contain_text("Water off on Sunday")
    open_page(riley, base_url, "/shop")
    expect(riley.locator("#urgent-banner")).not_to_contain_text("Water off on Sunday")

    merchant = signed_in("merchant@demo.hub")  # not a resident: no banner for them
    expect(merchant.locator("h1, h2").first).to_be_visible()
    expect(merchant.locator("#urgent-banner")).not_to_contain_text("Water off on Sunday")


def _paid_order(url: str) -> str:
    """Riley buys five of the corner grocer's first product and pays by card: the shop's name."""
    from sqlmodel import select

    from community_hub.accounts import auth as accounts
    from community_hub.marketplace import cart, checkout, order_payments
    from community_hub.models import Merchant, Product
    from community_hub.seed.common import DEMO_PASSWORD

    eng = engine_for(url)
    with session_scope(eng) as db:
        riley = accounts.login(db, identifier="resident@demo.hub", password=DEMO_PASSWORD)[1]
        shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.stock != None)  # noqa: E711
                          .order_by(Product.id)).first()
        cart.add_to_cart(db, riley, product.id, 5)  # over the shop's minimum order
        order = checkout.place_order(db, riley, shop.id, idempotency_key="stats-e2e-1", payment_method="card",
                                     address="B-204")
        name, order_id = shop.name, order.id
    with session_scope(eng) as db:
        payment_id = order_payments.start_order_payment(db, riley, order_id).id
    with session_scope(eng) as db:
        order_payments.pay_order(db, riley, payment_id, "4242424242424242")
    eng.dispose()
    return name


def test_the_statistics_page_shows_todays_orders_and_downloads_csv(page: Page, base_url: str, e2e_db_url: str):
    shop = _paid_order(e2e_db_url)
    log_in_as(page, base_url, "admin@demo.hub", "/admin/statistics")
    expect(page.locator("#stats-table")).to_be_visible()
    page.get_by_label("Group").select_option("shop")
    page.get_by_role("button", name="Show").click()
    row = page.locator("#stats-table tr", has_text=shop)
    expect(row).to_be_visible()
    expect(page.locator("#stats-chart")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0].startswith("Period or group,Currency,Orders,Value,Refunds,Fees")
    assert shop in text


def test_a_member_turns_off_sms_the_admin_turned_on_for_news(page: Page, base_url: str, signed_in):
    log_in_as(page, base_url, "admin@demo.hub", "/admin/notifications")
    sms = page.get_by_role("checkbox", name="SMS: Platform announcement to Resident")
    expect(sms).not_to_be_checked()
    sms.click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(sms).to_be_checked()

    riley = signed_in("resident@demo.hub", "/account")
    choice = riley.get_by_role("checkbox", name="SMS for News and promotions")
    expect(choice).to_be_checked()
    choice.click()
    expect(riley.locator("#notify-choices")).to_contain_text("Your notification choices are saved.")
    riley.reload()
    expect(riley.get_by_role("checkbox", name="SMS for News and promotions")).not_to_be_checked()
    expect(riley.get_by_role("checkbox", name="In-app for News and promotions")).to_be_checked()


def test_a_covered_shops_question_is_answered_from_the_service_queue(page: Page, base_url: str, signed_in):
    mona = signed_in("merchant@demo.hub", "/merchant/service")
    mona.get_by_role("button", name="Ask for customer-service cover").click()
    expect(mona.get_by_text("Asked: the platform is reviewing your request.")).to_be_visible()

    log_in_as(page, base_url, "admin@demo.hub", "/admin/service-cover")
    page.get_by_role("button", name="Approve Corner Grocer").click()
    expect(page.get_by_role("status")).to_contain_text("Corner Grocer is approved")

    open_page(mona, base_url, "/merchant/service")
    mona.get_by_label("Card number").fill("4242 4242 4242 4242")
    mona.get_by_role("button", name="Pay $30.00 for 30 days").click()
    mona.get_by_role("button", name="Yes, pay").click()
    expect(mona.locator("#cover-active")).to_contain_text("The platform answers your customers until")

    riley = signed_in("resident@demo.hub", "/questions")
    riley.get_by_label("Shop to ask").select_option(label="Corner Grocer")
    riley.get_by_label("Your question").fill("Do you deliver on Sundays?")
    riley.get_by_role("button", name="Ask", exact=True).click()
    expect(riley.get_by_role("status")).to_contain_text("Sent to Corner Grocer")

    open_page(page, base_url, "/admin/service-queue")
    question = page.locator("#service-queue")
    expect(question).to_contain_text("Do you deliver on Sundays?")
    page.get_by_role("button", name="Answer Riley Resident").click()
    page.get_by_label("Your answer").fill("Yes, from 10 to 4.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_role("status")).to_contain_text("Answered")

    open_page(riley, base_url, "/questions")
    expect(riley.locator("#my-questions")).to_contain_text("Customer service: Yes, from 10 to 4.")
    open_page(mona, base_url, "/merchant/service")
    expect(mona.get_by_text("No questions")).to_be_visible()  # the platform answered it, not the shop
