"""Admin: reported reviews — hide the review (uphold) or keep it (dismiss); the audit keeps who and when."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import reviews
from state.merchant.common import when
from state.shared.service_call import acting, reading


class AdminReviewsState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found = reviews.moderation_queue(db, actor)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(i.report.id), "shop": i.merchant_name, "stars": "★" * i.review.rating,
                      "text": i.review.text, "reply": i.review.reply_text, "reason": i.report.reason,
                      "at": when(i.report.created_at, actor.time_zone)} for i in found]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._load()

    @rx.event
    async def decide(self, report_id: str, hide: bool):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                reviews.decide_report(db, actor, int(report_id), hide=hide)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Review hidden; it no longer counts in the rating." if hide else "Report dismissed; the review stays."
        await self._load()
