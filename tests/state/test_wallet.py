"""The wallet page (/me/wallet, issue 20) and the pay page's "Pay from wallet": a top-up outside
the limits is refused in words and starts nothing; a top-up is paid on the pay page and shows as
balance and history with its receipt; a bill is then paid from the wallet and the balance drops."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from community_hub.accounts import auth
from community_hub.core.db import session_scope
from community_hub.models import Community
from community_hub.models.billing import Bill
from community_hub.models.payments import Payment
from community_hub.payments import intents
from community_hub.property import bill_payments, billing
from community_hub.seed import DEMO_PASSWORD
from state.resident.payment_page import PaymentPageState as P
from state.resident.wallet import WalletState as W
from tests.state import harness

CARD = {"card_number": "4242 4242 4242 4242", "expiry": "12 / 40", "cvc": "123"}


async def _wallet(b) -> dict:
    async with b.root() as root:
        s = await root.get_state(W)
        return {"error": s.error, "balance": s.balance, "moves": [dict(m) for m in s.moves], "loaded": s.loaded}


async def _pay(b) -> dict:
    async with b.root() as root:
        s = await root.get_state(P)
        return {"error": s.error, "paid": s.paid, "can": s.wallet_can_pay, "balance": s.wallet_balance}


def _newest_payment() -> Payment:
    with session_scope() as db:
        return db.exec(select(Payment).order_by(Payment.id.desc())).first()


def _bill_payment() -> tuple[int, int]:
    """An unpaid bill of the demo resident's household, opened for a card: (payment id, bill id)."""
    with session_scope() as db:
        actor = auth.login(db, identifier="resident@demo.hub", password=DEMO_PASSWORD)[1]
        bill = db.exec(select(Bill).where(Bill.household_id == actor.household_id, Bill.status == "unpaid")
                       .order_by(Bill.id)).first()
        view = billing.get_bill(db, actor, bill.id)
        company = db.get(Community, actor.community_id).property_company_id
        payment = intents.start_payment(db, actor, purpose=bill_payments.purpose_of(bill.id),
                                        amount_minor=view.outstanding_minor, currency=view.currency,
                                        payee=f"property:{company}")
        return payment.id, bill.id


def test_top_up_then_pay_a_bill_from_the_wallet(demo):
    async def run() -> None:
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/me/wallet")
            assert await riley.send(W.event_handlers["load"], {}) is None
            page = await _wallet(riley)
            assert page["loaded"] and page["moves"] == [] and page["balance"] == "$0.00", page

            before = _newest_payment().id
            await riley.send(W.event_handlers["top_up"], {"form": {"amount": "4.99"}})
            page = await _wallet(riley)
            assert "smallest top-up is $5.00" in page["error"] and _newest_payment().id == before

            await riley.send(W.event_handlers["top_up"], {"form": {"amount": "300"}})
            top = _newest_payment()
            assert top.purpose.startswith("topup:") and top.amount_minor == 30000
            assert f"/pay/{top.id}" in str(riley.received)

            payer = await server.browser(demo.tokens["resident@demo.hub"], path=f"/pay/{top.id}")
            await payer.send(P.event_handlers["load"], {})
            assert not (await _pay(payer))["can"]  # a top-up is not paid from the wallet
            await payer.send(P.event_handlers["pay"], {"form": CARD})
            assert (await _pay(payer))["paid"]

            await riley.send(W.event_handlers["load"], {})
            page = await _wallet(riley)
            assert page["balance"] == "$300.00", page
            assert [(m["label"], m["amount"], m["receipt"]) for m in page["moves"]] == [
                ("Top-up", "+$300.00", str(top.id))]

            payment_id, _bill = _bill_payment()
            bill = await server.browser(demo.tokens["resident@demo.hub"], path=f"/pay/{payment_id}")
            await bill.send(P.event_handlers["load"], {})
            shown = await _pay(bill)
            assert shown["can"] and shown["balance"] == "$300.00", shown
            await bill.send(P.event_handlers["pay_from_wallet"], {})
            assert not (await _pay(bill))["error"]
            paid = _newest_payment()
            assert paid.provider == "wallet" and paid.status == "succeeded"
            await riley.send(W.event_handlers["load"], {})
            page = await _wallet(riley)
            assert page["moves"][0]["label"] == "Paid from the wallet" and page["moves"][0]["receipt"] == str(paid.id)
            assert page["balance"] == f"${(30000 - paid.amount_minor) / 100:,.2f}"
            with session_scope() as db:  # the bill moved exactly as after a card payment
                assert db.get(Bill, _bill).status == "paid"

    asyncio.run(run())


def test_the_refund_choice_is_saved_and_read_back(demo):
    async def run() -> None:
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/me/wallet")
            await riley.send(W.event_handlers["load"], {})
            async with riley.root() as root:
                assert (await root.get_state(W)).refunds_to == "card"
            await riley.send(W.event_handlers["choose_refunds_to"], {"where": "wallet"})
            await riley.send(W.event_handlers["load"], {})
            async with riley.root() as root:
                assert (await root.get_state(W)).refunds_to == "wallet"
            await riley.send(W.event_handlers["choose_refunds_to"], {"where": "card"})
            async with riley.root() as root:
                s = await root.get_state(W)
                assert s.refunds_to == "card" and "back to the card" in s.notice

    asyncio.run(run())
