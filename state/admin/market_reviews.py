"""Admin: reported reviews — hide the review (uphold) or keep it (dismiss); the audit keeps who and when."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.marketplace import reviews
from state.merchant.common import when
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _queue(db, actor):
    return reviews.moderation_queue(db, actor), actor.time_zone


class AdminReviewsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []

    async def _load(self):
        self.rows = []
        found, zone = await look(self, _queue)
        self.rows = [{"id": str(i.report.id), "shop": i.merchant_name, "stars": "★" * i.review.rating,
                      "text": i.review.text, "reply": i.review.reply_text, "reason": i.report.reason,
                      "at": when(i.report.created_at, zone)} for i in found]

    @rx.event
    @screen_event
    async def decide(self, report_id: str, hide: bool):
        report = row_id(report_id, "That report is not in the queue any more.")
        await call(self, reviews.decide_report, report, hide=bool(hide))
        self.notice = await in_language(self, phrase("Review hidden; it no longer counts in the rating.") if hide
                                        else phrase("Report dismissed; the review stays."))
        await self._load()
