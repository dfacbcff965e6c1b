"""One platform announcement, opened by someone it was meant for: it leaves their banner and its
inbox message is marked read (notify/announcements.open_announcement)."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.notify import announcements
from state.resident.urgent_notices import UrgentNoticeState
from state.shared.service_call import ScreenState, call, screen_event


def _open(db, actor, announcement_id: int):
    view = announcements.open_announcement(db, actor, announcement_id)
    return view, local_time.fmt(view.created_at, actor.time_zone)


class AnnouncementState(ScreenState, rx.State):
    title: str = ""
    body: str = ""
    sent: str = ""

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.title = self.body = self.sent = ""
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError("That announcement does not exist.")
        view, sent = await call(self, _open, int(last))
        self.title, self.body, self.sent = view.title, view.body, sent
        (await self.get_state(UrgentNoticeState))._opened_announcement(view.id)
