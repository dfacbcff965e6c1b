"""One live watcher per page a browser has open.

A page starts a background poller on load (`watch(gen)`, with `_next_watch()`'s generation) and
bumps `_watch_gen` when it is reloaded, which ends the old one. Leaving the page needs no event of
its own: `_next_watch()` records the tab's page visit (tab_visits, counted by every page's opening)
and the poller stops once the tab has opened another page, or never starts if it already has
(a quick click away). The load bench counted a leaving page's unmount event at a fifth of a link's
cost. But an event handler can be called by anyone with the socket, any number of times: calling
`watch` again with the current number used to start one more poller each time, each reading the
database every second. `_claim_watch` lets the first poller of a generation run and turns every
other away.

    @rx.event(background=True)
    async def watch(self, gen: int):
        async with self:
            if not self._claim_watch(gen):
                return
        try:
            ...poll while gen == self._watch_gen...
        finally:
            async with self:
                self._release_watch(gen)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import reflex as rx

from community_hub.core import change_bell
from community_hub.core.errors import ServiceError
from community_hub.core.outage import RecordsAway
from state.shared import router_raw, tab_pollers, tab_visits
from state.shared.service_call import look_as
from state.shared.session_token import session_token

LOCKED_CHECK_SECONDS = 30.0
# A page waiting on the change bell reads at least this often all the same: a write it cannot hear
# (another program on the SQLite file, raw SQL) or a time that passes (a notice's end) shows then.
FALLBACK_SECONDS = 30.0
# A closed tab never says so, and its page's watcher used to wait out its hour, reading at every
# fallback: a busy day's closed tabs added up. One whose socket has been gone this long stops (a
# tab that comes back reconnects, hydrates and opens its page again, with a watcher of its own).
CLOSED_TAB_SECONDS = 20.0


class LiveWatch(rx.State, mixin=True):
    _watch_gen: int = 0  # bumped on load and on leaving: a poller of an older number stops
    _watching: int = 0  # the generation whose poller runs now, 0 when none
    # What `_follow_version` compares with: a page's load may set it from the same read as the data
    # (then no change between the load and the first poll is missed); "" makes the poller read it.
    _seen_version: str = ""
    # The tab's page visit (tab_visits) the generation `_watch_started[0]` was started in.
    _watch_started: tuple[int, int] = (0, 0)
    # What the page's own read said to wait on (`_bell_from_load`): (the change bell's mark taken
    # before that read, its keys, seconds until a scheduled change); () when it said nothing.
    _bell_given: tuple = ()

    def _bell_from_load(self, since: int, keys: list, wake_in: float | None) -> None:
        """A page whose load read its change bell keys with its data (after `change_bell.mark()`):
        its watcher waits on them from the start instead of reading once more after a second."""
        self._bell_given = (since, list(keys), wake_in)

    def _claim_watch(self, gen) -> bool:
        """Call under `async with self`: True for the one poller this page may run now (none once
        the tab has opened another page since the page started it)."""
        if not isinstance(gen, int) or gen != self._watch_gen or self._watching == gen:
            return False
        if tab_visits.current(router_raw.tab_token(self)) != self._visit_of(gen):
            return False
        self._watching = gen
        return True

    def _visit_of(self, gen: int) -> int:
        """The page visit generation `gen` belongs to: the one `_next_watch()` recorded, else (a
        generation bumped by hand) the tab's visit now."""
        started_gen, visit = self._watch_started
        return visit if started_gen == gen else tab_visits.current(router_raw.tab_token(self))

    def _release_watch(self, gen: int) -> None:
        if self._watching == gen:
            self._watching = 0

    def _next_watch(self) -> int:
        """The generation for the poller the page starts now (call it in the page's load, after
        the opening counted the visit): any older one stops at its next look, and this one once the
        tab opens another page."""
        self._watch_gen += 1
        self._watch_started = (self._watch_gen, tab_visits.current(router_raw.tab_token(self)))
        return self._watch_gen

    @rx.event
    def stop_watching(self):
        """A part of a page that has a poller of its own is closed (its `on_unmount`): the poller
        stops at its next look. Leaving the page needs no call (the visit stops it)."""
        self._watch_gen += 1

    async def _keep_polling(self, gen: int, path: str, seconds: float, step: Callable[[], Awaitable[None]],
                           max_seconds: float = 3600) -> None:
        """The body of a page's watch handler: every `seconds`, while the page at `path` is open and
        `gen` current, run `step` under the state lock (a reload of what the page shows). Stops on
        its own after `max_seconds` (a closed tab never says so) or when a step is refused."""
        async with self:
            if not self._claim_watch(gen):
                return
            tab = router_raw.tab_token(self)
            visit = self._visit_of(gen)
        try:
            for _ in range(int(max_seconds / seconds)):
                await asyncio.sleep(seconds)
                if tab_visits.current(tab) != visit:  # the tab moved on: no lock needed to know
                    return
                async with self:
                    if self._watch_gen != gen or router_raw.url(self).path.rstrip("/") != path:
                        return
                    try:
                        await step()
                    except RecordsAway:  # the database is away: the banner says so; poll on
                        continue
                    except ServiceError:
                        return
        finally:
            async with self:
                self._release_watch(gen)

    async def _follow_version(self, gen: int, path: str, seconds: float, version: Callable[..., Any], args: tuple,
                             reload: Callable[[], Awaitable[None]], max_seconds: float = 3600,
                             started_on_mount: bool = False, keys: Callable[..., Any] | None = None) -> None:
        """The body of a page's watch handler when a reload is dear: every `seconds` read the cheap
        `version(db, actor, *args)` (a service that checks the actor) OUTSIDE the state lock, so the
        page stays responsive and a poll costs one small query; only when it differs from what the
        page last saw (`_seen_version`) take the lock and run `reload`. Stops when the tab opens
        another page (tab_visits, no lock), when `gen` is old or the path differs (checked under
        the lock at each reload and every LOCKED_CHECK_SECONDS), after `max_seconds` (a closed tab
        never says so), or when a read is refused. A watcher `started_on_mount` (a component's, which
        may run before the page's guard counts the visit) takes its visit at its first poll.

        With `keys(db, actor, *args)` -> (change bell keys, seconds until a scheduled change or
        None) the watcher reads only when one of the keys rings (core/change_bell.py), at most
        every `seconds`, and else every FALLBACK_SECONDS: an idle page costs nothing between."""
        async with self:
            if not self._claim_watch(gen):
                return
            token = await session_token(self)
            tab = router_raw.tab_token(self)
            visit = None if started_on_mount else self._visit_of(gen)
            seen = self._seen_version
            given = self._bell_given if keys is not None else ()
        bell: list = []
        wake_in: float | None = None
        since = change_bell.mark()  # a write after the page's own read rings before the first wait
        if given:  # the page's read said what to wait on, marked before it read: no read of its own now
            since, found, wake_in = given
            bell = [*found, tab_visits.left_key(tab)]
        try:
            if not seen:
                try:
                    seen = repr(await look_as(token, version, *args))
                except RecordsAway:  # the first answer after the outage differs: a reload then
                    seen = "away"
                except ServiceError:
                    return
                async with self:
                    self._seen_version = self._seen_version or seen
            # With the bell, the first read (of the keys too) comes after `seconds`, as a poll did:
            # a tab that moves on within a second reads nothing.
            since_check = 0.0
            last_read = time.monotonic()
            deadline = last_read + max_seconds
            closed = ClosedTab(tab)
            while time.monotonic() < deadline:
                if bell:
                    most = FALLBACK_SECONDS if wake_in is None else min(FALLBACK_SECONDS, max(seconds, wake_in))
                    await wait_for_change(bell, since, last_read, seconds, most)
                else:
                    await asyncio.sleep(seconds)
                visit = tab_visits.current(tab) if visit is None else visit
                if tab_visits.current(tab) != visit or closed.for_good():
                    return
                since_check += time.monotonic() - last_read
                if since_check >= LOCKED_CHECK_SECONDS:  # a stop that came without a page visit
                    since_check = 0.0
                    async with self:
                        if self._watch_gen != gen or router_raw.url(self).path.rstrip("/") != path:
                            return
                since, last_read = change_bell.mark(), time.monotonic()
                try:
                    if keys is not None:
                        (found, wake_in), now = await look_as(token, _keys_and_version, keys, version, *args)
                        bell = [*found, tab_visits.left_key(tab)]
                        now = repr(now)
                    else:
                        now = repr(await look_as(token, version, *args))
                except RecordsAway:  # the database is away: the banner says so; poll on
                    continue
                except ServiceError:
                    return
                if now == seen:
                    continue
                async with self:
                    if self._watch_gen != gen or router_raw.url(self).path.rstrip("/") != path:
                        return
                    if self._seen_version != now:  # not already shown by the page's own reload
                        before = self._seen_version
                        try:
                            await reload()
                        except RecordsAway:  # gone again before the reload: the next poll retries
                            continue
                        except ServiceError as exc:  # no longer allowed to see it: say so, stop
                            if hasattr(self, "error"):
                                self.error = exc.message
                            return
                        if self._seen_version == before:  # the reload did not read it: what it saw is newer
                            self._seen_version = now
                    seen = self._seen_version
        finally:
            async with self:
                self._release_watch(gen)


