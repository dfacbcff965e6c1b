"""The member's card page (/me/card, issue 16): a printed card's number and code, an identity, the
fee paid on the page — a declined card leaves no membership card, a paid one shows the card with
its level and QR; five wrong codes lock the card and say so; the holder type is saved."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from community_hub.accounts import auth
from community_hub.core.db import session_scope
from community_hub.membership import batches, card_codes, programmes
from community_hub.models.membership import MembershipCard
from community_hub.seed import DEMO_PASSWORD
from state.resident.membership_card import MembershipCardState as M
from tests.state import harness

NATIONAL_ID = "11010519491231002X"


def _printed_cards(n: int) -> list[tuple[str, str]]:
    """A programme with a 10.00 Silver level and a batch of n printed cards: (number, code) each."""
    with session_scope() as db:
        admin = auth.login(db, identifier="admin@demo.hub", password=DEMO_PASSWORD)[1]
        prog = programmes.create_programme(db, admin, name="Neighbours", identity_kinds=["national_id", "mobile"])
        programmes.add_level(db, admin, prog.id, name="Standard", rank=1)
        silver = programmes.add_level(db, admin, prog.id, name="Silver", fee_minor=1000, discount_bps=300, rank=2,
                                      permissions=["post_demands"])
        batch = batches.create_batch(db, admin, prog.id, silver.id, n)
        cards = db.exec(select(MembershipCard).where(MembershipCard.batch_id == batch.id)
                        .order_by(MembershipCard.id)).all()
        return [(c.number, card_codes.code_for(c.number, c.code_salt)) for c in cards]


async def _page(b) -> dict:
    async with b.root() as root:
        s = await root.get_state(M)
        return {"error": s.error, "notice": s.notice, "has_card": s.has_card, "pay_id": s.pay_id, "level": s.level,
                "qr": s.qr, "number": s.number, "privileges": list(s.privileges), "type": s.holder_type,
                "directory": [dict(r) for r in s.directory], "ups": [dict(u) for u in s.ups],
                "downs": [dict(d) for d in s.downs]}


def test_activate_pay_declined_then_paid_and_choose_type(demo):
    async def run() -> None:
        (number, code), (other, _code) = _printed_cards(2)
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/me/card")
            assert await riley.send(M.event_handlers["load"], {}) is None
            page = await _page(riley)
            assert not page["has_card"] and not page["error"]

            form = {"card_number": number, "card_code": code, "identity_kind": "national_id",
                    "identity_value": NATIONAL_ID, "holder_type": "both"}
            await riley.send(M.event_handlers["activate"], {"form": form})
            page = await _page(riley)
            assert page["pay_id"] > 0 and not page["has_card"], page

            bad = {"card_number": "4000 0000 0000 0002", "expiry": "12 / 40", "cvc": "123"}
            await riley.send(M.event_handlers["pay"], {"form": bad})
            page = await _page(riley)
            assert "no membership card was given" in page["error"] and not page["has_card"]

            good = {"card_number": "4242 4242 4242 4242", "expiry": "12 / 40", "cvc": "123"}
            await riley.send(M.event_handlers["pay"], {"form": good})
            page = await _page(riley)
            assert page["has_card"], page
            assert page["level"] == "Silver" and page["number"] == number
            assert page["qr"].startswith("data:image/png")
            assert page["privileges"] == ["May post demands"]
            assert page["type"] == "both" and page["directory"][0]["type"] == "Provides and needs services"
            assert page["downs"] == [{"id": page["downs"][0]["id"], "name": "Standard"}] and page["ups"] == []

            await riley.send(M.event_handlers["set_type"], {"form": {"holder_type": "provides"}})
            page = await _page(riley)
            assert page["type"] == "provides" and page["directory"][0]["type"] == "Provides services"

            # the second card is refused for the same identity, and nothing is started
            ids = {"card_number": other, "identity_kind": "national_id", "identity_value": NATIONAL_ID,
                   "holder_type": "needs"}
            await riley.send(M.event_handlers["activate"], {"form": {**ids, "card_code": _code}})
            page = await _page(riley)
            assert "already holds an active card" in page["error"] and page["pay_id"] == 0
    try:
        asyncio.run(run())
    finally:
        demo.restore()


def test_five_wrong_codes_lock_the_card_and_say_so(demo):
    async def run() -> None:
        ((number, _code),) = _printed_cards(1)
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/me/card")
            await riley.send(M.event_handlers["load"], {})
            form = {"card_number": number, "card_code": "WRONG", "identity_kind": "mobile",
                    "identity_value": "+8613800138000", "holder_type": "needs"}
            for left in (4, 3, 2, 1):
                await riley.send(M.event_handlers["activate"], {"form": form})
                assert f"{left} tries left" in (await _page(riley))["error"]
            await riley.send(M.event_handlers["activate"], {"form": form})
            assert "locked for 15 minutes" in (await _page(riley))["error"]
            await riley.send(M.event_handlers["activate"], {"form": {**form, "card_code": _code}})
            page = await _page(riley)
            assert "is locked until" in page["error"] and page["pay_id"] == 0 and not page["has_card"]
    try:
        asyncio.run(run())
    finally:
        demo.restore()


def test_with_stripe_the_fee_goes_on_to_stripes_page_with_no_card_typed_here(demo):
    """With Stripe the card is typed on Stripe's page: the fee form has no card of ours to check
    (an empty one was refused, and the fee could never be paid); pressing Pay goes on to /pay."""
    from community_hub.payments.providers import registry
    from community_hub.payments.providers.stripe import StripeProvider

    async def run() -> list[str]:
        [(number, code)] = _printed_cards(1)
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/me/card")
            assert await riley.send(M.event_handlers["load"], {}) is None
            form = {"card_number": number, "card_code": code, "identity_kind": "mobile",
                    "identity_value": "+8613800138077", "holder_type": "needs"}
            await riley.send(M.event_handlers["activate"], {"form": form})
            page = await _page(riley)
            assert page["pay_id"] > 0 and not page["has_card"], page
            await riley.send(M.event_handlers["pay"], {"form": {}})
            page = await _page(riley)
            assert not page["error"], page
            return [str(e.payload.get("path")) for u in riley.received for e in (u.events or [])
                    if e.name == "_redirect"], page["pay_id"]

    before = registry._override
    # No request reaches this address: a hosted payment is made when the payer opens Stripe's page.
    registry.use_provider(StripeProvider("sk_test_" + "0" * 24, "whsec_" + "0" * 32, api_base="http://127.0.0.1:9"))
    try:
        redirects, pay_id = asyncio.run(run())
    finally:
        registry.use_provider(before)
        demo.restore()
    assert f"/pay/{pay_id}" in redirects
