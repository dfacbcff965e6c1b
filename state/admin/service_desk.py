"""Admin: customer-service cover applications (review) and the platform's service queue —
covered shops' customers' questions (customer service)."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.marketplace import service_cover, shop_questions
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter


def _covers(db, actor):
    return [(v, local_time.fmt(v.applied_at, actor.time_zone),
             local_time.fmt(v.paid_until, actor.time_zone) if v.paid_until else "")
            for v in service_cover.cover_applications(db, actor)]


class AdminCoverState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    rejecting_id: str = ""
    reason: str = ""

    set_reason = text_setter("reason", 320)

    async def _load(self) -> None:
        self.rows = [{"id": str(v.id), "shop": v.shop, "status": v.status, "note": v.note, "reason": v.reason,
                      "applied": applied, "until": until, "fee": format_money(v.monthly_fee_minor, v.currency)}
                     for v, applied, until in await look(self, _covers)]

    async def _opened(self) -> None:
        self.rejecting_id = ""

    @rx.event
    @screen_event
    async def approve(self, cover_id: str):
        view = await call(self, service_cover.decide_cover, row_id(cover_id), True)
        await self._load()
        self.notice = await in_language(self, phrase("{shop} is approved; it pays the first month to start.",
                                                      shop=view.shop))

    @rx.event
    def start_reject(self, cover_id: str):
        self.rejecting_id, self.reason, self.error = str(cover_id)[:12], "", ""

    @rx.event
    @screen_event
    async def reject(self):
        view = await call(self, service_cover.decide_cover, row_id(self.rejecting_id), False, self.reason)
        self.rejecting_id = ""
        await self._load()
        self.notice = await in_language(self, phrase("{shop} is told why it was not approved.", shop=view.shop))


def _queue(db, actor):
    return [(q, local_time.fmt(q.created_at, actor.time_zone)) for q in shop_questions.service_queue(db, actor)]


class AdminServiceQueueState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    answering_id: str = ""
    answer_text: str = ""

    set_answer_text = text_setter("answer_text", 1100)

    async def _load(self) -> None:
        self.rows = [{"id": str(q.id), "shop": q.shop, "asker": q.asker, "text": q.text, "answer": q.answer, "at": at}
                     for q, at in await look(self, _queue)]

    async def _opened(self) -> None:
        self.answering_id = ""

    @rx.event
    def start_answer(self, question_id: str):
        self.answering_id, self.answer_text, self.error = str(question_id)[:12], "", ""

    @rx.event
    @screen_event
    async def send_answer(self):
        await call(self, shop_questions.answer, row_id(self.answering_id), self.answer_text)
        self.answering_id = ""
        await self._load()
        self.notice = await in_language(self, phrase("Answered: the customer is told."))
