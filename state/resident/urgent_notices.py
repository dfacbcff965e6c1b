"""What the resident shell keeps live on every page: the urgent-notice banner (it appears within
seconds of staff publishing an urgent notice, whatever page is open, and goes once the resident
has opened the notice) and the unread count on the Inbox tab."""

from __future__ import annotations

import time

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
    _read_at: float = 0.0  # monotonic time of the last read; the banner is as fresh as the poll

    async def _load(self) -> None:
        rows, unread = await look(self, _shell)
        self._read_at = time.monotonic()
        self._seen_version = repr((rows, unread))  # what the poller compares with: nothing between is missed
        self.items = [{"id": str(r.id), "title": r.title} for r in rows]
        (await self.get_state(SessionState)).unread = unread

    def _opened_notice(self, notice_id: int) -> None:
        """The resident just read this notice: it leaves the banner now, not at the next poll."""
        self.items = [n for n in self.items if n["id"] != str(notice_id)]
        self._seen_version = ""  # the poller reads the version afresh rather than re-showing it

    @rx.event
    @screen_event(busy=False)
    async def start(self):
        """On every resident page's mount: read (unless the last read is younger than a poll, as
        after a link from another resident page: the banner it shows is as fresh as the poller
        would make it), then follow while the page stays open. The load bench: reading again on
        every link was one service call in four."""
        self._watch_gen += 1
        if time.monotonic() - self._read_at >= POLL_SECONDS:
            self.items = []
            await self._load()
        yield UrgentNoticeState.watch

    @rx.event(background=True)
    async def watch(self):
        async with self:
            gen, path = self._watch_gen, self.router.url.path.rstrip("/")
        await self._follow_version(gen, path, POLL_SECONDS, _shell, (), self._load, started_on_mount=True)
