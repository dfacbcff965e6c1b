"""A resident activates a membership card and pays its fee, then sees the member price at checkout
(issue 16), in Chromium against the production build: a printed Silver card of the demo's own batch
(seed/membership.py) typed in by number and code on /me/card with a national ID, the 10.00 fee paid
with the demo card on the page (a declined card first: no card given), the card page showing the
level, and the shop's checkout listing the member price line. And priority: a convenience service
with one place a day, a resident waiting for it sees her place and the rule, Grace (a Silver
cardholder) goes ahead of her, the office sees the queue in that order and a new place goes to Grace."""

from __future__ import annotations

import os

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from community_hub.core.config import load_settings, override_settings
from community_hub.core.db import engine_for
from community_hub.core.permissions import load_actor
from community_hub.marketplace import cart
from community_hub.membership import card_codes
from community_hub.models import Merchant, Product, User
from community_hub.models.membership import CardBatch, CardState, MembershipCard
from community_hub.property import billing, service_waiting
from tests.e2e.helpers import log_in_as, open_page

NATIONAL_ID = "11010519491231002X"


def _printed_card_and_a_cart(url: str) -> tuple[str, str]:
    """(number, code) of an unused card of the demo batch — the code as its printed sheet shows it,
    derived with the app's own settings — and Riley's cart at Corner Grocer."""
    override_settings(load_settings({**os.environ, "HUB_DEMO_MODE": "1", "REFLEX_DB_URL": url}))
    try:
        with Session(engine_for(url), expire_on_commit=False) as db:
            batch = db.exec(select(CardBatch).where(CardBatch.note == "Demo cards")).one()
            card = db.exec(select(MembershipCard).where(MembershipCard.batch_id == batch.id,
                                                        MembershipCard.state == CardState.ISSUED)
                           .order_by(MembershipCard.id)).first()
            code = card_codes.code_for(card.number, card.code_salt)
            riley = load_actor(db, db.exec(select(User).where(User.email == "resident@demo.hub")).one())
            shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
            product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.price_minor >= 1000,
                                                    Product.stock > 2).order_by(Product.id)).first()
            cart.add_to_cart(db, riley, product.id, 2)
            db.commit()
            return card.number, code
    finally:
        override_settings(None)


def test_a_resident_activates_a_card_pays_the_fee_and_gets_the_member_price(page: Page, base_url: str,
                                                                           e2e_db_url: str):
    number, code = _printed_card_and_a_cart(e2e_db_url)
    log_in_as(page, base_url, "resident@demo.hub", "/me/card")
    page.wait_for_selector("#hydrated", state="attached", timeout=30_000)
    expect(page.get_by_role("heading", name="Activate a membership card")).to_be_visible()

    page.get_by_label("Card number", exact=True).fill(f"{number[:4]} {number[4:8]} {number[8:]}")
    page.get_by_label("Activation code").fill(code)
    page.get_by_label("Identity kind").first.select_option("national_id")
    page.get_by_label("Identity number").first.fill(NATIONAL_ID)
    page.get_by_role("button", name="Activate card").click()

    # The fee, paid on the page with the demo card: a declined card gives no membership card.
    expect(page.get_by_role("heading", name="$10.00")).to_be_visible()
    page.get_by_label("Payment card number").fill("4000 0000 0000 0002")
    page.get_by_label("Expiry (MM / YY)").fill("12 / 40")
    page.get_by_label("CVC").fill("123")
    page.get_by_role("button", name="Pay $10.00").click()
    expect(page.get_by_role("alert")).to_contain_text("no membership card was given")
    page.get_by_label("Payment card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay $10.00").click()

    # The card page: the programme and level, the number, the member discount.
    expect(page.get_by_role("heading", name="Residents' Club · Silver")).to_be_visible()
    expect(page.get_by_text(number, exact=True)).to_be_visible()
    expect(page.get_by_text("3 %").first).to_be_visible()

    # The shop's checkout lists the member price as a line of its own.
    open_page(page, base_url, "/cart")
    page.get_by_role("link", name="Checkout").first.click()
    expect(page.get_by_text("Member price (Silver, 3 %)")).to_be_visible()


def _as(db, email: str):
    return load_actor(db, db.exec(select(User).where(User.email == email)).one())


def test_a_full_service_day_queues_residents_by_priority(signed_in, base_url: str, e2e_db_url: str):
    staff = signed_in("staff@demo.hub", "/property/services")
    staff.fill("#service-name", "Sofa cleaning")
    staff.fill("input[name=price]", "30.00")
    staff.get_by_label("Places per day (0: no limit)").fill("1")
    staff.get_by_role("button", name="Add service").click()
    expect(staff.get_by_role("status")).to_contain_text("Service added")
    places = staff.get_by_label("Places per day for Sofa cleaning")
    expect(places).to_have_value("1")

    with Session(engine_for(e2e_db_url), expire_on_commit=False) as db:  # Noor takes today's place
        sid = next(s.id for s in billing.list_convenience_services(db, _as(db, "noor@demo.hub"))
                   if s.name == "Sofa cleaning")
        billing.book_convenience_service(db, _as(db, "noor@demo.hub"), sid)
        db.commit()

    riley = signed_in("resident@demo.hub", "/services")
    card = riley.locator(".service-card", has_text="Sofa cleaning")
    expect(card).to_contain_text("1 bookings a day")
    card.get_by_role("button", name="Book").click()
    expect(riley.get_by_role("alert")).to_contain_text("fully booked")
    card.get_by_role("checkbox", name="If that day is full, wait for a place").click()
    card.get_by_role("button", name="Book").click()
    expect(riley.get_by_role("status")).to_contain_text("you are number 1 waiting")
    waiting = riley.locator("#waiting")
    expect(waiting).to_contain_text("You are number 1 in the queue.")
    expect(waiting).to_contain_text("the higher level first, then whoever registered first")

    with Session(engine_for(e2e_db_url), expire_on_commit=False) as db:  # Grace, a Silver cardholder, waits too
        service_waiting.wait_for_place(db, _as(db, "grace@demo.hub"), sid)
        db.commit()
    open_page(riley, base_url, "/services")
    expect(riley.locator("#waiting")).to_contain_text("You are number 2 in the queue.")

    open_page(staff, base_url, "/property/services")
    rows = staff.locator("#waiting-table .waiting-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Grace Obi")
    expect(rows.first).to_contain_text("Silver")
    expect(rows.nth(1)).to_contain_text("Riley Resident")
    staff.get_by_label("Places per day for Sofa cleaning").fill("2")  # one more place: Grace's
    staff.locator("#services-table tr", has_text="Sofa cleaning").get_by_role("button", name="Set").click()
    expect(staff.get_by_role("status")).to_contain_text("Places per day saved")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Riley Resident")
    expect(rows.first).to_contain_text("1")
