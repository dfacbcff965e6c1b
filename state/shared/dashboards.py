"""The first screen of each role. Each loads a small summary from services.overviews."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub import overviews
from community_hub.core.errors import ServiceError
from state.shared.service_call import reading


class AdminHomeState(rx.State):
    stats: dict[str, int] = {}
    error: str = ""

    @rx.event
    async def load(self):
        try:
            async with reading(self) as (db, actor):
                self.stats = dataclasses.asdict(overviews.admin_overview(db, actor))
        except ServiceError as exc:
            self.error = exc.message


class PropertyHomeState(rx.State):
    community: str = ""
    households: int = 0
    residents: int = 0
    error: str = ""

    @rx.event
    async def load(self):
        try:
            async with reading(self) as (db, actor):
                o = overviews.property_overview(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.community, self.households, self.residents = o.community, o.households, o.residents


class ResidentHomeState(rx.State):
    community: str = ""
    household: str = ""
    error: str = ""

    @rx.event
    async def load(self):
        try:
            async with reading(self) as (db, actor):
                home = overviews.resident_home(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.community, self.household = home.community, home.household
