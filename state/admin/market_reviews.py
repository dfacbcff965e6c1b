"""Admin: reported reviews — hide the review (uphold) or keep it (dismiss); the audit keeps who and when."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.marketplace import reviews
from community_hub.sharing import reports as sharing_reports
from state.merchant.common import when
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _queue(db, actor):
    return reviews.moderation_queue(db, actor), sharing_reports.open_reports(db, actor), actor.time_zone


SHARING_KINDS = {"item": phrase("Item post"), "message": phrase("Message"), "review": phrase("Sharing review")}


class AdminReviewsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    sharing: list[dict[str, str]] = []  # reports of neighbour sharing (sharing/reports.py)

    async def _load(self):
        self.rows, self.sharing = [], []
        found, shared, zone = await look(self, _queue)
        self.sharing = [{"id": str(r.report_id), "kind": await in_language(self, SHARING_KINDS[r.target_kind]),
                         "author": r.author_name, "reporter": r.reporter_name, "text": r.text, "reason": r.reason,
                         "at": when(r.at, zone)} for r in shared]
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

    @rx.event
    @screen_event
    async def decide_sharing(self, report_id: str, uphold: bool):
        report = row_id(report_id, "That report is not in the queue any more.")
        await call(self, sharing_reports.decide, report, uphold=bool(uphold))
        self.notice = await in_language(self, phrase("Taken down: the neighbours no longer see it.") if uphold
                                        else phrase("Report dismissed; it stays."))
        await self._load()
