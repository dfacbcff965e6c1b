"""The urgent-notice banner on every resident page: it appears within seconds of staff publishing
an urgent notice, whatever page is open, and goes once the resident has opened the notice."""

from __future__ import annotations

import reflex as rx

from community_hub.property import urgent_notices
from state.shared.live_watch import LiveWatch
from state.shared.service_call import ScreenState, look, screen_event

POLL_SECONDS = 5.0  # urgent, but rare: one small query per open page every few seconds


class UrgentNoticeState(ScreenState, LiveWatch, rx.State):
    items: list[dict[str, str]] = []

    async def _load(self) -> None:
        rows = await look(self, urgent_notices.unread_urgent)
        self._seen_version = repr(rows)  # what the poller compares with: nothing between is missed
        self.items = [{"id": str(r.id), "title": r.title} for r in rows]

    @rx.event
    @screen_event(busy=False)
    async def start(self):
        """On every resident page's mount: read now, then follow while the page stays open."""
        self._watch_gen += 1
        self.items = []
        await self._load()
        yield UrgentNoticeState.watch

    @rx.event(background=True)
    async def watch(self):
        async with self:
            gen, path = self._watch_gen, self.router.url.path.rstrip("/")
        await self.follow_version(gen, path, POLL_SECONDS, urgent_notices.unread_urgent, (), self._load)
