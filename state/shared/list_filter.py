"""A list the page narrows with a select (`show`): open, answered, overdue... The select sends one
of `_shows`; anything else (a forged value) shows the first. The state defines `_load()`."""

from __future__ import annotations

import reflex as rx

from state.shared.service_call import screen_event


class ListFilter(rx.State, mixin=True):
    show: str = ""
    _shows: list[str] = []

    @rx.event
    @screen_event(busy=False)
    async def set_show(self, v: str):
        self.show = v if v in self._shows else self._shows[0]
        await self._load()
