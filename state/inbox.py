"""The member's notifications."""

from __future__ import annotations

import reflex as rx

from community_hub import local_time
from community_hub.services import inbox
from community_hub.services.errors import ServiceError
from state.paged_list import PagedList
from state.service_call import acting, reading
from state.session import SessionState

PAGE_SIZE = 20


class InboxState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    items: list[dict[str, str]] = []
    error: str = ""


    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                rows, self.total = inbox.list_items(db, actor, page=self.page, page_size=PAGE_SIZE)
                unread = inbox.unread_count(db, actor)
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


    @rx.event
    async def mark_read(self, item_id: str):
        async with acting(self) as (db, actor):
            inbox.mark_read(db, actor, int(item_id) if item_id else None)
        await self._load()
