"""Merchant: the shop's reviews, and its one reply to each."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import reviews
from state.merchant.common import shop_id, when
from state.shared.service_call import acting, reading


class MerchantReviewsState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    replying_id: str = ""
    reply: str = ""

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                mid = shop_id(actor)
                found = reviews.shop_reviews(db, mid, page_size=100)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(r.id), "stars": "★" * r.rating + "☆" * (5 - r.rating), "text": r.text,
                      "at": when(r.created_at, actor.time_zone), "reply": r.reply_text, "replied": when(r.replied_at, actor.time_zone)} for r in found]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.replying_id = ""
        await self._load()

    @rx.event
    def start_reply(self, review_id: str):
        self.replying_id, self.reply, self.error = review_id, "", ""

    @rx.event
    def set_reply(self, text: str):
        self.reply = text

    @rx.event
    def start_report(self, review_id: str):
        self.replying_id, self.reply, self.error = "report:" + review_id, "", ""

    @rx.event
    async def send_report(self):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                reviews.report_review(db, actor, int(self.replying_id.split(":", 1)[1]), self.reply)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.replying_id, self.notice = "", "Reported: a platform admin will look at this review."

    @rx.event
    async def send_reply(self):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                reviews.reply_to_review(db, actor, int(self.replying_id), self.reply)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.replying_id, self.notice = "", "Your reply is published under the review."
        await self._load()
