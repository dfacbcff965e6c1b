"""A cardholder's checkout shows the member price as a line of its own (issue 16): the lines the
page lists add up to the total it asks for, in the reader's language."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from community_hub.accounts import auth
from community_hub.core.db import session_scope
from community_hub.marketplace import cart
from community_hub.membership import activation, programmes
from community_hub.models import Merchant, Product
from community_hub.seed import DEMO_PASSWORD
from state.resident.checkout import CheckoutState
from state.shared.language import LanguageState
from tests.state import harness

NATIONAL_ID = "11010519491231002X"


def _riley_holds_a_gold_card_and_a_cart(demo) -> int:
    with session_scope() as db:
        admin = auth.login(db, identifier="admin@demo.hub", password=DEMO_PASSWORD)[1]
        riley = auth.actor_for_token(db, demo.tokens["resident@demo.hub"])
        prog = programmes.create_programme(db, admin, name="Neighbours", identity_kinds=["national_id"])
        gold = programmes.add_level(db, admin, prog.id, name="Gold", discount_bps=500, rank=1)
        activation.buy_online(db, riley, gold.id, "national_id", NATIONAL_ID)
        shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.price_minor >= 1000,
                                                Product.stock > 2)).first()
        cart.add_to_cart(db, riley, product.id, 2)
        return shop.id


def _checkout(demo, shop_id: int, lang: str) -> dict[str, str]:
    async def run() -> dict[str, str]:
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path=f"/checkout/{shop_id}")
            async with riley.root() as root:
                (await root.get_state(LanguageState)).lang = lang
            assert await riley.send(CheckoutState.event_handlers["load"], {}) is None
            async with riley.root() as root:
                page = await root.get_state(CheckoutState)
                assert not page.error, page.error
                return dict(page.totals)
    return asyncio.run(run())


def _cents(text: str) -> int:
    digits = "".join(ch for ch in text if ch.isdigit())
    return (-1 if "-" in text else 1) * int(digits)


def test_a_cardholders_checkout_lists_the_member_price_and_adds_up(demo):
    try:
        shop_id = _riley_holds_a_gold_card_and_a_cart(demo)
        totals = _checkout(demo, shop_id, "en")
        assert totals["member_label"] == "Member price (Gold, 5 %)"
        subtotal, member, fee = _cents(totals["subtotal"]), _cents(totals["member"]), _cents(totals["fee"])
        assert member == -round(subtotal * 0.05)
        assert _cents(totals["total"]) == subtotal + member + fee
        assert _checkout(demo, shop_id, "zh")["member_label"].startswith("会员价")
    finally:
        demo.restore()  # the card and the cart were this test's own
