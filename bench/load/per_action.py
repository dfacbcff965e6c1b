"""What each resident action costs the app's worker in CPU, one action at a time.

Throughput moves with everything else this machine does; the CPU the worker spends on one action
does not (much): a few tabs go through the resident mix's round together, one action at a time,
each link from the page before it as a person goes (so a page's mount and leaving cost what they
cost), and the worker's CPU seconds over each action, divided by how many times it was done, is
that action's cost. Until the twelfth round of docs/PROFILE.md each action was repeated on its own
(a link to the page already open), which missed what changing pages costs.
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
SETTLE = 0.02  # s after each action's answers, counted with it


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
            costs = dict.fromkeys(actions, 0.0)
            rounds = max(1, repeats // TABS)
            for round_no in range(rounds + 1):  # the first round warms: first uses are not what a worker pays each time
                for name, act in actions.items():
                    cpu0 = app.cpu_seconds()
                    await asyncio.gather(*(act(t, p) for t, p in zip(tabs, who, strict=True)))
                    await asyncio.sleep(SETTLE)  # what the action started after its answer (a watcher's start)
                    if round_no:
                        costs[name] += app.cpu_seconds() - cpu0
            return {name: cpu * 1000 / (rounds * TABS) for name, cpu in costs.items()}
        finally:
            for t in tabs:
                await t.close()
    return asyncio.run(run())
