"""Convenience services: residents book one (a service bill is issued, paid like any bill);
staff offer services and work through paid bookings."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import localized, phrase
from community_hub.core.money import parse_amount
from community_hub.property import billing, service_refunds, service_waiting
from community_hub.property.billing.reading import my_bills_keys, my_bills_version
from state.property.common import money, parse_local, staff_community, when
from state.shared.language import LanguageState, in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

POLL_SECONDS = 1.5


# A booking's status in words, read in the page's language.
_STATUS_WORDS = {"awaiting_payment": phrase("awaiting payment"), "paid": phrase("paid"), "done": phrase("done"),
                 "cancelled": phrase("cancelled")}


def _label(status: str, bill_status: str) -> str:
    if status == "cancelled" and bill_status == "refunded":
        return phrase("cancelled · refunded")
    if status == "cancelled" and bill_status == "paid":
        return phrase("cancelled · refund not sent yet")
    return _STATUS_WORDS.get(status, status.replace("_", " "))


def _booking_rows(bookings, names: dict[int, str], bills: dict[int, str], zone: str,
                  lang: str = "") -> list[dict[str, str]]:
    rows = []
    for b in bookings:
        bill = bills.get(b.bill_id, "")
        rows.append({"id": str(b.id),
                     "service": names.get(b.service_id) or localized(lang, phrase("service #{id}", id=b.service_id)),
                     "quantity": str(b.quantity), "status": b.status, "label": localized(lang, _label(b.status, bill)),
                     "when": when(b.requested_for, zone), "notes": b.notes, "booked": when(b.created_at, zone),
                     "bill": str(b.bill_id),
                     # Paid (or done, or a refund that did not go through): staff can give the money back.
                     "refundable": "1" if bill == "paid" and b.status in ("paid", "done", "cancelled") else ""})
    return rows


def _resident_version(db, actor) -> tuple:
    """What moves when the office works a booking (done, cancelled) or its bill is paid or refunded,
    or the household's place in a waiting list changes: the household's bills version, each
    booking's status and each waiting request's place (every read checks the resident)."""
    return (my_bills_version(db, actor), tuple((b.id, b.status) for b in billing.my_convenience_bookings(db, actor)),
            tuple((w.id, w.position) for w in service_waiting.my_waiting(db, actor)))


def _resident_keys(db, actor) -> tuple[list, None]:
    """The change bell's keys for `_resident_version`, from the services it reads (each checks the resident)."""
    return [*my_bills_keys(db, actor)[0], *billing.my_bookings_keys(db, actor)[0],
            *service_waiting.my_waiting_keys(db, actor)[0]], None


def _resident_page(db, actor):
    found = billing.list_convenience_services(db, actor)
    mine = billing.my_convenience_bookings(db, actor)
    return (found, mine, billing.bill_statuses(db, mine), actor.time_zone, _resident_version(db, actor),
            service_waiting.my_waiting(db, actor))


def _book(db, actor, service_id: int, quantity: int, when_text: str, notes: str, wait: bool = False):
    """Book; on a full day, wait for a place instead when the resident said so (None: booked)."""
    requested_for = parse_local(when_text, actor.time_zone)
    try:
        billing.book_convenience_service(db, actor, service_id, quantity=quantity, requested_for=requested_for,
                                         notes=notes)
        return None
    except ServiceError as refusal:  # the day was full: nothing was written yet
        if refusal.code != "full" or not wait:
            raise
    row = service_waiting.wait_for_place(db, actor, service_id, quantity=quantity, requested_for=requested_for,
                                         notes=notes)
    return next(w.position for w in service_waiting.my_waiting(db, actor) if w.id == row.id)


def _waiting_rows(rows, lang: str) -> list[dict[str, str]]:
    return [{"id": str(w.id), "service": w.service, "day": local_time.fmt_day(w.day, lang=lang),
             "quantity": str(w.quantity), "position": str(w.position), "name": w.name, "level": w.level,
             "notes": w.notes} for w in rows]


def _staff_page(db, actor, show: str):
    cid = staff_community(actor)
    found = billing.services_for_staff(db, actor, cid)
    queue = billing.list_convenience_bookings(db, actor, cid, status=None if show == "all" else show)
    return (found, queue, billing.bill_statuses(db, queue), actor.time_zone,
            service_waiting.waiting_for_staff(db, actor, cid))


def _add_service(db, actor, **fields):
    return billing.add_convenience_service(db, actor, staff_community(actor), **fields)


def _places(raw: object) -> int:
    text = str(raw or "").strip()[:6]
    if not text.isdigit():
        raise ServiceError(phrase("Places per day is a whole number from 0 (no limit) to 1000."))
    return int(text)


