"""/share/messages: my conversations about items, those with unread messages first, then the
newest first; a new message moves its conversation up without a reload."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.i18n import reader
from community_hub.sharing import conversations
from community_hub.sharing.parking_slots import zone_of
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look

POLL_SECONDS = 2.0


def _page(db, actor):
    zone = zone_of(db, actor.community_id) if actor.community_id else "UTC"
    lang = reader()
    rows = [{"id": str(r.conversation_id), "item": str(r.item_id), "title": r.item_title, "name": r.other_name,
             "unread": str(r.unread), "at": local_time.fmt(r.last_message_at, zone, with_zone=False, lang=lang)}
            for r in conversations.my_conversations(db, actor)]
    return rows, conversations.inbox_version(db, actor)


class ShareMessagesState(LoadedScreen, LiveWatch, rx.State):
    rows: list[dict[str, str]] = []
    loaded: bool = False

    async def _load(self) -> None:
        self.rows, version = await look(self, _page)
        self._seen_version = repr(version)
        self.loaded = True

    @rx.event(background=True)
    async def watch(self, gen: int):
        await self._follow_version(gen, "/share/messages", POLL_SECONDS, conversations.inbox_version, (), self._load,
                                   keys=conversations.inbox_keys)
