"""Convenience services: residents book one (a service bill is issued, paid like any bill);
staff offer services and work through paid bookings."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import billing, service_refunds
from community_hub.property import lists as property_lists
from state.property.common import money, parse_local, staff_community, when
from state.shared.service_call import acting, reading


def _label(status: str, bill_status: str) -> str:
    if status == "cancelled" and bill_status == "refunded":
        return "cancelled · refunded"
    if status == "cancelled" and bill_status == "paid":
        return "cancelled · refund not sent yet"
    return status.replace("_", " ")


def _booking_rows(bookings, names: dict[int, str], bills: dict[int, str], zone: str) -> list[dict[str, str]]:
    rows = []
    for b in bookings:
        bill = bills.get(b.bill_id, "")
        rows.append({"id": str(b.id), "service": names.get(b.service_id, f"service #{b.service_id}"),
                     "quantity": str(b.quantity), "status": b.status, "label": _label(b.status, bill),
                     "when": when(b.requested_for, zone), "notes": b.notes, "booked": when(b.created_at, zone),
                     "bill": str(b.bill_id),
                     # Paid (or done, or a refund that did not go through): staff can give the money back.
                     "refundable": "1" if bill == "paid" and b.status in ("paid", "done", "cancelled") else ""})
    return rows


class ResidentServicesState(rx.State):
    services: list[dict[str, str]] = []
    bookings: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found = billing.list_convenience_services(db, actor)
                mine = billing.my_convenience_bookings(db, actor)
                bills = billing.bill_statuses(db, mine)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.services = [{"id": str(s.id), "name": s.name, "description": s.description,
                          "price": money(s.price_minor, s.currency) + (f" per {s.unit_label}" if s.unit_label else ""),
                          "max": str(s.max_quantity)} for s in found]
        self.bookings = _booking_rows(mine, {s.id: s.name for s in found}, bills, actor.time_zone)

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._load()

    @rx.event
    async def book(self, form: dict):
        self.error = self.notice = ""
        service_id = int(form.get("service_id") or 0) if str(form.get("service_id") or "0").isdigit() else 0
        qty = (form.get("quantity") or "1").strip()
        try:
            if not qty.isdigit():
                raise ServiceError("Say how many, as a whole number.")
            async with acting(self) as (db, actor):
                billing.book_convenience_service(db, actor, service_id, quantity=int(qty),
                                                 requested_for=parse_local(form.get("when", ""), actor.time_zone),
                                                 notes=form.get("notes", ""))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Booked. Pay it on your Bills page; the office starts once it is paid."
        await self._load()

    @rx.event
    async def cancel(self, booking_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                billing.cancel_convenience_booking(db, actor, int(booking_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Booking cancelled and its bill withdrawn."
        await self._load()


class PropertyServicesState(rx.State):
    services: list[dict[str, str]] = []
    bookings: list[dict[str, str]] = []
    show: str = "paid"
    confirm_id: str = ""  # the booking whose Refund was pressed once (asks to confirm)
    error: str = ""
    notice: str = ""

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                cid = staff_community(actor)
                found = property_lists.services_for_staff(db, actor, cid)
                queue = billing.list_convenience_bookings(db, actor, cid, status=None if self.show == "all" else self.show)
                bills = billing.bill_statuses(db, queue)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.services = [{"id": str(s.id), "name": s.name, "price": money(s.price_minor, s.currency),
                          "unit": s.unit_label, "max": str(s.max_quantity), "active": "1" if s.active else ""}
                         for s in found]
        self.bookings = _booking_rows(queue, {s.id: s.name for s in found}, bills, actor.time_zone)

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._load()

    @rx.event
    async def set_show(self, v: str):
        self.show = v
        await self._load()

    async def _act(self, fn, done: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                fn(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = done
        await self._load()

    @rx.event
    async def add_service(self, form: dict):
        price, top = (form.get("price") or "").strip(), (form.get("max") or "10").strip()
        try:
            price_minor = round(float(price) * 100)
        except ValueError:
            self.error = "Enter the price, like 4.50."
            return
        if not top.isdigit():
            self.error = "The most per booking is a whole number."
            return
        await self._act(lambda db, a: billing.add_convenience_service(
            db, a, staff_community(a), name=form.get("name", ""), price_minor=price_minor,
            description=form.get("description", ""), unit_label=form.get("unit", ""), max_quantity=int(top)),
            "Service added: residents can book it.")

    @rx.event
    async def toggle(self, service_id: str, active: bool):
        await self._act(lambda db, a: billing.set_convenience_service_active(db, a, int(service_id), active),
                        "Service on offer." if active else "Service withdrawn.")

    @rx.event
    async def complete(self, booking_id: str):
        await self._act(lambda db, a: billing.complete_convenience_booking(db, a, int(booking_id)), "Marked done.")

    @rx.event
    async def cancel(self, booking_id: str):
        await self._act(lambda db, a: billing.cancel_convenience_booking(db, a, int(booking_id)),
                        "Booking cancelled and its bill withdrawn.")

    @rx.event
    async def refund(self, booking_id: str):
        """Call off a paid booking and give the money back; the first press asks to confirm."""
        self.error = self.notice = ""
        if self.confirm_id != booking_id:
            self.confirm_id = booking_id
            return
        self.confirm_id = ""
        try:
            async with acting(self) as (db, actor):
                result = service_refunds.refund_service_booking(db, actor, int(booking_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        if result.problem:
            self.error = (f"Booking called off, but {money(result.outstanding_minor, result.currency)} has not gone "
                          f"back yet: {result.problem} Press Refund again to retry.")
        else:
            self.notice = f"Booking called off: {money(result.refunded_minor, result.currency)} refunded to the household."
        await self._load()
