"""Property home: the community's own settings card (today: the time zone its people see times in)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.property import community_settings
from state.property.common import staff_community
from state.shared.service_call import acting, reading


class CommunitySettingsState(rx.State):
    time_zone: str = ""  # saved value
    zone_draft: str = ""  # what is in the box
    error: str = ""
    notice: str = ""
    busy: bool = False

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.busy = False
        try:
            async with reading(self) as (db, actor):
                s = community_settings.get_settings(db, actor, staff_community(actor))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.time_zone = self.zone_draft = s.time_zone

    @rx.event
    def set_zone_draft(self, value: str):
        self.zone_draft = value

    @rx.event
    async def save(self, form: dict):
        if self.busy:
            return
        self.zone_draft = form.get("time_zone", self.zone_draft)
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            async with acting(self) as (db, actor):
                s = community_settings.set_time_zone(db, actor, staff_community(actor), self.zone_draft)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.time_zone = self.zone_draft = s.time_zone
        self.busy, self.notice = False, f"Saved: times now show in {s.time_zone} for everyone in {s.name}."
