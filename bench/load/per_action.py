"""What each resident action costs the app's worker in CPU, one action at a time.

Throughput moves with everything else this machine does; the CPU the worker spends on one action
does not (much): a few tabs repeat one action of the resident mix (a link loads the page again,
as a person's second click on it would), and the worker's CPU seconds over the repeats, divided
by their number, is that action's cost. docs/PROFILE.md's tenth round was measured this way.
Printed as: `load: CPU per action  open home 4.5 ms, ...`.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from bench.load.compiled import Build
from bench.load.mix import WORDS
from bench.load.people import People, Resident
from bench.load.servers import Server
from bench.load.tab import Tab, state_settled

TABS = 5


def _actions(people: People, found: list[dict], rng: random.Random) -> dict[str, Callable[[Tab, Resident], Awaitable]]:
    product = found[0]
    return {
        "open home": lambda t, p: t.navigate("/home"),
        "open search": lambda t, p: t.navigate("/search"),
        "search": lambda t, p: t.click("shop_search_state.submit", {"form": {"q": rng.choice(WORDS)}},
                                       state_settled("shop_search_state")),
        "open a shop": lambda t, p: t.navigate("/shop/[slug]", {"slug": rng.choice(people.shops)}),
        "add to cart": lambda t, p: t.click("shop_actions_state.add", {"product_id": product["id"], "name": product["name"]},
                                            state_settled("shop_actions_state", "adding_rx_state_")),
        "view cart": lambda t, p: t.navigate("/cart"),
        "open an order": lambda t, p: t.navigate("/orders/[order_id]", {"order_id": str(p.order_id)}),
        "read notices": lambda t, p: t.navigate("/notices"),
    }


def cpu_per_action(build: Build, app: Server, people: People, *, repeats: int = 100,
                   subprotocol: str | None = None) -> dict[str, float]:
    """ms of the worker's CPU per action, each action repeated `repeats` times over TABS tabs."""
    async def run() -> dict[str, float]:
        who = people.residents[:TABS]
        tabs = [Tab(build, app.ws_url, p.session, subprotocol=subprotocol) for p in who]
        try:
            for t in tabs:
                await t.open("/search")
            await tabs[0].click("shop_search_state.submit", {"form": {"q": "milk"}}, state_settled("shop_search_state"))
            sub = next((v for k, v in tabs[0].last.items() if k.endswith("shop_search_state")), {})
            found = [r for r in sub.get("products_rx_state_") or [] if isinstance(r, dict) and r.get("id")]
            actions = _actions(people, found, random.Random(1))
            costs = {}
            for name, act in actions.items():
                for t, p in zip(tabs, who, strict=True):  # warm: first uses are not what a worker pays each time
                    await act(t, p)
                cpu0 = app.cpu_seconds()

                async def repeat(t: Tab, p: Resident, act=act) -> None:
                    for _ in range(repeats // TABS):
                        await act(t, p)
                await asyncio.gather(*(repeat(t, p) for t, p in zip(tabs, who, strict=True)))
                costs[name] = (app.cpu_seconds() - cpu0) * 1000 / (repeats // TABS * TABS)
            return costs
        finally:
            for t in tabs:
                await t.close()
    return asyncio.run(run())
