"""Admin: cardholders of a programme in registration order (level, group, registration number), the
groups by region with their sizes, and a message to any group (customer service). Follows new
cardholders live."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.membership import cardholders, issuing_centre, priority
from state.merchant.common import when
from state.shared.cardholder_groups import CardholderGroups
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look, row_id, screen_event

POLL_SECONDS = 1.0
PAGE_SIZE = 50
HOLDER_TYPES = {"provides": phrase("provides services"), "needs": phrase("needs services"),
                "both": phrase("provides and needs")}
HOLDING_STATES = {"active": phrase("active"), "ended": phrase("ended")}


def _page(db, actor, programme_id: int, page: int):
    choices = issuing_centre.programme_choices(db, actor)
    if programme_id not in {p.id for p in choices}:
        programme_id = choices[0].id if choices else 0
    members, total = cardholders.programme_members(db, actor, programme_id, page=page, page_size=PAGE_SIZE) \
        if programme_id else ([], 0)
    sizes = priority.group_sizes(db, actor, programme_id) if programme_id else []
    return (choices, programme_id, members, total, sizes, issuing_centre.cards_version(db, actor),
            actor.time_zone)


class AdminCardholdersState(LoadedScreen, LiveWatch, CardholderGroups, rx.State):
    programme_options: list[dict[str, str]] = []
    choice: str = ""
    members: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    rule: str = ""

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    async def _opened(self):
        self.page, self.msg_kind = 1, ""

    async def _load(self):
        choices, self.programme_id, found, self.total, sizes, version, zone = await look(
            self, _page, self.programme_id, self.page)
        self._seen_version = repr(version)
        self.choice = str(self.programme_id or "")
        self.programme_options = [{"value": str(p.id), "label": p.name} for p in choices]
        first = (self.page - 1) * PAGE_SIZE
        self.members = [{"order": str(first + i + 1), "name": m.name, "level": m.level, "group": m.group or "—",
                         "number": m.number,
                         "identity": m.identity_shown,
                         "type": await in_language(self, HOLDER_TYPES.get(m.holder_type, phrase("?"))),
                         "registered": when(m.registered_at, zone), "state": m.state,
                         "state_label": await in_language(self, HOLDING_STATES.get(m.state, phrase("?")))}
                        for i, m in enumerate(found)]
        await self._show_groups(sizes)
        self.rule = await in_language(self, priority.RULE)

    @rx.event(background=True)
    async def watch(self, gen: int):
        """A new cardholder, or a card disabled by another admin, shows without a reload."""
        await self._follow_version(gen, "/admin/cards/holders", POLL_SECONDS, issuing_centre.cards_version, (),
                                   self._load, keys=issuing_centre.cards_keys)

    @rx.event
    @screen_event(busy=False)
    async def choose(self, programme_id: str):
        self.programme_id, self.page = row_id(programme_id), 1
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def goto(self, page: int):
        self.page = min(max(1, int(page)), 10_000)
        await self._load()
