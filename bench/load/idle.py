"""What tabs left open cost the worker: most people who have the app open are not acting.

Residents' tabs open on the live pages (each page's watcher running, as a browser leaves it) and
the shops' on their orders; nobody acts; the worker's CPU over the window, per tab-second. Before
the change bell (docs/PROFILE.md, thirteenth and fourteenth rounds) each of these pages polled
the database every 1-2 s. Printed as:
`load: idle tabs  N open on live pages  X ms CPU per tab-second (Y % of a core)`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bench.load.compiled import Build
from bench.load.people import People
from bench.load.servers import Server
from bench.load.tab import Tab

# The residents' live pages, in turn; the shops' tabs are on their orders.
PAGES = ["/home", "/orders/[order_id]", "/notices", "/community", "/repairs", "/bills", "/share/messages"]
SETTLE = 5.0  # s after the last tab opened: first reads of the watchers done


@dataclass
class Idle:
    tabs: int
    seconds: float
    server_cpu: float

    @property
    def ms_per_tab_second(self) -> float:
        return self.server_cpu * 1000 / (self.tabs * self.seconds) if self.tabs and self.seconds else 0.0


def idle_tabs(build: Build, app: Server, people: People, *, residents: int, seconds: float,
              subprotocol: str | None) -> Idle:
    async def run() -> Idle:
        res = people.residents[:residents]
        mer = people.merchants[:max(1, residents // 50)]
        tabs = [Tab(build, app.ws_url, p.session, subprotocol=subprotocol) for p in [*res, *mer]]
        opened: list[Tab] = []
        try:
            for i, (tab, who) in enumerate(zip(tabs, [*res, *mer], strict=True)):
                route = PAGES[i % len(PAGES)] if i < len(res) else "/merchant/orders"
                await tab.open(route, {"order_id": str(who.order_id)} if "[order_id]" in route else None)
                opened.append(tab)
            await asyncio.sleep(SETTLE)
            cpu0 = app.cpu_seconds()
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            await asyncio.sleep(seconds)
            return Idle(len(opened), loop.time() - t0, app.cpu_seconds() - cpu0)
        finally:
            for tab in opened:
                await tab.close()
    return asyncio.run(run())
