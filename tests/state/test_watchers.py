"""One live watcher per page a browser has open: calling the watch handler again (anyone with the
socket can) does not start another poller reading the database every few seconds."""

from __future__ import annotations

import asyncio

from reflex_base.event import Event
from reflex_base.utils.format import format_event_handler

from tests.state import harness


def _running(server, browser, name: str) -> list:
    return [t for t in server.processor._tasks.values()
            if not t.done() and f"|{browser.token}|" in t.get_name() and name in t.get_name()]


def test_calling_watch_again_does_not_start_more_pollers(demo):
    from state.shared.inbox import InboxState

    async def run() -> tuple[int, int]:
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/inbox")
            await riley.send(InboxState.event_handlers["load"], {})  # the page's own poller, ended after
            watch = InboxState.event_handlers["watch"]
            name = format_event_handler(watch)
            with harness._short_sleeps():
                for _ in range(6):  # what a script on the socket can send
                    await server.processor.enqueue(
                        riley.token, Event(name=name, payload={"watch_id": 1}, router_data=riley.router_data))
                await asyncio.sleep(0.3)
                many = len(_running(server, riley, "watch"))
                stale = Event(name=name, payload={"watch_id": 7}, router_data=riley.router_data)
                await server.processor.enqueue(riley.token, stale)  # a number the page never gave out
                await asyncio.sleep(0.1)
                after_stale = len(_running(server, riley, "watch"))
                for t in _running(server, riley, ""):
                    t.cancel()
                await asyncio.sleep(0.05)
            return many, after_stale

    many, after_stale = asyncio.run(run())
    assert (many, after_stale) == (1, 1)
