"""Admin (content): which channels each order, bill, repair and sharing step's messages go by,
to the resident and to the staff side (notify/step_channels.py)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import N_, phrase
from community_hub.notify import step_channels
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event

SIDE_WORDS = {"resident": N_("Resident"), "staff": N_("Shop or staff")}


class AdminNotifyMatrixState(LoadedScreen, rx.State):
    # One row per step and side: template, side, category, label, and "1"/"" under each channel.
    rows: list[dict[str, str]] = []

    async def _load(self) -> None:
        self.rows = [{"template": r.template, "side": r.side, "category": r.category,
                      "label": await in_language(self, r.label), "changed": "1" if r.changed else "",
                      "side_label": await in_language(self, SIDE_WORDS.get(r.side, r.side)),
                      **{c: "1" if c in r.channels else "" for c in step_channels.CHANNELS}}
                     for r in await look(self, step_channels.matrix)]

    @rx.event
    @screen_event
    async def set_channel(self, template: str, side: str, channel: str, on: bool):
        await call(self, step_channels.set_channel, str(template)[:60], str(side)[:16], str(channel)[:10], bool(on))
        await self._load()
        self.notice = await in_language(self, phrase("Saved: new messages of this step follow it."))
