"""Admin (content): write a platform announcement to everyone, residents, merchants, agents or one
community, and see the ones sent with how many opened them."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.i18n import phrase
from community_hub.notify import announcements
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event
from state.shared.setters import text_setter

AUDIENCES = ("everyone", "residents", "merchants", "agents", "community")


def _page(db, actor):
    """The announcements sent (their times in the admin's zone and language) and the communities."""
    views = announcements.sent(db, actor)
    return ([(v, local_time.fmt(v.created_at, actor.time_zone)) for v in views],
            announcements.communities(db, actor))


class AdminAnnouncementsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    communities: list[dict[str, str]] = []  # value (id), label (name)
    title: str = ""
    body: str = ""
    audience: str = "everyone"
    community_id: str = ""

    set_title = text_setter("title", announcements.TITLE_MAX + 20)
    set_body = text_setter("body", announcements.BODY_MAX + 50)

    @rx.event
    def set_audience(self, value: str):
        self.audience = value if value in AUDIENCES else "everyone"

    @rx.event
    def set_community(self, value: str):
        self.community_id = str(value)[:12]

    async def _load(self) -> None:
        views, places = await look(self, _page)
        self.communities = [{"value": str(i), "label": n} for i, n in places]
        self.rows = [{"id": str(v.id), "title": v.title, "audience": v.audience, "community": v.community,
                      "sent": when, "recipients": str(v.recipients), "read": str(v.read)} for v, when in views]

    @rx.event
    @screen_event
    async def publish(self):
        community = int(self.community_id) if self.community_id.isdigit() else None
        view = await call(self, announcements.publish, title=self.title, body=self.body, audience=self.audience,
                          community_id=community if self.audience == "community" else None)
        self.title = self.body = ""
        await self._load()
        self.notice = await in_language(self, phrase("Announcement sent to {count} people.", count=view.recipients))
