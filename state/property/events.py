"""Staff: community events — create with a capacity, attendees and waiting list, door check-in, cancel."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import events
from community_hub.property import lists as property_lists
from state.property.common import parse_local, staff_community, when
from state.shared.service_call import acting, reading


class PropertyEventsState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    form_open: bool = False
    form_error: str = ""
    # The event whose attendees are shown.
    open_id: str = ""
    open_title: str = ""
    attendees: list[dict[str, str]] = []

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found = property_lists.events_for_staff(db, actor, staff_community(actor))
                people = events.attendees(db, actor, int(self.open_id)) if self.open_id else []
        except ServiceError as exc:
            self.error = exc.message
            return
        self.rows = [{"id": str(e.id), "title": e.title, "location": e.location, "starts": when(e.starts_at, actor.time_zone),
                      "ends": when(e.ends_at, actor.time_zone), "capacity": str(e.capacity), "cancelled": "1" if e.cancelled else "",
                      "code": e.checkin_code} for e in found]
        self.attendees = [{"name": a.name, "status": a.status, "ticket": a.ticket_code,
                           "in": when(a.checked_in_at, actor.time_zone)} for a in people]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.form_open, self.open_id = False, ""
        await self._load()

    @rx.event
    def open_form(self):
        self.form_open, self.form_error = True, ""

    @rx.event
    def close_form(self):
        self.form_open = False

    @rx.event
    async def create(self, form: dict):
        self.form_error = self.notice = ""
        try:
            capacity = (form.get("capacity") or "").strip()
            async with acting(self) as (db, actor):
                # Typed in the community's local time; stored as UTC.
                starts = parse_local(form.get("starts_at", ""), actor.time_zone)
                ends = parse_local(form.get("ends_at", ""), actor.time_zone)
                if starts is None or ends is None:
                    raise ServiceError("Say when the event starts and ends.")
                if not capacity.isdigit():
                    raise ServiceError("The capacity is a whole number of places.")
                events.create_event(db, actor, staff_community(actor), title=form.get("title", ""), starts_at=starts,
                                    ends_at=ends, capacity=int(capacity), location=form.get("location", ""),
                                    description=form.get("description", ""))
        except ServiceError as exc:
            self.form_error = exc.message
            return
        self.form_open, self.notice = False, "Event created: residents can sign up."
        await self._load()

    @rx.event
    async def show_attendees(self, row: dict):
        self.open_id, self.open_title = row["id"], row["title"]
        await self._load()

    @rx.event
    def hide_attendees(self):
        self.open_id = ""

    @rx.event
    async def check_in(self, form: dict):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                a = events.check_in(db, actor, int(self.open_id), form.get("ticket", ""))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"{a.name} checked in."
        await self._load()

    @rx.event
    async def cancel_event(self, event_id: str):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                events.cancel_event(db, actor, int(event_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Event cancelled: nobody can sign up any more."
        await self._load()
