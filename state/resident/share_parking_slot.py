"""/share/parking/[slot_id]: one shared slot. A neighbour picks a day, a start and a length inside a
free window, sees the price and the deposit, and pays the deposit with a card (the demo provider
in demo mode): that makes the booking. A declined card leaves the time held for a few minutes for
another card (parking_bookings.HOLD_MINUTES); choosing another time lets the old hold go.
The owner adds the photo and stops sharing here."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ContinueElsewhere, ServiceError
from community_hub.core.i18n import phrase, reader
from community_hub.core.money import format_money
from community_hub.sharing import (
    parking_bookings,
    parking_calendar,
    parking_cancel,
    parking_money,
    parking_slots,
)
from state.property.photos import photo_src, read_uploads
from state.resident.share_forms import form_field
from state.resident.share_parking_rows import slot_row
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, screen_event
from state.shared.session import SessionState
from state.shared.setters import text_setter

MAX_PHOTO_BYTES = 8 * 1024 * 1024  # the upload check says the real limit


def _slot(db, actor, slot_id: int):
    view = parking_slots.slot_view(db, actor, slot_id)
    zone = parking_slots.zone_of(db, actor.community_id)
    taken = [local_time.fmt_window(a, b, zone, lang=reader()) for a, b in parking_calendar.taken_times(db, actor, slot_id)]
    return (slot_row(view), photo_src(view.photo) if view.photo else "", taken,
            local_time.local_today(zone).isoformat())


def _range(db, actor, day: str, start: str, hours: str):
    """The UTC range a day, a start ("HH:MM") and a number of hours mean on the community's clock."""
    if not str(hours).isdigit() or not 0 < int(hours) <= 48:
        raise ServiceError(phrase("Say for how many hours, like 2."))
    if not day or not start:
        raise ServiceError(phrase("Choose the start and end of the booking."))
    local_time.parse_day(day, "date")
    starts = local_time.parse_input(f"{day}T{start}", parking_slots.zone_of(db, actor.community_id))
    return starts, starts + timedelta(hours=int(hours))


def _quote(db, actor, slot_id: int, day: str, start: str, hours: str) -> dict[str, str]:
    starts, ends = _range(db, actor, day, start, hours)
    q = parking_bookings.quote(db, actor, slot_id, starts, ends)
    return {"hours": str(q.hours), "price": format_money(q.price_minor, q.currency),
            "deposit": format_money(q.deposit_minor, q.currency), "balance": format_money(q.balance_minor, q.currency),
            "when": local_time.fmt_window(starts, ends, parking_slots.zone_of(db, actor.community_id), lang=reader())}


def _hold(db, actor, slot_id: int, day: str, start: str, hours: str) -> int:
    starts, ends = _range(db, actor, day, start, hours)
    return parking_bookings.book(db, actor, slot_id, starts, ends).id


class ShareSlotState(ScreenState, rx.State):
    slot_id: int = 0
    found: bool = False
    slot: dict[str, str] = {}
    photo: str = ""
    taken: list[str] = []
    today: str = ""
    day: str = ""
    start: str = ""
    hours: str = ""
    quote: dict[str, str] = {}  # shown once the range is checked
    card: str = ""
    _hold_id: int = 0  # a hold of mine waiting for its deposit (a declined card), for this range
    _hold_key: str = ""

    @rx.var
    def has_quote(self) -> bool:
        return bool(self.quote)

    async def _load(self) -> None:
        try:
            self.slot, self.photo, self.taken, self.today = await look(self, _slot, self.slot_id)
        except ServiceError:
            self.found = False
            raise
        self.found = True

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.found, self.quote, self.card, self.slot, self.photo, self.taken = False, {}, "", {}, "", []
        self.day = self.start = self.hours = ""
        self._hold_id, self._hold_key = 0, ""
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError(phrase("This slot is not available."))
        self.slot_id = int(last)
        await self._load()

    set_day = text_setter("day", 10)
    set_start = text_setter("start", 5)
    set_hours = text_setter("hours", 3)
    set_card = text_setter("card", 23)

    @rx.event
    @screen_event
    async def check(self, form: dict):
        self.day, self.start, self.hours = (form_field(form, k, n) for k, n in (("day", 10), ("start", 5), ("hours", 3)))
        self.quote = {}
        self.quote = await look(self, _quote, self.slot_id, self.day, self.start, self.hours)

    async def _let_hold_go(self) -> None:
        if self._hold_id:
            try:
                await call(self, parking_cancel.cancel_booking, self._hold_id)
            except ServiceError:
                pass  # it lapsed or was paid meanwhile: nothing of it is left to let go
            self._hold_id, self._hold_key = 0, ""

    @rx.event
    @screen_event
    async def book_and_pay(self):
        if not self.quote:
            raise ServiceError(phrase("Check the price of a time first."))
        parking_money.check_card_number(self.card)  # before the time is held for a card that cannot pay
        key = f"{self.day}|{self.start}|{self.hours}"
        if self._hold_key != key:
            await self._let_hold_go()
            self._hold_id = await call(self, _hold, self.slot_id, self.day, self.start, self.hours)
            self._hold_key = key
        try:
            booking = await call(self, parking_money.pay_deposit, self._hold_id, self.card)
        except ContinueElsewhere:
            raise  # not a refusal: with Stripe the card is typed on its page, /pay/<id> (screen_event goes there)
        except ServiceError as exc:
            if exc.code in ("hold_ended", "already_paid"):
                self._hold_id, self._hold_key = 0, ""
                raise
            raise ServiceError(phrase("{why} Your time stays held for {n} minutes: try another card.",
                                      why=exc.message, n=parking_bookings.HOLD_MINUTES)) from exc
        self._hold_id, self._hold_key, self.card = 0, "", ""
        sess = await self.get_state(SessionState)
        made = (phrase("Requested: the owner approves it; the deposit goes back if not.")
                if booking.status == "requested" else phrase("Booked: the deposit is paid."))
        sess._say(await in_language(self, made), "success")
        return rx.redirect("/share/bookings")

    @rx.event
    @screen_event
    async def cancel_hold(self):
        await self._let_hold_go()
        self.quote = {}
        self.notice = await in_language(self, phrase("The time is let go."))

    @rx.event
    @screen_event
    async def set_photo(self, files: list[rx.UploadFile]):
        picked = await read_uploads(files)
        if not picked:
            raise ServiceError(phrase("Choose a photo of the slot."))
        name, data = picked[0]
        if len(data) > MAX_PHOTO_BYTES:
            raise ServiceError(phrase("A photo is at most 8 MB."))
        await call(self, parking_slots.set_slot_photo, self.slot_id, name, data)
        self.notice = await in_language(self, phrase("Photo saved."))
        await self._load()

    @rx.event
    @screen_event
    async def withdraw(self):
        await call(self, parking_slots.withdraw_slot, self.slot_id)
        self.notice = await in_language(self, phrase("The slot is no longer shared. Bookings already made stay."))
        await self._load()
