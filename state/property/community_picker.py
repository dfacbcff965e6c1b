"""The staff shell's community picker: which of the company's communities the staff pages work on.
The choice is kept with the session on the server (property/communities.choose_community), so
every staff list and every service call follows it; the page is opened again after a switch."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.property import communities
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, row_id, screen_event
from state.shared.session import SessionState


class StaffCommunityState(ScreenState, rx.State):
    choices: list[dict[str, str]] = []  # {"value": id, "label": name}
    current: str = ""

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        picker = await look(self, communities.community_picker)
        self.choices = [{"value": str(cid), "label": name} for cid, name in picker.choices]
        self.current = str(picker.current or "")

    @rx.event
    @screen_event
    async def choose(self, community_id: str):
        if community_id == self.current:
            return None
        chosen = await call(self, communities.choose_community, row_id(community_id))
        self.current = str(chosen.id)
        sess = await self.get_state(SessionState)
        sess._say(await in_language(self, phrase("You are working on {name} now.", name=chosen.name)), "success")
        # The page opens again, so every list on it is read for the new community.
        return rx.call_script("window.location.reload()")
