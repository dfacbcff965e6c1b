"""Admin: the message queue (codes readable in demo mode only)."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import members_admin as users_admin
from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from state.shared.paged_list import PagedList
from state.shared.service_call import reading

PAGE_SIZE = 25


class AdminOutboxState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    error: str = ""


    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                rows, self.total = users_admin.list_outbox(db, actor, page=self.page, page_size=PAGE_SIZE)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [
            {"id": str(m.id), "channel": m.channel, "to": m.to_address, "subject": m.subject, "body": m.body,
             "status": m.status, "attempts": str(m.attempts), "error": m.last_error,
             "when": local_time.fmt(m.created_at, actor.time_zone)}
            for m in rows
        ]

    @rx.event
    async def load(self):
        self.page, self.error = 1, ""
        await self._load()

