"""Staff: the care inbox — residents' suggestions and questions; reply, close, reopen."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import care
from state.property.common import staff_community, ticket_rows
from state.shared.service_call import acting, reading

FILTERS = ["open", "answered", "closed", "all"]


class PropertyCareState(rx.State):
    rows: list[dict[str, str]] = []
    messages: dict[str, list[dict[str, str]]] = {}
    show: str = "open"
    error: str = ""
    notice: str = ""

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                views = care.list_for_staff(db, actor, staff_community(actor),
                                            status=None if self.show == "all" else self.show)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.rows, self.messages = ticket_rows(views, actor.time_zone)

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._load()

    @rx.event
    async def set_show(self, v: str):
        self.show = v
        await self._load()

    @rx.event
    async def reply(self, form: dict):
        self.error = self.notice = ""
        ticket_id = int(form.get("ticket_id") or 0) if str(form.get("ticket_id") or "0").isdigit() else 0
        close = bool(form.get("close"))
        try:
            async with acting(self) as (db, actor):
                care.reply(db, actor, ticket_id, form.get("body", ""), close=close)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Reply sent; the resident is notified." + (" The conversation is closed." if close else "")
        await self._load()

    @rx.event
    async def set_status(self, ticket_id: str, status: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                care.set_status(db, actor, int(ticket_id), status)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"Marked {status}; the resident is notified."
        await self._load()
