"""/share/bookings: both sides of my parking bookings as a calendar-like list, by day. The renter
pays the balance after the end, cancels (told first what happens to the deposit) and pays an
overstay owed; the owner approves or declines requests, cancels, reports an overstay and sees the
payout. Live: the other side's move (a request, an approval, a payment) shows without a reload."""

from __future__ import annotations

import dataclasses

import reflex as rx
from babel.dates import format_date

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import localized, phrase, reader
from community_hub.core.money import format_money
from community_hub.sharing import (
    parking_bookings,
    parking_calendar,
    parking_cancel,
    parking_money,
    parking_overstay,
)
from community_hub.sharing.parking_slots import zone_of
from state.resident.share_forms import form_field
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

POLL_SECONDS = 1.0
STATUS = {"awaiting_deposit": phrase("Waiting for the deposit"), "requested": phrase("Waiting for the owner's approval"),
          "confirmed": phrase("Confirmed"), "balance_paid": phrase("Balance paid"), "paid_out": phrase("Paid out"),
          "forfeited": phrase("Deposit kept for the owner"), "cancelled": phrase("Cancelled"),
          "expired": phrase("Expired")}
COLOR = {"requested": "orange", "confirmed": "blue", "balance_paid": "green", "paid_out": "green",
         "forfeited": "red", "cancelled": "gray", "awaiting_deposit": "orange"}


@dataclasses.dataclass
class BookingDay:
    day: str = ""
    rows: list[dict[str, str]] = dataclasses.field(default_factory=list)


def _cancel_rule(r: parking_calendar.CalendarRow):
    b = r.booking
    if r.side == "owner":
        return phrase("The renter gets the deposit back, and your cancellation count on the slot goes up by one.")
    if b.status == "awaiting_deposit":
        return phrase("Nothing was paid; the time is let go.")
    if r.deposit_back_if_cancelled:
        return phrase("More than {n} hours before the start: your deposit of {amount} comes back to your card.",
                      n=parking_cancel.CANCEL_HOURS, amount=format_money(b.deposit_minor, b.currency))
    return phrase("Less than {n} hours before the start: your deposit of {amount} is kept for the owner.",
                  n=parking_cancel.CANCEL_HOURS, amount=format_money(b.deposit_minor, b.currency))


def _day_heading(local, lang: str) -> str:
    """A day of the calendar-like list as people read one: "Saturday 5 December 2026", "2026年12月5日星期六"."""
    if lang == "zh":
        return format_date(local, "full", locale="zh_Hans_CN")
    return f"{local:%A} {local.day} {local:%B %Y}"


def _page(db, actor):
    lang = reader()
    zone = zone_of(db, actor.community_id)
    days: list[BookingDay] = []
    for r in parking_calendar.my_calendar(db, actor):
        b = r.booking
        day = _day_heading(local_time.localize(b.starts_at, zone), lang)
        if not days or days[-1].day != day:
            days.append(BookingDay(day, []))
        s, e = local_time.localize(b.starts_at, zone), local_time.localize(b.ends_at, zone)
        who = r.other_name or localized(lang, phrase("a neighbour"))
        days[-1].rows.append({
            "id": str(b.booking_id), "slot": str(b.slot_id), "place": b.place, "time": f"{s:%H:%M}–{e:%H:%M}",
            "side": r.side, "with": localized(lang, phrase("Rented from {name}", name=who) if r.side == "renter"
                                             else phrase("Your slot, booked by {name}", name=who)),
            "status": b.status, "status_label": localized(lang, STATUS.get(b.status, phrase("Cancelled"))),
            "color": COLOR.get(b.status, "gray"), "price": format_money(b.price_minor, b.currency), "deposit": format_money(b.deposit_minor, b.currency),
            "balance": format_money(b.balance_minor, b.currency), "payout": format_money(b.payout_minor, b.currency) if b.status in ("paid_out", "forfeited") and b.payout_minor else "",
            "overstay": format_money(b.overstay_minor, b.currency) if b.overstay_minor else "",
            "owed": format_money(r.overstay_owed_minor, b.currency) if r.overstay_owed_minor else "",
            "actions": " ".join(r.actions), "cancel_rule": localized(lang, _cancel_rule(r)),
        })
    return days, parking_calendar.calendar_version(db, actor)


class ShareBookingsState(LoadedScreen, LiveWatch, rx.State):
    days: list[BookingDay] = []
    loaded: bool = False

    async def _load(self) -> None:
        self.days, version = await look(self, _page)
        self._seen_version = repr(version)
        self.loaded = True

    @rx.event(background=True)
    async def watch(self, gen: int):
        await self._follow_version(gen, "/share/bookings", POLL_SECONDS, parking_calendar.calendar_version, (),
                                   self._load, keys=parking_calendar.calendar_keys)

    @rx.event
    @screen_event
    async def approve(self, booking_id: str):
        await call(self, parking_bookings.approve, row_id(booking_id))
        self.notice = await in_language(self, phrase("Approved: the booking is confirmed."))
        await self._load()

    @rx.event
    @screen_event
    async def decline(self, booking_id: str):
        await call(self, parking_cancel.decline_request, row_id(booking_id))
        self.notice = await in_language(self, phrase("Declined: the deposit goes back to the neighbour."))
        await self._load()

    @rx.event
    @screen_event
    async def cancel(self, booking_id: str):
        try:
            done = await call(self, parking_cancel.cancel_booking, row_id(booking_id))
        finally:
            await self._load()
        if done.problem:
            self.error = await in_language(self, phrase(
                "Cancelled, but the refund has not reached the card yet ({why}); cancel again to send it.",
                why=done.problem))
            return
        self.notice = await in_language(self, phrase("Cancelled: the deposit goes back.") if done.deposit_back
                                        else phrase("Cancelled."))

    async def _paid(self, fn, form: dict, said) -> None:
        try:
            await call(self, fn, row_id(form_field(form, "booking", 20)), form_field(form, "card", 23))
        finally:
            await self._load()
        self.notice = await in_language(self, said)

    @rx.event
    @screen_event
    async def pay_balance(self, form: dict):
        await self._paid(parking_money.pay_balance, form, phrase("Balance paid. Thank you!"))

    @rx.event
    @screen_event
    async def pay_overstay(self, form: dict):
        await self._paid(parking_money.pay_overstay, form, phrase("Overstay paid. Thank you!"))

    @rx.event
    @screen_event
    async def report_overstay(self, form: dict):
        hours = form_field(form, "hours", 4).strip()
        if not hours.isdigit() or len(hours) > 3:
            raise ServiceError(phrase("Report between 1 and {n} extra hours.", n=parking_overstay.MAX_EXTRA_HOURS))
        done = await call(self, parking_overstay.report_overstay, row_id(form_field(form, "booking", 20)), int(hours))
        await self._load()
        self.notice = await in_language(self, phrase("Overstay reported: it joins the renter's balance.") if done.in_balance
                                        else phrase("Overstay reported: the renter is asked to pay it."))
