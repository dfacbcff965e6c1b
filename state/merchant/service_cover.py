"""Merchant: the platform's customer-service cover (apply, pay the month) and the customers'
questions the shop answers itself."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.marketplace import service_cover, shop_questions
from state.merchant.common import shop_id, when
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter


def _page(db, actor):
    shop = shop_id(actor)
    return (service_cover.my_cover(db, actor, shop), shop_questions.shop_questions(db, actor, shop), actor.time_zone)


def _apply(db, actor, note: str):
    return service_cover.apply_for_cover(db, actor, shop_id(actor), note)


def _pay(db, actor, card: str):
    return service_cover.pay_month(db, actor, shop_id(actor), card)


class MerchantServiceCoverState(LoadedScreen, rx.State):
    status: str = ""  # "" (never asked), applied, approved, active, rejected
    fee: str = ""
    reason: str = ""
    paid_until: str = ""
    covered: bool = False
    note: str = ""
    card: str = ""
    questions: list[dict[str, str]] = []
    answering_id: str = ""
    answer_text: str = ""

    set_note = text_setter("note", 320)
    set_card = text_setter("card", 30)
    set_answer_text = text_setter("answer_text", 1100)

    async def _load(self) -> None:
        cover, questions, zone = await look(self, _page)
        self.status = cover.status if cover else ""
        self.fee = format_money(cover.monthly_fee_minor if cover else service_cover.MONTHLY_FEE_MINOR,
                                cover.currency if cover else "USD")
        self.reason = cover.reason if cover else ""
        self.paid_until = when(cover.paid_until, zone) if cover and cover.paid_until else ""
        self.covered = bool(cover and cover.covered)
        self.questions = [{"id": str(q.id), "asker": q.asker, "text": q.text, "answer": q.answer,
                           "at": when(q.created_at, zone)} for q in questions]

    async def _opened(self) -> None:
        self.answering_id, self.card = "", ""

    @rx.event
    @screen_event
    async def apply(self):
        await call(self, _apply, self.note)
        self.note = ""
        await self._load()
        self.notice = await in_language(self, phrase("Asked: the platform reviews your request."))

    @rx.event
    @screen_event
    async def pay(self):
        card, self.card = self.card, ""
        await call(self, _pay, card)
        await self._load()
        self.notice = await in_language(self, phrase("Paid: the platform answers your customers until {until}.",
                                                      until=self.paid_until))

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
