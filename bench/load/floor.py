"""The floor: what one event costs the worker when it does no work of ours.

The same logged-in tabs as the resident mix send, in a closed loop, an event whose handler only
assigns three plain vars (closing the card batches' dialogs: no service, no database, no list).
Everything it costs is Reflex's and the transport's: the socket, the state's lock, the handler's
dispatch, the delta and its JSON. Beside the echo ceiling it says how far any handler could go:
the mix's ratio can never pass this one, and the gap between them is the work of our handlers.
Printed as:
`load: floor  an event that does no work of ours  X events/s  Y ms CPU/event  ratio R of echo ceiling`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from bench.load.compiled import Build
from bench.load.people import People
from bench.load.runs import Result, close_all, closed_loop, open_tabs
from bench.load.servers import Server
from bench.load.tab import Tab

HANDLER = "admin_card_batches_state.close_dialogs"  # three assignments; any tab may send it


def _any_update(delta: dict) -> bool:
    return True  # the event's own answer (the delta, empty or not) is what the tab waits for


def floor_events(build: Build, app: Server, people: People, *, tabs: int, seconds: float,
                 subprotocol: str | None) -> Result:
    async def run() -> Result:
        who = people.residents[:tabs]
        opened = [Tab(build, app.ws_url, p.session, subprotocol=subprotocol) for p in who]
        setup = Result()
        ok = await open_tabs(opened, ["/home"] * len(opened), at_once=10, result=setup)
        live = [t for t, good in zip(opened, ok, strict=True) if good]

        async def script(tab: Tab) -> AsyncIterator:
            while True:
                yield "no-op event", lambda: tab.click(HANDLER, {}, _any_update)
        try:
            return await closed_loop(live, [script(t) for t in live], warmup=1.0, seconds=seconds,
                                     server_cpu=app.cpu_seconds)
        finally:
            await close_all(live)
    return asyncio.run(run())
