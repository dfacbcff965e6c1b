"""A membership card recognised (issue 16), in Chromium against the production build: the lobby
kiosk's scanner reads a cardholder's card QR and signs them in, and their cart shows the member
price line; a shop checks the same card on "Check a member card" by typing its number."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from community_hub.core.permissions import load_actor
from community_hub.membership import activation, cardholders, programmes
from community_hub.models import User
from tests.e2e import kiosk_rig
from tests.e2e.helpers import log_in_as
from tests.e2e.test_kiosk import circle_products, open_kiosk

# The rig's fixtures, as this module's own: its own bridge process and paired app database.
kiosk_data_dir, app_env_extra, bridge, db_engine = (kiosk_rig.kiosk_data_dir, kiosk_rig.app_env_extra,
                                                    kiosk_rig.bridge, kiosk_rig.db_engine)


def _riley_holds_a_gold_card(eng) -> tuple[str, str]:
    """(display name, card number) of resident@demo.hub, holding a free Gold card (5 % member price)."""
    with Session(eng, expire_on_commit=False) as db:
        admin = load_actor(db, db.exec(select(User).where(User.email == "admin@demo.hub")).one())
        riley = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
        prog = programmes.create_programme(db, admin, name="Neighbours", identity_kinds=["national_id"])
        gold = programmes.add_level(db, admin, prog.id, name="Gold", discount_bps=500, rank=1)
        me = load_actor(db, riley)
        activation.buy_online(db, me, gold.id, "national_id", "11010519491231002X")
        [card] = cardholders.my_cards(db, me)
        db.commit()
        return riley.display_name, card.number


def test_kiosk_and_shop_recognise_a_membership_card(page: Page, browser, base_url, bridge, db_engine):
    name, number = _riley_holds_a_gold_card(db_engine)
    product = circle_products(db_engine)[0]

    # The kiosk: the card's QR (as on the member's card page) signs Riley in, like a kiosk member card.
    open_kiosk(page, base_url)
    bridge.scanner.write(f"hub-member:{number}\r".encode())
    expect(page.locator("#kiosk-member")).to_have_text(name, timeout=10_000)
    bridge.scanner.write(product.barcode.encode() + b"\r")
    expect(page.locator("#kiosk-product-name")).to_have_text(product.name, timeout=10_000)
    page.get_by_role("button", name="Add to my cart").click()
    page.locator("#kiosk-view-cart").click()
    expect(page.locator(".kiosk-member-price").first).to_contain_text("Member price (Gold, 5 %)", timeout=10_000)
    # An unknown card: identify's message, Riley stays signed in.
    bridge.scanner.write(b"hub-member:812345678906\r")
    expect(page.locator("#kiosk-message")).to_contain_text("not an active membership card")
    expect(page.locator("#kiosk-member")).to_have_text(name)

    # The shop's counter: the merchant types the card's number into the labelled field.
    shop = browser.new_context().new_page()
    log_in_as(shop, base_url, "merchant@demo.hub", "/merchant/member-check")
    shop.wait_for_selector("#hydrated", state="attached", timeout=30_000)
    shop.get_by_label("Card number or QR text").fill(number)
    shop.get_by_role("button", name="Check the card").click()
    result = shop.locator("#member-check-result")
    expect(result).to_contain_text(name, timeout=10_000)
    expect(result).to_contain_text("Gold")
    expect(result).to_contain_text("Member price (Gold, 5 %)")
    shop.get_by_label("Card number or QR text").fill("812345678906")
    shop.get_by_role("button", name="Check the card").click()
    expect(shop.get_by_text("That card is not an active membership card.")).to_be_visible(timeout=10_000)
    expect(result).to_have_count(0)
    shop.context.close()
