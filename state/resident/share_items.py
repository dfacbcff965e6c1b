"""/share/items: the items I may see (available, newest first, filtered by kind) and my own posts
with their state, renewing one before its 30 days end and withdrawing one (a paid one's money goes
back to the buyer). The active-post limit is said beside "Post an item"."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.sharing import item_deals, items, settings
from community_hub.sharing.parking_slots import zone_of
from state.resident.share_items_rows import item_row
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

KINDS = ("", "sell", "swap", "give")


def _page(db, actor, kind: str):
    zone = zone_of(db, actor.community_id) if actor.community_id else "UTC"
    seen = [item_row(v, zone) for v in items.visible_items(db, actor, kind=kind) if not v.mine]
    mine = [item_row(v, zone) for v in items.my_items(db, actor)]
    return seen, mine, items.active_posts(db, actor.user_id), settings.current(db).max_active_posts


class ShareItemsState(LoadedScreen, rx.State):
    items: list[dict[str, str]] = []
    mine: list[dict[str, str]] = []
    kind: str = ""
    active: int = 0
    most: int = 20
    loaded: bool = False

    @rx.var
    def at_limit(self) -> bool:
        return self.active >= self.most

    async def _opened(self) -> None:
        self.kind = ""

    async def _load(self) -> None:
        self.items, self.mine, self.active, self.most = await look(self, _page, self.kind)
        self.loaded = True

    @rx.event
    @screen_event
    async def set_kind(self, value: str):
        self.kind = value if value in KINDS else ""
        await self._load()

    @rx.event
    @screen_event
    async def renew(self, item_id: str):
        await call(self, items.renew_item, row_id(item_id))
        self.notice = await in_language(self, phrase("Renewed: the post stays up for another 30 days."))
        await self._load()

    @rx.event
    @screen_event
    async def withdraw(self, item_id: str):
        await call(self, item_deals.withdraw, row_id(item_id))
        self.notice = await in_language(self, phrase("The item is withdrawn. A buyer who paid gets the money back."))
        await self._load()
