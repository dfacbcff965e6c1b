"""Mutual sharing reviews. `SharingReviewState` backs the review dialog any sharing screen places
once (components/sharing_review.py): opened for one deal ("item" or "booking" and its id), it
shows my review, the other side's once published, or the form while the 14 days run.
`ShareReviewsState` is /share/reviews: what I may still review and the reviews I received."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase, reader
from community_hub.sharing import reports, reviews
from community_hub.sharing.parking_slots import zone_of
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import ScreenState, call, look, row_id, screen_event

POLL_SECONDS = 2.0


def _zone(db, actor) -> str:
    return zone_of(db, actor.community_id) if actor.community_id else "UTC"


def _review(v: reviews.ReviewView | None, zone: str) -> dict[str, str]:
    if v is None:
        return {}
    return {"id": str(v.review_id), "stars": "★" * v.rating + "☆" * (5 - v.rating), "rating": str(v.rating),
            "comment": v.comment, "name": v.author_name,
            "at": local_time.fmt(v.at, zone, with_zone=False, lang=reader())}


def _deal(db, actor, kind: str, deal_id: int) -> dict[str, str]:
    box = reviews.deal_reviews(db, actor, kind, deal_id)
    if box is None:
        raise ServiceError(phrase("Only a completed booking or item of yours can be reviewed."))
    zone = _zone(db, actor)
    return {"can_write": "1" if box.can_write else "", "waiting": "1" if box.waiting_for_other else "",
            "ends": local_time.fmt(box.window_ends, zone, with_zone=False, lang=reader()),
            **{"mine_" + k: v for k, v in _review(box.mine, zone).items()},
            **{"theirs_" + k: v for k, v in _review(box.theirs, zone).items()}}


class SharingReviewState(ScreenState, rx.State):
    open: bool = False
    kind: str = ""
    deal_id: int = 0
    other: str = ""  # the other side's name, as the opening screen knows it
    box: dict[str, str] = {}
    reporting: str = ""  # the review id the report form is open for

    async def _read(self) -> None:
        self.box = await look(self, _deal, self.kind, self.deal_id)

    @rx.event
    @screen_event(busy=False)
    async def show(self, kind: str, deal_id: str, other: str = ""):
        """Open the dialog for one deal."""
        if kind not in reviews.KINDS:
            raise ServiceError(phrase("Only a completed booking or item of yours can be reviewed."))
        self.kind, self.deal_id, self.other = kind, row_id(deal_id), str(other or "")[:80]
        self.box, self.reporting, self.error, self.notice = {}, "", "", ""
        await self._read()
        self.open = True

    @rx.event
    def set_open(self, value: bool):
        self.open = bool(value) and self.open

    @rx.event
    @screen_event
    async def write(self, form: dict):
        rating = str(form.get("rating") or "")
        if rating not in ("1", "2", "3", "4", "5"):
            raise ServiceError(phrase("Give a rating from 1 to 5."))
        await call(self, reviews.write_review, self.kind, self.deal_id, int(rating),
                   str(form.get("comment") or "")[: reviews.COMMENT_LIMIT + 1])
        self.notice = await in_language(self, phrase("Thank you. Your review is shown once both of you have written "
                                                     "or the 14 days are over."))
        await self._read()

    @rx.event
    def start_report(self, review_id: str):
        self.reporting = str(review_id) if str(review_id).isdigit() else ""

    @rx.event
    @screen_event
    async def send_report(self, form: dict):
        if not self.reporting:
            raise ServiceError(phrase("Choose what to report first."))
        await call(self, reports.report, "review", int(self.reporting),
                   str(form.get("reason") or "")[: reports.REASON_LIMIT + 1])
        self.reporting = ""
        self.notice = await in_language(self, phrase("Thank you: an admin will look at your report."))


def _page(db, actor):
    zone = _zone(db, actor)
    lang = reader()
    todo = [{"kind": r.kind, "id": str(r.deal_id), "name": r.other_name, "title": r.title,
             "ends": local_time.fmt(r.window_ends, zone, with_zone=False, lang=lang)}
            for r in reviews.to_review(db, actor)]
    received = [_review(v, zone) for v in reviews.reviews_about(db, actor, actor.user_id)]
    return todo, received, reviews.reviews_version(db, actor)


class ShareReviewsState(LoadedScreen, LiveWatch, rx.State):
    todo: list[dict[str, str]] = []
    received: list[dict[str, str]] = []
    loaded: bool = False

    async def _load(self) -> None:
        self.todo, self.received, version = await look(self, _page)
        self._seen_version = repr(version)
        self.loaded = True

    @rx.event(background=True)
    async def watch(self, gen: int):
        await self._follow_version(gen, "/share/reviews", POLL_SECONDS, reviews.reviews_version, (), self._load,
                                   keys=reviews.reviews_keys)
