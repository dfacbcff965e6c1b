"""The made-to-order screens' states (issue 20), through Reflex's event processor: the merchant marks
a product made to order (a deposit share of 150 % is refused with nothing stored, 30 % is kept) and
states the shop's deposit rule; the resident's checkout shows the deposit and the balance; the
shop starts work and asks for the balance; the resident's order page offers to pay it and states
the rule before a cancellation."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.marketplace import cart, checkout, order_payments
from community_hub.models import Merchant, Product
from community_hub.models.payments import Payment
from state.merchant.orders import MerchantOrdersState
from state.merchant.products import MerchantProductsState
from state.resident.checkout import CheckoutState
from state.resident.orders import OrderPageState
from tests.state import harness

CARD = "4242424242424242"


async def _page(browser, cls):
    async with browser.root() as root:
        return await root.get_state(cls)


def test_made_to_order_from_the_editor_to_the_balance(demo):
    async def run():
        async with harness.Server() as server:
            shop = await server.browser(demo.merchant_token, path="/merchant/products")
            edit = MerchantProductsState.event_handlers
            assert await shop.send(edit["load"], {}) is None
            await shop.send(edit["new_product"], {})
            for name, value in (("name", "Wedding cake"), ("price", "30.00"), ("deposit", "150")):
                await shop.send(edit["set_field"], {"name": name, "value": value})
            await shop.send(edit["set_flag"], {"name": "unlimited", "on": True})
            await shop.send(edit["set_flag"], {"name": "made_to_order", "on": True})
            await shop.send(edit["save"], {})
            page = await _page(shop, MerchantProductsState)
            assert "1 to 100 %" in page.field_errors["deposit"]
            with session_scope() as db:  # refused: nothing stored
                assert db.exec(select(Product).where(Product.name == "Wedding cake")).first() is None
            await shop.send(edit["set_field"], {"name": "deposit", "value": "30"})
            await shop.send(edit["save"], {})
            page = await _page(shop, MerchantProductsState)
            assert not page.form_error, page.form_error
            with session_scope() as db:
                product = db.exec(select(Product).where(Product.name == "Wedding cake")).one()
            pid = product.id
            assert (product.made_to_order, product.deposit_bps, product.price_minor) == (True, 3000, 3000)
            row = next(r for r in page.rows if r["id"] == str(pid))
            assert (row["made_to_order"], row["deposit"]) == ("1", "30")
            await shop.send(edit["set_deposit_rule"], {"rule": "maybe"})
            assert "keeps or refunds" in (await _page(shop, MerchantProductsState)).error
            await shop.send(edit["set_deposit_rule"], {"rule": "refund"})
            page = await _page(shop, MerchantProductsState)
            assert page.deposit_rule == "refund" and "deposit is refunded" in page.notice

            with session_scope() as db:
                riley = demo_actor(db, demo.tokens["resident@demo.hub"])
                cart.add_to_cart(db, riley, pid, 1)
            resident = await server.browser(demo.tokens["resident@demo.hub"], path=f"/checkout/{product.merchant_id}")
            assert await resident.send(CheckoutState.event_handlers["load"], {}) is None
            totals = (await _page(resident, CheckoutState)).totals
            assert (totals["deposit"], totals["balance"]) == ("$9.00", "$21.00")
            assert "deposit is refunded" in totals["deposit_rule"]
            with session_scope() as db:
                riley = demo_actor(db, demo.tokens["resident@demo.hub"])
                order = checkout.place_order(db, riley, product.merchant_id, idempotency_key="made-to-order-state",
                                             payment_method="card", fulfilment="pickup")
                oid, balance = order.id, order.balance_minor
            with session_scope() as db:
                riley = demo_actor(db, demo.tokens["resident@demo.hub"])
                payment = order_payments.start_order_payment(db, riley, oid)
            with session_scope() as db:
                order_payments.pay_order(db, demo_actor(db, demo.tokens["resident@demo.hub"]), payment.id, CARD)

            orders_page = await server.browser(demo.merchant_token, path=f"/merchant/orders/{oid}")
            moves = MerchantOrdersState.event_handlers
            await orders_page.send(moves["start_work"], {"order_id": str(oid)})
            page = await _page(orders_page, MerchantOrdersState)
            assert not page.error, page.error
            await orders_page.send(moves["ask_balance"], {"order_id": str(oid)})
            page = await _page(orders_page, MerchantOrdersState)
            assert not page.error, page.error
            assert "asked for the balance" in page.notice

            mine = await server.browser(demo.tokens["resident@demo.hub"], path=f"/orders/{oid}")
            assert await mine.send(OrderPageState.event_handlers["load"], {}) is None
            page = await _page(mine, OrderPageState)
            assert page.made["balance_state"] == "due"
            assert "by its rule your deposit" in page.made["cancel_text"]
            await mine.send(OrderPageState.event_handlers["pay_balance"], {})
            assert not (await _page(mine, OrderPageState)).error
            with session_scope() as db:
                paying = db.exec(select(Payment).where(Payment.purpose == f"order:{oid}")).one()
                assert paying.amount_minor == balance

    try:
        asyncio.run(run())
    finally:
        with session_scope() as db:
            for shop in db.exec(select(Merchant)).all():
                assert shop.deposit_rule in ("keep", "refund")
        demo.restore()


def demo_actor(db, token: str):
    from community_hub.accounts import auth
    return auth.actor_for_token(db, token)