class ResidentServicesState(LoadedScreen, LiveWatch, rx.State):
    """The resident's bookings, live: the office marking one done or refunding it shows at once."""

    services: list[dict[str, str]] = []
    bookings: list[dict[str, str]] = []
    waiting: list[dict[str, str]] = []  # the household's requests waiting for a place, with their place

    async def _load(self):
        found, mine, bills, zone, version, waiting = await look(self, _resident_page)
        lang = (await self.get_state(LanguageState)).lang
        self._seen_version = repr(version)
        self.waiting = _waiting_rows(waiting, lang)
        self.services = [{"id": str(s.id), "name": s.name, "description": s.description,
                          "price": localized(lang, phrase("{price} per {unit}", price=money(s.price_minor, s.currency),
                                                          unit=s.unit_label)) if s.unit_label
                          else money(s.price_minor, s.currency),
                          "max": str(s.max_quantity),
                          "places": str(s.places_per_day or "")} for s in found]
        self.bookings = _booking_rows(mine, {s.id: s.name for s in found}, bills, zone, lang)

    @rx.event(background=True)
    async def watch(self, gen: int):
        await self._follow_version(gen, "/services", POLL_SECONDS, _resident_version, (), self._load,
                                   keys=_resident_keys)

    @rx.event
    @screen_event
    async def book(self, form: dict):
        raw = str(form.get("service_id") or "0")
        qty = (form.get("quantity") or "1").strip()
        if not qty.isdigit():
            raise ServiceError("Say how many, as a whole number.")
        position = await call(self, _book, int(raw) if raw.isdigit() else 0, int(qty), (form.get("when") or "")[:40],
                              form.get("notes") or "", bool(form.get("wait")))
        self.notice = await in_language(self, phrase(
            "That day is full: you are number {position} waiting for a place. A freed place goes to the first "
            "waiting, by priority, and is booked for them.", position=position) if position else
            phrase("Booked. Pay it on your Bills page; the office starts once it is paid."))
        await self._load()

    @rx.event
    @screen_event
    async def withdraw(self, waiting_id: str):
        await call(self, service_waiting.withdraw, row_id(waiting_id))
        self.notice = await in_language(self, phrase("You are no longer waiting for that place."))
        await self._load()

    @rx.event
    @screen_event
    async def cancel(self, booking_id: str):
        await call(self, billing.cancel_convenience_booking, row_id(booking_id))
        self.notice = await in_language(self, phrase("Booking cancelled and its bill withdrawn."))
        await self._load()


class PropertyServicesState(LoadedScreen, rx.State):
    services: list[dict[str, str]] = []
    bookings: list[dict[str, str]] = []
    waiting: list[dict[str, str]] = []  # every service's waiting list, each day's in priority order
    show: str = "paid"
    confirm_id: str = ""  # the booking whose Refund was pressed once (asks to confirm)

    async def _load(self):
        found, queue, bills, zone, waiting = await look(self, _staff_page, self.show)
        lang = (await self.get_state(LanguageState)).lang
        self.services = [{"id": str(s.id), "name": s.name, "price": money(s.price_minor, s.currency),
                          "unit": s.unit_label, "max": str(s.max_quantity), "active": "1" if s.active else "",
                          "places": str(s.places_per_day)}
                         for s in found]
        self.waiting = _waiting_rows(waiting, lang)
        self.bookings = _booking_rows(queue, {s.id: s.name for s in found}, bills, zone, lang)

    @rx.event
    @screen_event(busy=False)
    async def set_show(self, v: str):
        self.show = str(v)[:20]
        await self._load()

    async def _act(self, fn, *args, done: str, **kwargs):
        await call(self, fn, *args, **kwargs)
        self.notice = await in_language(self, done)
        await self._load()

    @rx.event
    @screen_event
    async def add_service(self, form: dict):
        price_minor = parse_amount(form.get("price"), "USD", "price")
        top = (form.get("max") or "10").strip()
        if not top.isdigit():
            raise ServiceError("The most per booking is a whole number.")
        places = _places(form.get("places") or "0")
        await self._act(_add_service, name=form.get("name", ""), price_minor=price_minor,
                        description=form.get("description", ""), unit_label=form.get("unit", ""),
                        max_quantity=int(top), places_per_day=places, done=phrase("Service added: residents can book it."))

    @rx.event
    @screen_event
    async def set_places(self, form: dict):
        await self._act(service_waiting.set_places_per_day, row_id(str(form.get("service_id") or "")),
                        _places(form.get("places") or "0"),
                        done=phrase("Places per day saved; waiting residents were given any free places."))

    @rx.event
    @screen_event
    async def withdraw(self, waiting_id: str):
        await self._act(service_waiting.withdraw, row_id(waiting_id), done=phrase("Taken off the waiting list."))

    @rx.event
    @screen_event
    async def toggle(self, service_id: str, active: bool):
        await self._act(billing.set_convenience_service_active, row_id(service_id), bool(active),
                        done=phrase("Service on offer.") if active else phrase("Service withdrawn."))

    @rx.event
    @screen_event
    async def complete(self, booking_id: str):
        await self._act(billing.complete_convenience_booking, row_id(booking_id), done=phrase("Marked done."))

    @rx.event
    @screen_event
    async def cancel(self, booking_id: str):
        await self._act(billing.cancel_convenience_booking, row_id(booking_id),
                        done=phrase("Booking cancelled and its bill withdrawn."))

    @rx.event
    @screen_event
    async def refund(self, booking_id: str):
        """Call off a paid booking and give the money back; the first press asks to confirm."""
        if self.confirm_id != booking_id:
            self.confirm_id = str(booking_id)[:12]
            return
        self.confirm_id = ""
        result = await call(self, service_refunds.refund_service_booking, row_id(booking_id))
        if result.problem:
            self.error = await in_language(self, phrase(
                "Booking called off, but {amount} has not gone back yet: {problem} Press Refund again to retry.",
                amount=money(result.outstanding_minor, result.currency), problem=result.problem))
        else:
            self.notice = await in_language(self, phrase("Booking called off: {amount} refunded to the household.",
                                                         amount=money(result.refunded_minor, result.currency)))
        await self._load()
