"""Property staff: the cardholder groups of their communities (sizes by community, district, city
and ID area) and a message to one; the service counts and reaches only their own communities'
members. Follows new cardholders live."""

from __future__ import annotations

import reflex as rx

from community_hub.membership import priority, programmes
from state.shared.cardholder_groups import CardholderGroups
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look, row_id, screen_event

POLL_SECONDS = 2.0


def _page(db, actor, programme_id: int):
    found = programmes.list_programmes(db, actor)
    if programme_id not in {p.id for p in found}:
        programme_id = found[0].id if found else 0
    sizes = priority.group_sizes(db, actor, programme_id) if programme_id else []
    return found, programme_id, sizes


def _version(db, actor, programme_id: int):
    return [(g.kind, g.name, g.members) for g in priority.group_sizes(db, actor, programme_id)] if programme_id else []


class PropertyCardholderGroupsState(LoadedScreen, LiveWatch, CardholderGroups, rx.State):
    programme_options: list[dict[str, str]] = []
    choice: str = ""
    rule: str = ""

    async def _opened(self):
        self.msg_kind = ""

    async def _load(self):
        found, self.programme_id, sizes = await look(self, _page, self.programme_id)
        self._seen_version = repr([(g.kind, g.name, g.members) for g in sizes])
        self.choice = str(self.programme_id or "")
        self.programme_options = [{"value": str(p.id), "label": p.name} for p in found]
        await self._show_groups(sizes)
        self.rule = await in_language(self, priority.RULE)

    @rx.event(background=True)
    async def watch(self, gen: int):
        """A new cardholder in one of the staff's communities shows without a reload."""
        await self._follow_version(gen, "/property/cardholder-groups", POLL_SECONDS, _version, (self.programme_id,),
                                   self._load, keys=priority.group_keys)

    @rx.event
    @screen_event(busy=False)
    async def choose(self, programme_id: str):
        self.programme_id = row_id(programme_id)
        await self._load()
