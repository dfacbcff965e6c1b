"""Live pages wait on the change bell (core/change_bell.py) instead of polling: an open order page
and a tab's banner read nothing while nothing they show changes, and show a change at once when
it is committed. The load bench put 500 idle tabs' polls at about a fifth of a worker's core
(docs/PROFILE.md, thirteenth round)."""

from __future__ import annotations

import asyncio

from reflex_base.event import Event
from reflex_base.utils.format import format_event_handler
from sqlmodel import select

from community_hub.accounts import auth
from community_hub.core.db import engine_for, session_scope
from community_hub.models import InboxItem, User
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderState
from community_hub.seed.common import DEMO_PASSWORD
from state.shared import tab_visits
from state.shared.session import SessionState
from tests.state import harness

RESIDENT = "resident@demo.hub"


def _reads(monkeypatch, module, fn) -> list[int]:
    reads: list[int] = []
    real = module.look_as

    async def look_as(token, called, *args, **kwargs):
        if called is fn:
            reads.append(1)
        return await real(token, called, *args, **kwargs)
    monkeypatch.setattr(module, "look_as", look_as)
    return reads


async def _run_watch(server, tab, handler) -> asyncio.Future:
    """The page's watcher as the load hands it on, left running (harness.send would end it)."""
    return await server.processor.enqueue(tab.token, Event(name=format_event_handler(handler), payload={},
                                                            router_data=tab.router_data))


def _running(server, tab) -> list:
    """The tab's event tasks still running (its watcher's, once its load is done)."""
    return [t for t in server.processor._tasks.values() if not t.done() and f"|{tab.token}|" in t.get_name()]


async def _stop(server, tab) -> None:
    running = _running(server, tab)
    for t in running:
        t.cancel()
    if running:
        await asyncio.wait(running, timeout=5)  # their cleanup (the watcher's release) done


async def _idle_then_a_change(server, tab, watch, reads: list, shown, change) -> tuple:
    """The page's watcher runs 1.5 s with nothing changing, then `change()` commits: the reads it
    made idle, all its reads, and what `shown(root)` read before the change and a second after.
    `watch` None: the caller started the watcher already."""
    if watch is not None:
        await _run_watch(server, tab, watch)
    await asyncio.sleep(1.5)
    idle = len(reads)
    async with tab.root() as root:
        before = await shown(root)
    change()
    await asyncio.sleep(1.0)
    async with tab.root() as root:
        after = await shown(root)
    await _stop(server, tab)
    return idle, len(reads), before, after


def _restoring(demo, run):
    """`run()` on a loop of its own, the demo database as built again after it (it wrote)."""
    try:
        return asyncio.run(run())
    finally:
        demo.restore()


def test_an_open_order_page_reads_only_when_the_order_moves(demo, monkeypatch):
    from state.resident import orders as page

    monkeypatch.setattr(page, "POLL_SECONDS", 0.2)  # it polled every second: five times as often here
    reads = _reads(monkeypatch, page, page._order_versions)
    with session_scope(engine_for(demo.url)) as db:
        user_id = db.exec(select(User.id).where(User.email == RESIDENT)).one()
        order_id = db.exec(select(Order.id).where(Order.user_id == user_id).order_by(Order.id)).first()
    assert order_id, "the demo resident has no order"

    async def run() -> tuple[int, int, str, str]:
        async with harness.Server() as server:
            tab = await server.browser(demo.tokens[RESIDENT], path=f"/orders/{order_id}")
            tab_visits.visited(tab.token)  # what the page's opening does
            assert await tab.send(page.OrderPageState.event_handlers["load"], {}, loop_grace=0.0) is None
            await _stop(server, tab)  # the watcher the load started ran with shortened sleeps: start it plainly

            async def shown(root):
                return (await root.get_state(page.OrderPageState)).state

            def accepted():  # the shop accepts it meanwhile
                with session_scope(engine_for(demo.url)) as db:
                    db.get(Order, order_id).state = OrderState.ACCEPTED

            return await _idle_then_a_change(server, tab, page.OrderPageState.event_handlers["watch"], reads,
                                             shown, accepted)

    idle, total, before, after = _restoring(demo, run)
    assert before == OrderState.PLACED
    assert idle == 0, f"the idle order page read its order {idle} times in 1.5 s (it polled every 0.2 s)"
    assert after == OrderState.ACCEPTED, "the open order page did not show the shop's change within a second"
    assert total == 1, f"{total - idle} reads for one change"


def test_a_tabs_banner_reads_nothing_while_idle_and_counts_a_new_message_at_once(demo, monkeypatch):
    from state.resident import urgent_notices as banner

    monkeypatch.setattr(banner, "LEAST_SECONDS", 0.1)
    monkeypatch.setattr(banner.tab_pollers, "connected", lambda tab: True)  # no socket server here to ask
    reads = _reads(monkeypatch, banner, banner._shell_and_keys)
    token = demo.tokens[RESIDENT]

    async def run() -> tuple[int, int, int, int]:
        async with harness.Server() as server:
            tab = await server.browser(token, path="/home")
            assert await tab.send(banner.UrgentNoticeState.event_handlers["start"], {}, loop_grace=0.0) is None
            await _stop(server, tab)
            async with tab.root() as root:  # as the start left it: a poller of this session is due
                (await root.get_state(banner.UrgentNoticeState))._polled_token = token

            async def shown(root):
                return (await root.get_state(SessionState)).unread

            def message():  # a message for her arrives
                with session_scope(engine_for(demo.url)) as db:
                    user_id = db.exec(select(User.id).where(User.email == RESIDENT)).one()
                    db.add(InboxItem(user_id=user_id, title="Your parcel is at the desk", body=""))

            return await _idle_then_a_change(server, tab, banner.UrgentNoticeState.event_handlers["watch"], reads,
                                             shown, message)

    idle, total, before, after = _restoring(demo, run)
    assert idle == 1, f"the idle banner read {idle} times in 1.5 s"
    assert after == before + 1, "the new message did not reach the inbox count within a second"
    assert total == 2, f"{total - idle} reads for one message"


