"""One live watcher per page a browser has open.

A page starts a background poller on load (`watch(gen)`) and bumps `_watch_gen` when it is left
or reloaded, which ends the old one. But an event handler can be called by anyone with the
socket, any number of times: calling `watch` again with the current number used to start one
more poller each time, each reading the database every second. `claim_watch` lets the first
poller of a generation run and turns every other away.

    @rx.event(background=True)
    async def watch(self, gen: int):
        async with self:
            if not self.claim_watch(gen):
                return
        try:
            ...poll while gen == self._watch_gen...
        finally:
            async with self:
                self.release_watch(gen)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import reflex as rx

from community_hub.core.errors import ServiceError
from state.shared.service_call import look_as
from state.shared.session_token import session_token


class LiveWatch(rx.State, mixin=True):
    _watch_gen: int = 0  # bumped on load and on leaving: a poller of an older number stops
    _watching: int = 0  # the generation whose poller runs now, 0 when none
    # What `follow_version` compares with: a page's load may set it from the same read as the data
    # (then no change between the load and the first poll is missed); "" makes the poller read it.
    _seen_version: str = ""

    def claim_watch(self, gen) -> bool:
        """Call under `async with self`: True for the one poller this page may run now."""
        if not isinstance(gen, int) or gen != self._watch_gen or self._watching == gen:
            return False
        self._watching = gen
        return True

    def release_watch(self, gen: int) -> None:
        if self._watching == gen:
            self._watching = 0

    def next_watch(self) -> int:
        """The generation for the poller the page starts now: any older one stops at its next look."""
        self._watch_gen += 1
        return self._watch_gen

    @rx.event
    def stop_watching(self):
        """The page is left (its `on_unmount`): the poller stops at its next look."""
        self._watch_gen += 1

    async def keep_polling(self, gen: int, path: str, seconds: float, step: Callable[[], Awaitable[None]],
                           max_seconds: float = 3600) -> None:
        """The body of a page's watch handler: every `seconds`, while the page at `path` is open and
        `gen` current, run `step` under the state lock (a reload of what the page shows). Stops on
        its own after `max_seconds` (a closed tab never says so) or when a step is refused."""
        async with self:
            if not self.claim_watch(gen):
                return
        try:
            for _ in range(int(max_seconds / seconds)):
                await asyncio.sleep(seconds)
                async with self:
                    if self._watch_gen != gen or self.router.url.path.rstrip("/") != path:
                        return
                    try:
                        await step()
                    except ServiceError:
                        return
        finally:
            async with self:
                self.release_watch(gen)

    async def follow_version(self, gen: int, path: str, seconds: float, version: Callable[..., Any], args: tuple,
                             reload: Callable[[], Awaitable[None]], max_seconds: float = 3600) -> None:
        """The body of a page's watch handler when a reload is dear: every `seconds` read the cheap
        `version(db, actor, *args)` (a service that checks the actor) OUTSIDE the state lock, so the
        page stays responsive and a poll costs one small query; only when it differs from
        `_seen_version` run `reload` under the lock. Stops when the page at `path` is left, `gen`
        is old, after `max_seconds` (a closed tab never says so), or when a read is refused."""
        async with self:
            if not self.claim_watch(gen):
                return
            token = await session_token(self)
        try:
            if not self._seen_version:
                try:
                    first = repr(await look_as(token, version, *args))
                except ServiceError:
                    return
                async with self:
                    self._seen_version = self._seen_version or first
            for _ in range(int(max_seconds / seconds)):
                await asyncio.sleep(seconds)
                async with self:
                    if self._watch_gen != gen or self.router.url.path.rstrip("/") != path:
                        return
                    before = self._seen_version
                try:
                    now = repr(await look_as(token, version, *args))
                except ServiceError:
                    return
                if now != before:
                    async with self:
                        if self._watch_gen != gen:
                            return
                        try:
                            await reload()
                        except ServiceError as exc:  # no longer allowed to see it: say so, stop
                            if hasattr(self, "error"):
                                self.error = exc.message
                            return
                        if self._seen_version == before:  # the reload did not read it: what it saw is newer
                            self._seen_version = now
        finally:
            async with self:
                self.release_watch(gen)
