"""The resident's home: their day at a glance (community_hub/resident_day.py)."""

from __future__ import annotations

import reflex as rx

from community_hub.resident_day import day_at_a_glance
from state.shared.language import in_language
from state.shared.service_call import ScreenState, look, screen_event


class ResidentDayState(ScreenState, rx.State):
    bills_due: int = 0
    bills_due_total: str = ""
    orders: list[dict[str, str]] = []
    repairs: list[dict[str, str]] = []
    next_event: dict[str, str] = {}
    shops: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        day = await look(self, day_at_a_glance)
        self.bills_due, self.bills_due_total = day.bills_due, day.bills_due_total
        # Status words come from the rooms in English (marked there with phrase()): in the reader's language.
        self.orders = [{**o, "label": await in_language(self, o["label"])} for o in day.orders]
        self.repairs = [{**r, "status": await in_language(self, r["status"])} for r in day.repairs]
        self.next_event, self.shops = day.next_event, day.shops
        self.loaded = True