class ClosedTab:
    """Whether a watcher's tab has been closed: its socket gone from this worker for
    CLOSED_TAB_SECONDS, as seen at the watcher's wakes (at least every FALLBACK_SECONDS)."""

    def __init__(self, tab: str):
        self.tab, self.away_since = tab, None

    def for_good(self) -> bool:
        if tab_pollers.connected(self.tab):
            self.away_since = None
            return False
        self.away_since = self.away_since or time.monotonic()
        return time.monotonic() - self.away_since >= CLOSED_TAB_SECONDS


def _keys_and_version(db, actor, keys: Callable[..., Any], version: Callable[..., Any], *args) -> tuple:
    """A bell-watching page's read: what to wait on next and what it shows now, in one service call."""
    return keys(db, actor, *args), version(db, actor, *args)


async def wait_for_change(keys: list, since: int, last_read: float, least: float, most: float) -> None:
    """Until one of the change bell's `keys` rang after `since` (a `change_bell.mark()` taken before
    the last read, at `last_read` on the monotonic clock), or `most` seconds after that read; never
    sooner than `least` after it, so a page busy with changes reads no more often than it polled."""
    await change_bell.wait(keys, max(0.0, last_read + most - time.monotonic()), since)
    early = last_read + least - time.monotonic()
    if early > 0:
        await asyncio.sleep(early)
