"""A resident activates a membership card and pays its fee, then sees the member price at checkout
(issue 16), in Chromium against the production build: a printed Silver card of the demo's own batch
(seed/membership.py) typed in by number and code on /me/card with a national ID, the 10.00 fee paid
with the demo card on the page (a declined card first: no card given), the card page showing the
level, and the shop's checkout listing the member price line."""

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