def test_the_shops_open_orders_page_reads_nothing_idle_and_shows_a_new_order_at_once(demo, monkeypatch):
    from state.merchant import orders as page

    monkeypatch.setattr(page, "POLL_SECONDS", 0.2)  # it polled every 1.5 s: still several reads in 1.5 s here
    reads = _reads(monkeypatch, page, page._orders_version)
    with session_scope(engine_for(demo.url)) as db:
        shop_order = db.exec(select(Order).where(Order.state == OrderState.PLACED).order_by(Order.id)).first()
        assert shop_order, "the demo has no placed order"
        shop_id, order_id = shop_order.merchant_id, shop_order.id
        owner = db.exec(select(User).where(User.email == "merchant@demo.hub")).one()
        token = auth.login(db, identifier="merchant@demo.hub", password=DEMO_PASSWORD)[0]  # put back with the rest
    assert _shop_of(demo, owner.id) == shop_id, "the demo merchant does not own the demo's first placed order"

    async def run() -> tuple[int, int, dict, dict]:
        async with harness.Server() as server:
            tab = await server.browser(token, path="/merchant/orders")
            tab_visits.visited(tab.token)  # what the page's opening does
            assert await tab.send(page.MerchantOrdersState.event_handlers["load"], {}, loop_grace=0.0) is None
            await _stop(server, tab)  # the watcher the load started: start it again below, left running
            async with tab.root() as root:
                gen = (await root.get_state(page.MerchantOrdersState))._watch_gen

            async def shown(root):
                return dict((await root.get_state(page.MerchantOrdersState)).counts)

            def paid():  # the resident pays meanwhile: the order moves to "paid", a new one for the shop
                with session_scope(engine_for(demo.url)) as db:
                    order = db.get(Order, order_id)
                    order.state, order.updated_at = OrderState.PAID, utcnow()  # as lifecycle.transition moves it

            await server.processor.enqueue(tab.token, Event(
                name=format_event_handler(page.MerchantOrdersState.event_handlers["watch"]), payload={"gen": gen},
                router_data=tab.router_data))
            return await _idle_then_a_change(server, tab, None, reads, shown, paid)

    idle, total, before, after = _restoring(demo, run)
    assert idle == 0, f"the idle orders page read {idle} times in 1.5 s (it polled every 0.2 s)"
    assert after.get(OrderState.PAID, 0) == before.get(OrderState.PAID, 0) + 1, \
        "the shop's orders page did not count the paid order within a second"
    assert total == 1, f"{total - idle} reads for one change"


def _shop_of(demo, user_id: int) -> int | None:
    from community_hub.models import UserRole

    with session_scope(engine_for(demo.url)) as db:
        return db.exec(select(UserRole.merchant_id).where(UserRole.user_id == user_id,
                                                          UserRole.merchant_id.is_not(None))).first()


def test_a_closed_tabs_order_page_watcher_ends_instead_of_waiting_out_its_hour(demo, monkeypatch):
    """A closed tab never says so: its page's watcher stops once the tab's socket has been gone
    CLOSED_TAB_SECONDS, seen at its fallback wakes (it used to wait and read for an hour)."""
    from state.resident import orders as page
    from state.shared import live_watch

    monkeypatch.setattr(page, "FALLBACK_SECONDS", 0.2)  # 30 s: the test would wait a minute
    monkeypatch.setattr(page, "POLL_SECONDS", 0.2)  # its wakes: at most one a second
    monkeypatch.setattr(live_watch, "CLOSED_TAB_SECONDS", 0.5)  # 20 s
    sockets = {"open": True}
    monkeypatch.setattr(live_watch.tab_pollers, "connected", lambda tab: sockets["open"])
    with session_scope(engine_for(demo.url)) as db:
        user_id = db.exec(select(User.id).where(User.email == RESIDENT)).one()
        order_id = db.exec(select(Order.id).where(Order.user_id == user_id).order_by(Order.id)).first()

    async def run() -> tuple[bool, bool]:
        async with harness.Server() as server:
            tab = await server.browser(demo.tokens[RESIDENT], path=f"/orders/{order_id}")
            tab_visits.visited(tab.token)
            assert await tab.send(page.OrderPageState.event_handlers["load"], {}, loop_grace=0.0) is None
            await _stop(server, tab)
            await _run_watch(server, tab, page.OrderPageState.event_handlers["watch"])
            await asyncio.sleep(1.5)
            open_tab_watched = bool(_running(server, tab))
            sockets["open"] = False  # the tab is closed
            await asyncio.sleep(1.5)
            closed_tab_watched = bool(_running(server, tab))
            await _stop(server, tab)
            return open_tab_watched, closed_tab_watched

    open_tab_watched, closed_tab_watched = asyncio.run(run())
    assert open_tab_watched, "the open tab's watcher stopped"
    assert not closed_tab_watched, "the closed tab's watcher still waits"
