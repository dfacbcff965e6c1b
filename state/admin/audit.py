"""Admin: the audit log — search, filter by action, page through, newest first."""

from __future__ import annotations

import reflex as rx

from community_hub.core import audit_log, audit_wording, local_time
from community_hub.core.i18n import phrase
from state.shared.language import in_language
from state.shared.paged_list import PagedList
from state.shared.service_call import look, screen_event

PAGE_SIZE = 25
ALL = "all actions"
QUERY_LIMIT = 100


def _page(db, actor, query: str, action: str, page: int):
    rows, total = audit_log.list_entries(db, actor, query=query, action=action, page=page, page_size=PAGE_SIZE)
    return rows, total, audit_log.actions(db, actor), actor.time_zone


class AdminAuditState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    query: str = ""
    action: str = ALL
    actions: list[dict[str, str]] = [{"value": ALL, "label": "All actions"}]

    async def _load(self):
        self.rows = []
        rows, self.total, actions, zone = await look(self, _page, self.query,
                                                     "" if self.action == ALL else self.action, self.page)
        self.actions = [{"value": ALL, "label": await in_language(self, phrase("All actions"))},
                        *sorted([{"value": a, "label": await in_language(self, audit_wording.action_label(a))}
                                 for a in actions], key=lambda a: a["label"])]
        # In words: what was done, to whom or what, and the change before → after.
        self.rows = [{"id": str(r.id), "at": local_time.fmt(r.at, zone), "who": r.who,
                      "action": await in_language(self, r.action_label),
                      "subject": await in_language(self, r.subject_label),
                      "detail": await in_language(self, r.detail_label)} for r in rows]

    @rx.event
    @screen_event(busy=False)
    async def search(self, value: str):
        self.query, self.page = str(value)[:QUERY_LIMIT], 1
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def filter_action(self, value: str):
        self.action, self.page = str(value)[:QUERY_LIMIT], 1
        await self._load()
