"""Admin: the audit log — search, filter by action, page through, newest first."""

from __future__ import annotations

import reflex as rx

from community_hub.core import audit_log, local_time
from community_hub.core.errors import ServiceError
from state.shared.paged_list import PagedList
from state.shared.service_call import reading

PAGE_SIZE = 25
ALL = "all actions"


class AdminAuditState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    query: str = ""
    action: str = ALL
    actions: list[str] = [ALL]
    error: str = ""


    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                rows, self.total = audit_log.list_entries(
                    db, actor, query=self.query, action="" if self.action == ALL else self.action, page=self.page,
                    page_size=PAGE_SIZE)
                self.actions = [ALL, *audit_log.actions(db, actor)]
                zone = actor.time_zone
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(r.id), "at": local_time.fmt(r.at, zone), "who": r.who, "action": r.action,
                      "subject": r.subject, "detail": r.detail} for r in rows]

    @rx.event
    async def load(self):
        self.page, self.error = 1, ""
        await self._load()

    @rx.event
    async def search(self, value: str):
        self.query, self.page = value, 1
        await self._load()

    @rx.event
    async def filter_action(self, value: str):
        self.action, self.page = value, 1
        await self._load()

