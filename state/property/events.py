"""Staff: community events — create with a capacity, attendees and waiting list, door check-in, cancel."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import events
from state.property.common import form_text, parse_local, staff_community, when
from state.shared.dialogs import FormDialog
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _page(db, actor, open_id: int):
    found = events.events_for_staff(db, actor, staff_community(actor))
    return found, (events.attendees(db, actor, open_id) if open_id else []), actor.time_zone


def _create(db, actor, form: dict):
    capacity = form_text(form, "capacity", 12).strip()
    # Typed in the community's local time; stored as UTC.
    starts = parse_local(form_text(form, "starts_at", 40), actor.time_zone)
    ends = parse_local(form_text(form, "ends_at", 40), actor.time_zone)
    if starts is None or ends is None:
        raise ServiceError("Say when the event starts and ends.")
    if not capacity.isdigit():
        raise ServiceError("The capacity is a whole number of places.")
    return events.create_event(db, actor, staff_community(actor), title=form_text(form, "title", 121), starts_at=starts,
                               ends_at=ends, capacity=int(capacity), location=form_text(form, "location", 121),
                               description=form_text(form, "description", 4000))


class PropertyEventsState(LoadedScreen, FormDialog, rx.State):
    rows: list[dict[str, str]] = []
    # The event whose attendees are shown.
    open_id: str = ""
    open_title: str = ""
    attendees: list[dict[str, str]] = []

    async def _load(self):
        found, people, zone = await look(self, _page, int(self.open_id) if self.open_id.isdigit() else 0)
        self.rows = [{"id": str(e.id), "title": e.title, "location": e.location, "starts": when(e.starts_at, zone),
                      "ends": when(e.ends_at, zone), "capacity": str(e.capacity), "cancelled": "1" if e.cancelled else "",
                      "code": e.checkin_code} for e in found]
        self.attendees = [{"name": a.name, "status": a.status, "ticket": a.ticket_code,
                           "in": when(a.checked_in_at, zone)} for a in people]

    async def _opened(self):
        self.form_open, self.open_id = False, ""

    @rx.event
    @screen_event(error="form_error")
    async def create(self, form: dict):
        await call(self, _create, dict(form))
        self.form_open = False
        self.notice = await in_language(self, phrase("Event created: residents can sign up."))
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def show_attendees(self, row: dict):
        event_id = row_id(row.get("id", ""), "That event is not on this page any more.")
        self.open_id, self.open_title = str(event_id), str(row.get("title", ""))[:160]
        await self._load()

    @rx.event
    def hide_attendees(self):
        self.open_id = ""

    @rx.event
    @screen_event
    async def check_in(self, form: dict):
        if not self.open_id.isdigit():
            raise ServiceError("Open an event's attendees first.")
        a = await call(self, events.check_in, int(self.open_id), str(form.get("ticket") or "")[:40])
        self.notice = await in_language(self, phrase("{name} checked in.", name=a.name))
        await self._load()

    @rx.event
    @screen_event
    async def cancel_event(self, event_id: str):
        await call(self, events.cancel_event, row_id(event_id, "That event is not on this page any more."))
        self.notice = await in_language(self, phrase("Event cancelled: nobody can sign up any more."))
        await self._load()
