"""Residents: suggestions and questions to the property office, and the office's answers (live:
an answer shows on the open page without a reload)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.property import care
from state.property.common import ticket_rows
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event

KINDS = ["question", "suggestion", "complaint", "praise"]
POLL_SECONDS = 1.0


def _mine(db, actor):
    return care.list_mine(db, actor), actor.time_zone, care.my_tickets_version(db, actor)


class ResidentCareState(LoadedScreen, LiveWatch, rx.State):
    rows: list[dict[str, str]] = []
    messages: dict[str, list[dict[str, str]]] = {}
    kind: str = "question"
    only_id: str = ""  # /care/<id> shows one conversation

    async def _load(self):
        views, zone, version = await look(self, _mine)
        self._seen_version = repr(version)
        if self.only_id:
            views = [t for t in views if str(t.id) == self.only_id]
            if not views:
                self.error = await in_language(self, phrase("That conversation does not exist."))
        self.rows, self.messages = ticket_rows(views, zone)

    async def _opened(self):
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.only_id = last if last.isdigit() else ""

    @rx.event(background=True)
    async def watch(self, gen: int):
        """The office's answer appears while the page is open."""
        async with self:
            path = "/care/" + self.only_id if self.only_id else "/care"
        await self._follow_version(gen, path, POLL_SECONDS, care.my_tickets_version, (), self._load,
                                   keys=care.my_tickets_keys)

    @rx.event
    def set_kind(self, v: str):
        self.kind = v if v in KINDS else "question"

    @rx.event
    @screen_event
    async def send(self, form: dict):
        await call(self, care.submit, kind=self.kind, subject=form.get("subject", ""), body=form.get("body", ""))
        self.notice = await in_language(self, phrase("Sent. The office will answer here and let you know."))
        await self._load()

    @rx.event
    @screen_event
    async def follow_up(self, form: dict):
        raw = str(form.get("ticket_id") or "0")
        await call(self, care.follow_up, int(raw) if raw.isdigit() else 0, form.get("body", ""))
        self.notice = await in_language(self, phrase("Added to the conversation."))
        await self._load()
