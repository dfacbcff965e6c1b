"""The member's own notification choices (account page): for each kind of message, the channels
the platform uses for it, each one the member may turn off (notify/step_channels.py)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import N_, phrase
from community_hub.notify import step_channels
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event

CHANNEL_WORDS = {"in_app": N_("In-app"), "email": N_("Email"), "sms": N_("SMS")}


class NotifyChoicesState(LoadedScreen, rx.State):
    # One row per kind of message and channel the platform uses: category, label, channel, on ("1"/"").
    rows: list[dict[str, str]] = []

    async def _load(self) -> None:
        rows = []
        for c in await look(self, step_channels.my_choices):
            label = await in_language(self, c.label)
            rows += [{"category": c.category, "label": label, "channel": ch, "on": "" if ch in c.off else "1",
                      "channel_label": await in_language(self, CHANNEL_WORDS[ch])} for ch in c.offered]
        self.rows = rows

    @rx.event
    @screen_event
    async def set_choice(self, category: str, channel: str, on: bool):
        await call(self, step_channels.set_my_choice, str(category)[:20], str(channel)[:10], bool(on))
        await self._load()
        self.notice = await in_language(self, phrase("Your notification choices are saved."))
