"""/share/parking/new: sharing a parking slot — its place, price, deposit share, booking lengths,
approval mode, who sees it and when it is free (weekly windows and dates, added one by one).
The service checks everything at once and stores nothing on a refusal; the photo is added on the
slot's own page once it exists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.local_time import local_today, parse_day
from community_hub.sharing import circles, parking_slots
from community_hub.sharing.free_windows import MAX_WINDOWS, WindowIn, parse_windows
from state.resident.share_forms import form_field
from state.resident.share_parking_rows import window_text
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event
from state.shared.session import SessionState


def _window_in(w: dict[str, str]) -> WindowIn:
    return WindowIn(w["start"], w["end"], weekday=int(w["weekday"]) if w["weekday"] else None,
                    day=date.fromisoformat(w["day"]) if w["day"] else None)


def _checked_window(db, actor, w: dict[str, str]) -> dict[str, str]:
    """One window as the form gave it, checked as posting will check it, with its text."""
    parse_windows([_window_in(w)], local_today(parking_slots.zone_of(db, actor.community_id)))
    return {**w, "text": window_text(w)}


def _deposit_bps(text: str) -> int:
    """"25" or "12.5" (per cent of the price) -> basis points; the service checks the range."""
    try:
        share = Decimal(str(text or "").strip().rstrip("%").strip())
    except InvalidOperation:
        raise ServiceError(phrase("Write the deposit as a share of the price, like 25 for 25 %.")) from None
    if not share.is_finite() or share != share.quantize(Decimal("0.01")):
        raise ServiceError(phrase("Write the deposit as a share of the price, like 25 for 25 %."))
    return int(share * 100)


def _whole(text) -> int:
    value = str(text or "").strip()
    return int(value) if value.isdigit() and len(value) < 4 else -1


class ShareSlotNewState(LoadedScreen, rx.State):
    circles: list[dict[str, str]] = []  # my circles, to choose as the audience
    windows: list[dict[str, str]] = []  # {"weekday", "day", "start", "end", "text"}
    audience: str = "community"
    window_kind: str = "0"  # "0".."6" (a weekday) or "date"

    async def _load(self) -> None:
        mine = await look(self, circles.my_circles)
        self.circles = [{"id": str(c.circle_id), "name": c.name} for c in mine]

    async def _opened(self) -> None:
        self.windows, self.audience, self.window_kind = [], "community", "0"

    @rx.event
    def set_audience(self, value: str):
        self.audience = value if value in ("friends", "circles", "community") else "community"

    @rx.event
    def set_window_kind(self, value: str):
        self.window_kind = value if value in ("0", "1", "2", "3", "4", "5", "6", "date") else "0"

    @rx.event
    @screen_event
    async def add_window(self, form: dict):
        if len(self.windows) >= MAX_WINDOWS:
            raise ServiceError(phrase("A slot has at most {n} free windows.", n=MAX_WINDOWS))
        kind = form_field(form, "kind", 4) or self.window_kind
        day = ""
        if kind == "date":
            day = parse_day(form_field(form, "day", 20), "date").isoformat()
        elif kind not in ("0", "1", "2", "3", "4", "5", "6"):
            raise ServiceError(phrase("A free window is on a weekday or on a date."))
        w = {"weekday": "" if day else kind, "day": day, "start": form_field(form, "start", 5),
             "end": form_field(form, "end", 5)}
        if w["end"] == "00:00":
            w["end"] = "24:00"  # "until midnight" as a time field says it
        checked = await look(self, _checked_window, w)
        self.windows = [*self.windows, checked]

    @rx.event
    def remove_window(self, index: int):
        if isinstance(index, int) and 0 <= index < len(self.windows):
            self.windows = [w for i, w in enumerate(self.windows) if i != index]

    @rx.event
    @screen_event
    async def post(self, form: dict):
        circle_ids = [int(k.split("-", 1)[1]) for k, v in (form.items() if isinstance(form, dict) else ())
                      if isinstance(k, str) and k.startswith("circle-") and k[7:].isdigit() and v]
        slot = await call(
            self, parking_slots.post_slot, place=form_field(form, "place", 200),
            note=form_field(form, "note", 1000), hourly_price=form_field(form, "hourly_price", 20),
            deposit_bps=_deposit_bps(form_field(form, "deposit", 20)),
            min_hours=_whole(form_field(form, "min_hours", 4)), max_hours=_whole(form_field(form, "max_hours", 4)),
            approval=form_field(form, "approval", 10), audience=self.audience, circle_ids=circle_ids[:60],
            windows=[_window_in(w) for w in self.windows])
        self.windows = []
        sess = await self.get_state(SessionState)
        sess._say(await in_language(self, phrase("Your slot {place} is shared. Add a photo of it here.",
                                                 place=slot.place)), "success")
        return rx.redirect(f"/share/parking/{slot.id}")
