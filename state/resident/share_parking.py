"""/share/parking: the slots I may see (others' first, by place) and my own shared slots."""

from __future__ import annotations

import reflex as rx

from community_hub.sharing import parking_slots
from state.resident.share_parking_rows import slot_row
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look


def _page(db, actor):
    seen = [slot_row(v) for v in parking_slots.visible_slots(db, actor) if not v.mine]
    return seen, [slot_row(v) for v in parking_slots.my_slots(db, actor)]


class ShareParkingState(LoadedScreen, rx.State):
    slots: list[dict[str, str]] = []
    mine: list[dict[str, str]] = []
    loaded: bool = False

    async def _load(self) -> None:
        self.slots, self.mine = await look(self, _page)
        self.loaded = True
