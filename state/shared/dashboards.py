"""The first screen of each role. Each loads a small summary from community_hub.overviews."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub import overviews
from state.shared.service_call import ScreenState, look, screen_event


class AdminHomeState(ScreenState, rx.State):
    stats: dict[str, int] = {}

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.stats = dataclasses.asdict(await look(self, overviews.admin_overview))


class PropertyHomeState(ScreenState, rx.State):
    community: str = ""
    households: int = 0
    residents: int = 0

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        o = await look(self, overviews.property_overview)
        self.community, self.households, self.residents = o.community, o.households, o.residents


class ResidentHomeState(ScreenState, rx.State):
    community: str = ""
    household: str = ""

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        home = await look(self, overviews.resident_home)
        self.community, self.household = home.community, home.household
