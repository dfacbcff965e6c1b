"""A link is the page's opening and nothing else: the shell's urgent banner is checked in the
opening (not by a mount event of its own on every page), and a page's live watcher stops when the
tab opens another page (not by an unmount event). The load bench counted those two events at
about a fifth of a link's cost each (docs/PROFILE.md, twelfth round)."""

from __future__ import annotations

import asyncio

import reflex as rx

from state.shared import tab_visits
from state.shared.live_watch import LiveWatch
from state.shared.session import SessionState
from tests.state import harness

OPEN_PAGE = SessionState.event_handlers["open_page"]


def _banner_reads(monkeypatch) -> list[int]:
    """Counts the banner's reads by a page (its poller's own polls, every 10 s, are not counted)."""
    from state.resident import urgent_notices

    reads: list[int] = []
    real = urgent_notices.look

    async def look(state, fn, *args, **kwargs):
        if fn is urgent_notices._shell:
            reads.append(1)
        return await real(state, fn, *args, **kwargs)
    monkeypatch.setattr(urgent_notices, "look", look)
    return reads


async def _opening(server, token: str, route: str, path: str):
    """The browser follows a link to `path` (declared as `route`) and the page opens."""
    tab = await server.browser(token, path=path)
    assert await tab.send(OPEN_PAGE, {"route": route}, loop_grace=0.05) is None
    return tab


def test_every_page_checks_the_banner_exactly_when_its_shell_shows_it():
    """What each page renders and what its opening runs agree: a page with the banner starts its
    poller (or finds it beating) in its opening; a page without it (the kiosk, a printable page,
    the public site's shell) reads nothing for it."""
    from reflex_base.registry import RegistrationContext

    import community_hub.app  # noqa: F401  (every page registered)
    from state.shared import page_opening

    wrong = []
    for render, options in RegistrationContext.ensure_context().decorated_pages:
        opening = page_opening.opening(options["route"])
        if opening is None:  # a page of its own kind (the login page): nothing in its opening
            continue
        shows = "urgent-banner" in str(render())
        starts = any(load.state.__name__ == "UrgentNoticeState" and load.handler == "start" for load in opening.loads)
        if shows != starts:
            wrong.append(f"{options['route']}: shows the banner {shows}, starts it {starts}")
    assert not wrong, wrong


def test_the_opening_starts_the_banner_once_per_tab_so_later_links_read_nothing(demo, monkeypatch):
    from state.resident.urgent_notices import UrgentNoticeState

    reads = _banner_reads(monkeypatch)

    async def links() -> tuple[int, str]:
        async with harness.Server() as server:
            tab = await _opening(server, demo.caller_token, "/home", "/home")
            first = len(reads)
            async with tab.root() as root:
                polled = (await root.get_state(UrgentNoticeState))._polled_token
            for route in ("/notices", "/cart", "/home"):  # links: the tab's poller is beating
                await tab.open(route, demo.caller_token)
                assert await tab.send(OPEN_PAGE, {"route": route}, loop_grace=0.05) is None
            return first, polled

    first, polled = asyncio.run(links())
    assert first == 1, "the first page's opening did not read the banner"
    assert polled == demo.caller_token, "the banner's poller was not started for her session"
    assert len(reads) == first, f"the links read the banner {len(reads) - first} more times"


def test_a_shop_page_checks_the_banner_for_a_resident_only(demo, monkeypatch):
    """A shop's page shows the resident shell (with the banner) to residents and the public
    site's shell (without it) to a visitor or a merchant: only the resident's opening reads it."""
    reads = _banner_reads(monkeypatch)

    async def shop_as(token: str) -> int:
        before = len(reads)
        async with harness.Server() as server:
            await _opening(server, token, "/shop/[slug]", "/shop/corner-grocer")
        return len(reads) - before

    assert asyncio.run(shop_as("")) == 0, "a visitor's shop page read the banner"
    assert asyncio.run(shop_as(demo.merchant_token)) == 0, "a merchant's shop page read the banner"
    assert asyncio.run(shop_as(demo.caller_token)) == 1, "a resident's shop page did not read the banner"


class LeftPageProbeState(LiveWatch, rx.State):
    """Test-only state (not under state/, so test_boundary leaves it alone): a page whose load
    starts a watcher that polls every second."""

    polls: int = 0
    _gen: int = 0

    @rx.event
    def load(self):
        self._gen = self._next_watch()

    @rx.event(background=True)
    async def watch(self, gen: int):
        async def step():
            self.polls += 1
        await self._keep_polling(gen, self.router.url.path.rstrip("/"), 1.0, step, max_seconds=60)


def test_a_page_left_before_its_watcher_started_never_polls(demo):
    """A quick click away: the page's load handed on its watcher, and the tab opened another page
    before the watcher ran. With no unmount event to say so, the watcher still never polls; on a
    page still open it does."""
    state = LeftPageProbeState

    async def run(leave: bool) -> int:
        async with harness.Server() as server:
            tab = await server.browser(demo.caller_token, path="/probe")
            tab_visits.visited(tab.token)  # what every page's opening does
            assert await tab.send(state.event_handlers["load"], {}) is None
            async with tab.root() as root:
                gen = (await root.get_state(state))._gen
            if leave:
                tab_visits.visited(tab.token)  # the tab opened another page
            assert await tab.send(state.event_handlers["watch"], {"gen": gen}, loop_grace=0.3) is None
            async with tab.root() as root:
                return (await root.get_state(state)).polls

    assert asyncio.run(run(leave=False)) > 0, "the watcher of the open page did not poll"
    assert asyncio.run(run(leave=True)) == 0, "the watcher of a page already left polled it"


def test_the_banners_poller_outlives_the_link_that_started_it(demo):
    """The banner's poller is started by the first page's opening now, no longer by a mount event
    of its own: the next link (whose on_load supersedes the older link's unfinished chain in
    Reflex 0.10) leaves it running, and the next page starts no other."""
    from reflex.state import OnLoadInternalState

    import community_hub.app as hub

    if not hub.app._load_events:  # the pages' routes, as the app registers them when it starts
        hub.app._apply_decorated_pages()
    link = OnLoadInternalState.event_handlers["on_load_internal"]

    def pollers(server, tab) -> list:
        return [t for t in server.processor._tasks.values()
                if not t.done() and f"|{tab.token}|" in t.get_name() and "urgent_notice_state.watch" in t.get_name()]

    async def run() -> tuple[list, list]:
        async with harness.Server() as server:
            tab = await server.browser(demo.caller_token, path="/home")
            assert await tab.send(link, {}, loop_grace=0.05) is None
            after_first = pollers(server, tab)
            await tab.open("/notices", demo.caller_token)
            assert await tab.send(link, {}, loop_grace=0.05) is None
            after_second = pollers(server, tab)
            for task in after_second:
                task.cancel()
            return after_first, after_second

    first, second = asyncio.run(run())
    assert len(first) == 1, "the first page's opening did not start the banner's poller"
    assert second == first, "the link ended the tab's banner poller (and the next page started another)"
