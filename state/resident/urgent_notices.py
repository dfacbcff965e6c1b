"""What the resident shell keeps live on every page: the urgent-notice banner (it appears within
seconds of staff publishing an urgent notice, whatever page is open, and goes once the resident
has opened the notice) and the unread count on the Inbox tab."""

from __future__ import annotations

import reflex as rx

from community_hub.notify import inbox
from community_hub.property import urgent_notices
from state.shared.live_watch import LiveWatch
from state.shared.service_call import ScreenState, look, screen_event
from state.shared.session import SessionState

POLL_SECONDS = 10.0  # urgent, but rare: every open resident page reads it (the load bench: 5 s cost 9 % of the CPU)


def _shell(db, actor):
    return urgent_notices.unread_urgent(db, actor), inbox.unread_count(db, actor)


class UrgentNoticeState(ScreenState, LiveWatch, rx.State):
    items: list[dict[str, str]] = []

    async def _load(self) -> None:
        rows, unread = await look(self, _shell)
        self._seen_version = repr((rows, unread))  # what the poller compares with: nothing between is missed
        self.items = [{"id": str(r.id), "title": r.title} for r in rows]
        (await self.get_state(SessionState)).unread = unread

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
        await self._follow_version(gen, path, POLL_SECONDS, _shell, (), self._load, started_on_mount=True)
