"""The merchant's "Check a member card" screen: a card's QR text typed into the field shows the
holder's name, level and the member price at the shop, in the reader's language; an unknown card
shows identify's refusal and nothing found."""

from __future__ import annotations

import asyncio

from community_hub.accounts import auth
from community_hub.core.db import session_scope
from community_hub.membership import activation, card_checks, cardholders, programmes
from community_hub.seed import DEMO_PASSWORD
from state.merchant.member_check import MerchantMemberCheckState
from state.shared.language import LanguageState
from tests.state import harness

NATIONAL_ID = "11010519491231002X"


def _riley_holds_a_gold_card(demo) -> tuple[str, int]:
    with session_scope() as db:
        admin = auth.login(db, identifier="admin@demo.hub", password=DEMO_PASSWORD)[1]
        riley = auth.actor_for_token(db, demo.tokens["resident@demo.hub"])
        prog = programmes.create_programme(db, admin, name="Neighbours", identity_kinds=["national_id"])
        gold = programmes.add_level(db, admin, prog.id, name="Gold", discount_bps=500, rank=1)
        activation.buy_online(db, riley, gold.id, "national_id", NATIONAL_ID)
        [card] = cardholders.my_cards(db, riley)
        mervin = auth.actor_for_token(db, demo.merchant_token)  # a shop of his own
        return card.qr_payload, min(mervin.merchant_ids)


def _check(demo, scanned: str, lang: str) -> tuple[dict[str, str], str]:
    async def run() -> tuple[dict[str, str], str]:
        async with harness.Server() as server:
            shop = await server.browser(demo.merchant_token, path="/merchant/member-check")
            async with shop.root() as root:
                (await root.get_state(LanguageState)).lang = lang
            await shop.send(MerchantMemberCheckState.event_handlers["load"], {})
            await shop.send(MerchantMemberCheckState.event_handlers["check"], {"form": {"scanned": scanned}})
            async with shop.root() as root:
                page = await root.get_state(MerchantMemberCheckState)
                return dict(page.found), page.error
    return asyncio.run(run())


def test_a_shop_checks_a_member_card(demo):
    try:
        qr, shop_id = _riley_holds_a_gold_card(demo)
        card_checks.reset_count(shop_id)
        found, error = _check(demo, qr, "en")
        assert not error, error
        assert (found["level"], found["programme"], found["price"], found["discount"]) == (
            "Gold", "Neighbours", "Member price (Gold, 5 %)", "5 % off at checkout")
        assert found["name"]
        found, _error = _check(demo, qr, "zh")
        assert found["price"].startswith("会员价")
        found, error = _check(demo, "hub-member:812345678906", "en")
        assert (found, error) == ({}, "That card is not an active membership card.")
    finally:
        card_checks.reset_count(shop_id)
        demo.restore()  # the card was this test's own
