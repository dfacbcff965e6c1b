"""What a simulated resident and a simulated merchant do, one action at a time, as pages and
buttons of the compiled app. Each action returns its latency in seconds.

Resident: open home (the 10-minute circle), open search, search a real product word, open a shop,
add a product found to the cart, view the cart, open their order's page, read the notices.
Merchant (1 per 50 residents): the orders list, accept a paid order, start preparing it.
"""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable

from bench.load.people import MerchantUser, Resident
from bench.load.tab import Tab, state_settled
from community_hub.seed import PRODUCTS

Action = tuple[str, Callable[[], Awaitable[float]]]

# Search words from the demo catalog's own product names ("milk", "bread", "latte"...).
WORDS = sorted({w.lower() for names in PRODUCTS.values() for n in names for w in re.findall(r"[A-Za-z]{4,}", n)}
               - {"service", "with"})


ROUND = 8  # the steps of a resident's round below


def resident_actions(tab: Tab, who: Resident, shops: list[str], rng: random.Random,
                     start: int = 0) -> AsyncIterator[Action]:
    """The round below, again and again; `start`: the step of the first round to begin at (a
    resident who is somewhere in their own round when the measure starts, not at its first step
    with everyone else)."""
    async def gen():
        while True:
            yield "open home", lambda: tab.navigate("/home")
            yield "open search", lambda: tab.navigate("/search")
            word = rng.choice(WORDS)
            yield "search", lambda word=word: tab.click("shop_search_state.submit", {"form": {"q": word}},
                                              state_settled("shop_search_state"))
            found = _rows(tab, "shop_search_state", "products_rx_state_")
            slug = rng.choice(shops)
            yield "open a shop", lambda slug=slug: tab.navigate("/shop/[slug]", {"slug": slug})
            if found:
                row = rng.choice(found)
                yield "add to cart", lambda row=row: tab.click(
                    "shop_actions_state.add", {"product_id": row["id"], "name": row["name"]},
                    state_settled("shop_actions_state", "adding_rx_state_"))
            yield "view cart", lambda: tab.navigate("/cart")
            yield "open an order", lambda: tab.navigate("/orders/[order_id]", {"order_id": str(who.order_id)})
            yield "read notices", lambda: tab.navigate("/notices")
    return _from_step(gen(), start)


async def _from_step(script: AsyncIterator[Action], start: int) -> AsyncIterator[Action]:
    skipped = 0
    async for action in script:
        if skipped < start:  # not run: the tab is already past it
            skipped += 1
            continue
        yield action


def merchant_actions(tab: Tab, who: MerchantUser) -> AsyncIterator[Action]:
    async def gen():
        while True:
            yield "merchant orders", lambda: tab.navigate("/merchant/orders")
            if not who.to_accept:
                continue
            oid = str(who.to_accept.pop(0))
            yield "merchant accept", lambda oid=oid: tab.click("merchant_orders_state.accept", {"order_id": oid},
                                                       state_settled("merchant_orders_state", "busy_rx_state_"))
            yield "merchant prepare", lambda oid=oid: tab.click("merchant_orders_state.prepare", {"order_id": oid},
                                                        state_settled("merchant_orders_state", "busy_rx_state_"))
    return gen()


def _rows(tab: Tab, state: str, var: str) -> list[dict]:
    sub = next((v for k, v in tab.last.items() if k.endswith(state)), {})
    return [r for r in sub.get(var) or [] if isinstance(r, dict) and r.get("id")]
