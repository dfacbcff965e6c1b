"""/property/sharing: how many parking slots residents share in the staff's community — a number,
never who rents whose (parking_slots.shared_slot_count)."""

from __future__ import annotations

import reflex as rx

from community_hub.sharing import parking_slots
from state.property.common import staff_community
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look


def _count(db, actor) -> int:
    return parking_slots.shared_slot_count(db, actor, staff_community(actor))


class PropertySharingState(LoadedScreen, rx.State):
    slots: str = ""

    async def _load(self) -> None:
        self.slots = str(await look(self, _count))
