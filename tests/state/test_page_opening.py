"""A protected page opens in one server event: its area's guard, then each of its loads
(state/shared/page_opening.py). The load bench counted a link's guard and loads as separate
events, each paying for the state tree and a delta; these tests hold what the one event must
still do: the header knows who is there, every state of the page is read, a stranger is sent
to log in, a forged route runs only its own page's guard."""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from state.admin.users import AdminUsersState
from state.resident.home_promotions import HomePromotionsState
from state.resident.household import HouseholdState
from state.shared.dashboards import ResidentHomeState
from state.shared.service_call import call, look, one_read
from state.shared.session import SessionState
from tests.state import harness

OPEN_PAGE = SessionState.event_handlers["open_page"]


async def _open(token: str, route: str, path: str | None = None):
    async with harness.Server() as server:
        tab = await server.browser(token, path=path or route)
        error = await tab.send(OPEN_PAGE, {"route": route})
        async with tab.root() as root:
            return (error, await root.get_state(SessionState), await root.get_state(ResidentHomeState),
                    await root.get_state(HouseholdState), await root.get_state(AdminUsersState),
                    list(tab.received))


def _redirects(received) -> list[str]:
    return [str(e.payload.get("path")) for u in received for e in (u.events or []) if e.name == "_redirect"]


def test_one_event_reads_the_header_and_every_state_of_the_page(demo):
    error, session, home, household, admin, _ = asyncio.run(_open(demo.caller_token, "/home"))
    assert error is None
    assert session.user_name, "the header does not know who is there"
    assert home.community == "Maple Court", "the page's first load did not run"
    assert household.loaded, "the page's second load did not run"
    assert household.unit and household.members, "the household card lost where she lives or who else does"
    assert not admin.rows


def test_the_home_pages_product_cards_name_their_shops(demo):
    async def strips():
        async with harness.Server() as server:
            tab = await server.browser(demo.caller_token, path="/home")
            assert await tab.send(OPEN_PAGE, {"route": "/home"}) is None
            async with tab.root() as root:
                return (await root.get_state(HomePromotionsState)).strips
    cards = [row for strip in asyncio.run(strips()) for row in strip.products]
    assert cards and all(row["shop"] and row["shop_slug"] for row in cards), "a product card lost its shop"


def test_a_stranger_is_sent_to_log_in_and_nothing_is_read(demo):
    error, session, home, household, _, received = asyncio.run(_open("", "/home"))
    assert error is None
    assert not session.user_name
    assert home.community == "" and not household.loaded
    assert _redirects(received) == ["/login?next=/home"]


def test_a_forged_route_runs_that_pages_own_guard(demo):
    """A resident sending the admin page's route from her home page is refused by the admin
    area's guard; the admin page's list is never read."""
    error, session, _, _, admin, received = asyncio.run(_open(demo.caller_token, "/admin/users", path="/home"))
    assert error is None
    assert not admin.rows
    assert _redirects(received), "the resident was not sent away"
    assert "platform admins" in session.flash


def test_an_unknown_route_does_nothing(demo):
    error, session, home, household, _, _ = asyncio.run(_open(demo.caller_token, "no such page", path="/home"))
    assert error is None
    assert home.community == "" and not household.loaded


def test_a_page_opening_reads_in_one_transaction_with_one_session_check(demo, monkeypatch):
    """/home's guard and its three loads used to open a read transaction and check the session
    four times; the opening now shares one (docs/PROFILE.md)."""
    from community_hub.accounts import acting

    # An opening first: the shared demo session may be due its five-minutely touch (a write, after
    # which the reads check on their own), as it is when the suite reaches this test late.
    asyncio.run(_open(demo.caller_token, "/home"))
    checks: list[str] = []
    real = acting.actor_for_read  # a read's session check (core/read_checks.py)
    monkeypatch.setattr(acting, "actor_for_read", lambda db, token, *a, **k: checks.append(token) or real(db, token, *a, **k))
    error, session, home, household, _, _ = asyncio.run(_open(demo.caller_token, "/home"))
    assert error is None and session.user_name and home.community == "Maple Court" and household.loaded
    assert len(checks) == 1, f"the opening checked the session {len(checks)} times"


