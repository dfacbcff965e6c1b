"""Property home: the community's own settings card (today: the time zone its people see times in)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.property import community_settings
from state.property.common import staff_community
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, screen_event
from state.shared.setters import text_setter


def _settings(db, actor):
    return community_settings.get_settings(db, actor, staff_community(actor))


def _set_zone(db, actor, zone: str):
    return community_settings.set_time_zone(db, actor, staff_community(actor), zone)


class CommunitySettingsState(ScreenState, rx.State):
    time_zone: str = ""  # saved value
    zone_draft: str = ""  # what is in the box

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.busy = False
        s = await look(self, _settings)
        self.time_zone = self.zone_draft = s.time_zone

    set_zone_draft = text_setter("zone_draft", 64)

    @rx.event
    @screen_event
    async def save(self, form: dict):
        self.zone_draft = str(form.get("time_zone", self.zone_draft))[:64]
        s = await call(self, _set_zone, self.zone_draft)
        self.time_zone = self.zone_draft = s.time_zone
        self.notice = await in_language(self, phrase("Saved: times now show in {zone} for everyone in {community}.",
                                                      zone=s.time_zone, community=s.name))
