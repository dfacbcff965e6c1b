"""The suite's detectors detect: the owner of the planted records sees them and can change them,
and `test_boundary` would have said so had a stranger done the same."""

from __future__ import annotations

import asyncio

from sqlmodel import Session, select

from community_hub.core.db import engine_for
from community_hub.models import User
from community_hub.models.orders import Order
from tests.state import harness
from tests.state import world as world_mod


def _riley_order(w: world_mod.World) -> int:
    with Session(engine_for(w.url)) as db:
        riley = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
        return db.exec(select(Order.id).where(Order.user_id == riley.id).order_by(Order.id)).first()


def test_the_owner_sees_her_order_and_the_leak_check_notices(demo):
    from state.resident.orders import OrderPageState

    order_id = _riley_order(demo)

    async def run():
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path=f"/orders/{order_id}")
            assert await riley.send(OrderPageState.event_handlers["load"], {}) is None
            return repr(riley.received)

    shown = asyncio.run(run())
    assert f"{world_mod.MARKER}-RILEY-ADDRESS" in shown


def test_the_owner_cancels_her_order_and_the_change_check_notices(demo):
    from state.resident.orders import OrderPageState

    order_id = _riley_order(demo)
    before = world_mod.snapshot(demo)

    async def run():
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path=f"/orders/{order_id}")
            await riley.send(OrderPageState.event_handlers["load"], {})
            await riley.send(OrderPageState.event_handlers["cancel"], {})

    try:
        asyncio.run(run())
        after = world_mod.snapshot(demo)
        problems = world_mod.changes(demo, before, after, anonymous=False)  # judged as Mallory's call
        assert any(p.startswith(f"order {order_id}: changed") for p in problems), problems
    finally:
        demo.restore()


def test_her_own_cart_is_hers(demo):
    """What a resident may change: her own cart (a new cart row and its line)."""
    from state.resident.shop_actions import ShopActionsState

    before = world_mod.snapshot(demo)

    async def run():
        async with harness.Server() as server:
            mallory = await server.browser(demo.caller_token, path="/shop/corner-grocer")
            handler = ShopActionsState.event_handlers["add"]
            return await mallory.send(handler, harness.payload_for(handler, 1))

    try:
        assert asyncio.run(run()) is None
        after = world_mod.snapshot(demo)
        assert after["cartline"] != before["cartline"], "the handler added nothing: the probe is blind"
        assert world_mod.changes(demo, before, after, anonymous=False) == []
        assert world_mod.changes(demo, before, after, anonymous=True) != []
    finally:
        demo.restore()