def _name(db, actor) -> str:
    from community_hub.models import User

    return db.get(User, actor.user_id).display_name


def _rename(db, actor, name: str) -> None:
    from community_hub.models import User

    db.get(User, actor.user_id).display_name = name


class OneReadProbeState(rx.State):
    """Test-only state (not under state/, so test_boundary leaves it alone)."""

    seen: list[str] = []

    @rx.event
    async def read_write_read(self):
        async with one_read(self):
            before = await look(self, _name)
            await call(self, _rename, before + " (renamed)")
            after = await look(self, _name)
            await call(self, _rename, before)
        self.seen = [before, after]


def test_a_write_during_an_opening_is_seen_by_the_reads_after_it(demo):
    """A page's load may write (an opened notice is marked read): the reads after it do not
    answer from the opening's first snapshot."""
    async def run():
        async with harness.Server() as server:
            tab = await server.browser(demo.caller_token, path="/home")
            assert await tab.send(OneReadProbeState.event_handlers["read_write_read"], {}) is None
            async with tab.root() as root:
                return (await root.get_state(OneReadProbeState)).seen
    before, after = asyncio.run(run())
    assert after == before + " (renamed)"


def test_more_tabs_opening_at_once_than_the_pool_has_connections_all_open(demo):
    """An opening holds its read connection while it awaits between reads. When more tabs opened
    at once than the pool had connections, the worker threads that would finish them waited for
    a connection none would give back: the app stood still until the pool's 30 s timeout, then
    failed the pages (the load bench: 25 tabs opening at once). Now only as many openings as leave
    a connection for every worker thread share a read; every tab opens, and quickly."""
    async def burst():
        async with harness.Server() as server:
            tabs = [await server.browser(demo.caller_token, path="/home") for _ in range(40)]
            started = time.monotonic()
            errors = await asyncio.gather(*(t.send(OPEN_PAGE, {"route": "/home"}, timeout=25) for t in tabs),
                                          return_exceptions=True)
            took = time.monotonic() - started
            opened = []
            for tab in tabs:
                async with tab.root() as root:
                    opened.append((await root.get_state(ResidentHomeState)).community)
            return errors, took, opened

    errors, took, opened = asyncio.run(burst())
    assert errors == [None] * 40
    assert opened == ["Maple Court"] * 40
    assert took < 20, f"40 tabs took {took:.1f} s to open"


def test_an_opening_spends_no_thread_hop_on_opening_or_closing_its_read(demo, monkeypatch):
    """Each hop to the service pool costs the worker's loop and a thread (docs/PROFILE.md,
    sixteenth round): the shared read opens in the guard's hop and closes unawaited after the
    loads, so an opening's hops are its reads, one each."""
    from community_hub.accounts import acting
    from state.shared import service_call

    asyncio.run(_open(demo.caller_token, "/home"))  # a touch of the shared demo session, if due, is written now
    hops: list[str] = []
    pool = service_call._pool

    def counted(real):
        def hop(fn, *args):
            hops.append(getattr(fn, "__qualname__", "?"))
            return real(fn, *args)
        return hop
    monkeypatch.setattr(pool, "run", counted(pool.run))  # awaited hops
    monkeypatch.setattr(pool, "submit", counted(pool.submit))  # and the one nobody waits for
    error, *_ = asyncio.run(_open(demo.caller_token, "/home"))
    assert error is None
    held = [h for h in hops if h.startswith("HeldRead")]
    assert held.count("HeldRead.close") == 1 and held[-1] == "HeldRead.close"
    assert set(held[:-1]) == {"HeldRead.run"} and len(held) >= 4, held  # the guard and the loads: reads only
    assert service_call.settled(10)
    assert acting._slot_for(acting.engine().pool)._value == acting.held_read_slots(acting.engine().pool)
