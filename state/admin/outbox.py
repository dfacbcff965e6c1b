"""Admin: the message queue (codes readable in demo mode only)."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import members_admin as users_admin
from community_hub.core import local_time
from state.shared.paged_list import PagedList
from state.shared.service_call import look

PAGE_SIZE = 25


def _page(db, actor, page: int):
    rows, total = users_admin.list_outbox(db, actor, page=page, page_size=PAGE_SIZE)
    return rows, total, actor.time_zone


class AdminOutboxState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []

    async def _load(self):
        self.rows = []
        rows, self.total, zone = await look(self, _page, self.page)
        self.rows = [
            {"id": str(m.id), "channel": m.channel, "to": m.to_address, "subject": m.subject, "body": m.body,
             "status": m.status, "attempts": str(m.attempts), "error": m.last_error,
             "when": local_time.fmt(m.created_at, zone)}
            for m in rows
        ]
