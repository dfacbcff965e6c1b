"""Merchant: the shop's reviews, and its one reply to each."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.marketplace import reviews
from state.merchant.common import shop_id, when
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

TEXT_LIMIT = 2000


def _mine(db, actor):
    return reviews.shop_reviews(db, shop_id(actor), page_size=100), actor.time_zone


class MerchantReviewsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    replying_id: str = ""
    reply: str = ""

    async def _load(self):
        self.rows = []
        found, zone = await look(self, _mine)
        self.rows = [{"id": str(r.id), "stars": "★" * r.rating + "☆" * (5 - r.rating), "text": r.text,
                      "at": when(r.created_at, zone), "reply": r.reply_text, "replied": when(r.replied_at, zone)}
                     for r in found]

    async def _opened(self):
        self.replying_id = ""

    @rx.event
    def start_reply(self, review_id: str):
        self.replying_id, self.reply, self.error = str(review_id)[:12], "", ""

    set_reply = text_setter("reply", TEXT_LIMIT)

    @rx.event
    def start_report(self, review_id: str):
        self.replying_id, self.reply, self.error = "report:" + str(review_id)[:12], "", ""

    @rx.event
    @screen_event
    async def send_report(self):
        await call(self, reviews.report_review, row_id(self.replying_id.split(":", 1)[-1]), self.reply)
        self.replying_id, self.notice = "", await in_language(self, phrase("Reported: a platform admin will look at this review."))

    @rx.event
    @screen_event
    async def send_reply(self):
        await call(self, reviews.reply_to_review, row_id(self.replying_id), self.reply)
        self.replying_id, self.notice = "", await in_language(self, phrase("Your reply is published under the review."))
        await self._load()
