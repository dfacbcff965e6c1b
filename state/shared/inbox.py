"""The member's notifications, live: an open inbox shows what arrives without a reload."""

from __future__ import annotations

import asyncio

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.notify import inbox
from state.shared.paged_list import PagedList
from state.shared.service_call import acting, reading
from state.shared.session import SessionState

PAGE_SIZE = 20
POLL_SECONDS = 2.0
MAX_WATCH_SECONDS = 3600  # a closed tab never unmounts: stop on our own after an hour


class InboxState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    items: list[dict[str, str]] = []
    error: str = ""
    _version: tuple[int, int] = (0, 0)
    _watch_id: int = 0  # the one polling loop that may run; a newer one makes older ones stop

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                rows, self.total = inbox.list_items(db, actor, page=self.page, page_size=PAGE_SIZE)
                unread = inbox.unread_count(db, actor)
                self._version = inbox.version(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.items = [
            {"id": str(r.id), "title": r.title, "body": r.body, "link": r.link,
             "when": local_time.fmt(r.created_at, actor.time_zone), "unread": "1" if r.read_at is None else ""}
            for r in rows
        ]
        (await self.get_state(SessionState)).unread = unread

    @rx.event
    async def load(self):
        self.page = 1
        await self._load()
        self._watch_id += 1
        return InboxState.watch(self._watch_id)

    @rx.event(background=True)
    async def watch(self, watch_id: int):
        """Look for new or newly read items every couple of seconds while the inbox is open."""
        for _ in range(int(MAX_WATCH_SECONDS / POLL_SECONDS)):
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if self._watch_id != watch_id or self.router.url.path.rstrip("/") != "/inbox":
                    return
                try:
                    async with reading(self) as (db, actor):
                        changed = inbox.version(db, actor) != self._version
                except ServiceError:
                    return
                if changed:
                    await self._load()

    @rx.event
    def stop_watching(self):
        self._watch_id += 1


    @rx.event
    async def mark_read(self, item_id: str):
        async with acting(self) as (db, actor):
            inbox.mark_read(db, actor, int(item_id) if item_id else None)
        await self._load()
