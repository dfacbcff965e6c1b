"""The member's notifications, live: an open inbox shows what arrives without a reload."""

from __future__ import annotations

import asyncio

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.outage import RecordsAway
from community_hub.notify import inbox
from state.shared import router_raw
from state.shared.live_watch import LiveWatch
from state.shared.paged_list import PagedList
from state.shared.service_call import call, look, look_as, screen_event
from state.shared.session import SessionState
from state.shared.session_token import session_token

PAGE_SIZE = 20
POLL_SECONDS = 2.0
MAX_WATCH_SECONDS = 3600  # a closed tab never unmounts: stop on our own after an hour


def _page(db, actor, page: int):
    """One page of items, the unread count, the version a watcher compares, the reader's zone."""
    rows, total = inbox.list_items(db, actor, page=page, page_size=PAGE_SIZE)
    return rows, total, inbox.unread_count(db, actor), inbox.version(db, actor), actor.time_zone


def _version(db, actor):
    return inbox.version(db, actor)


class InboxState(PagedList, LiveWatch, rx.State):
    _page_size: int = PAGE_SIZE
    items: list[dict[str, str]] = []
    _version: tuple[int, int] = (0, 0)

    async def _load(self):
        rows, self.total, unread, self._version, zone = await look(self, _page, self.page)
        self.items = [
            {"id": str(r.id), "title": r.title, "body": r.body, "link": r.link,
             "when": local_time.fmt(r.created_at, zone), "unread": "1" if r.read_at is None else ""}
            for r in rows
        ]
        (await self.get_state(SessionState)).unread = unread

    @rx.event(background=True)
    async def watch(self, watch_id: int):
        """Look for new or newly read items every couple of seconds while the inbox is open."""
        async with self:
            if not self._claim_watch(watch_id):
                return
            token = await session_token(self)
        try:
            for _ in range(int(MAX_WATCH_SECONDS / POLL_SECONDS)):
                await asyncio.sleep(POLL_SECONDS)
                async with self:
                    if self._watch_gen != watch_id or router_raw.url(self).path.rstrip("/") != "/inbox":
                        return
                    seen = self._version
                try:  # outside the state lock: the page stays responsive
                    changed = await look_as(token, _version) != seen
                except RecordsAway:  # the database is away: the banner says so; poll on
                    continue
                except ServiceError:
                    return
                if changed:
                    async with self:
                        try:
                            await self._load()
                        except RecordsAway:  # gone again: the next poll tries again
                            continue
        finally:
            async with self:
                self._release_watch(watch_id)

    @rx.event
    @screen_event(busy=False)
    async def mark_read(self, item_id: str):
        if item_id and not str(item_id).isdigit():
            raise ServiceError(phrase("That notification is not in your inbox."))
        await call(self, inbox.mark_read, int(item_id) if item_id else None)  # "" = all of them
        await self._load()
