"""The member's notifications, live: an open inbox shows what arrives without a reload."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.notify import inbox
from state.shared.live_watch import LiveWatch
from state.shared.paged_list import PagedList
from state.shared.service_call import call, look, screen_event
from state.shared.session import SessionState

PAGE_SIZE = 20
POLL_SECONDS = 2.0
MAX_WATCH_SECONDS = 3600  # a closed tab never unmounts: stop on our own after an hour


def _page(db, actor, page: int):
    """One page of items, the unread count, the version a watcher compares, the reader's zone."""
    rows, total = inbox.list_items(db, actor, page=page, page_size=PAGE_SIZE)
    return rows, total, inbox.unread_count(db, actor), inbox.version(db, actor), actor.time_zone


class InboxState(PagedList, LiveWatch, rx.State):
    _page_size: int = PAGE_SIZE
    items: list[dict[str, str]] = []

    async def _load(self):
        rows, self.total, unread, version, zone = await look(self, _page, self.page)
        self._seen_version = repr(version)  # what the watcher compares its reads with
        self.items = [
            {"id": str(r.id), "title": r.title, "body": r.body, "link": r.link,
             "when": local_time.fmt(r.created_at, zone), "unread": "1" if r.read_at is None else ""}
            for r in rows
        ]
        (await self.get_state(SessionState)).unread = unread

    @rx.event(background=True)
    async def watch(self, watch_id: int):
        """When the change bell rings for the member's inbox (at most every POLL_SECONDS; every
        30 s all the same), read its version outside the state lock; reload when it moved."""
        await self._follow_version(watch_id, "/inbox", POLL_SECONDS, inbox.version, (), self._load,
                                   MAX_WATCH_SECONDS, keys=inbox.version_keys)

    @rx.event
    @screen_event(busy=False)
    async def mark_read(self, item_id: str):
        if item_id and not str(item_id).isdigit():
            raise ServiceError(phrase("That notification is not in your inbox."))
        await call(self, inbox.mark_read, int(item_id) if item_id else None)  # "" = all of them
        await self._load()
