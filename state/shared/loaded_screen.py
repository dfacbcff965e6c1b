"""The `load` a page calls when it opens, written once.

Most screens open the same way: put the page back as a fresh visit finds it (a dialog closed,
page 1 of a list), read what it shows, and, on a live page, start its watcher. A state mixes in
`LoadedScreen`, defines `_load()` (the read, also used after every action) and, when a fresh visit
closes or clears something, `_opened()`; a state that also mixes in `LiveWatch` has its
`watch(gen)` started with a new generation after the read."""

from __future__ import annotations

import reflex as rx

from state.shared.live_watch import LiveWatch
from state.shared.service_call import ScreenState, screen_event


class LoadedScreen(ScreenState, mixin=True):
    async def _opened(self) -> None:
        """What a fresh visit closes or clears before the read; nothing by default."""

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        await self._opened()
        await self._load()
        if isinstance(self, LiveWatch):
            return type(self).watch(self._next_watch())
        return None
