"""Residents: suggestions and questions to the property office, and the office's answers."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import care
from state.property.common import ticket_rows
from state.shared.service_call import acting, reading

KINDS = ["question", "suggestion", "complaint", "praise"]


class ResidentCareState(rx.State):
    rows: list[dict[str, str]] = []
    messages: dict[str, list[dict[str, str]]] = {}
    kind: str = "question"
    error: str = ""
    notice: str = ""
    only_id: str = ""  # /care/<id> shows one conversation

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                views = care.list_mine(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        if self.only_id:
            views = [t for t in views if str(t.id) == self.only_id]
            if not views:
                self.error = "That conversation does not exist."
        self.rows, self.messages = ticket_rows(views, actor.time_zone)

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.only_id = last if last.isdigit() else ""
        await self._load()

    @rx.event
    def set_kind(self, v: str):
        self.kind = v

    @rx.event
    async def send(self, form: dict):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                care.submit(db, actor, kind=self.kind, subject=form.get("subject", ""), body=form.get("body", ""))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Sent. The office will answer here and let you know."
        await self._load()

    @rx.event
    async def follow_up(self, form: dict):
        self.error = self.notice = ""
        ticket_id = int(form.get("ticket_id") or 0) if str(form.get("ticket_id") or "0").isdigit() else 0
        try:
            async with acting(self) as (db, actor):
                care.follow_up(db, actor, ticket_id, form.get("body", ""))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Added to the conversation."
        await self._load()
