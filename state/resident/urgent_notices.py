"""What the shells keep live on every page: the banner — a resident's unread urgent notices (it
appears within seconds of staff publishing one, whatever page is open, and goes once the resident
has opened it) and, for every member, the platform's announcements they have not opened yet
(notify/announcements.py) — and the unread count on the Inbox tab.

One poller per tab, not per page (state/shared/tab_pollers.py): a link from one resident page to
another finds the tab's poller beating and reads nothing."""

from __future__ import annotations

import asyncio

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.models import Role
from community_hub.notify import announcements, inbox
from community_hub.property import urgent_notices
from state.shared import tab_pollers
from state.shared.live_watch import LiveWatch
from state.shared.service_call import ScreenState, look, look_as, screen_event
from state.shared.session import SessionState
from state.shared.session_token import session_token

POLL_SECONDS = 10.0  # urgent, but rare: every open resident tab reads it (the load bench: 5 s cost 9 % of the CPU)
LOCKED_CHECK_POLLS = 3  # every third poll, under the lock: is this still the tab's poller?
MAX_POLLS = int(12 * 3600 / POLL_SECONDS)  # a tab left open all day; its next page starts another


def _shell(db, actor):
    resident = Role.RESIDENT in actor.roles and actor.community_id is not None
    return (urgent_notices.unread_urgent(db, actor) if resident else [], announcements.unread_banner(db, actor),
            inbox.unread_count(db, actor))


class UrgentNoticeState(ScreenState, LiveWatch, rx.State):
    items: list[dict[str, str]] = []
    _polled_token: str = ""  # the session the tab's poller reads as: a new log-in starts a new one

    async def _load(self) -> None:
        rows, news, unread = await look(self, _shell)
        self._seen_version = repr((rows, news, unread))  # what the poller compares with: nothing between is missed
        self.items = ([{"id": str(r.id), "title": r.title, "kind": "urgent", "href": f"/notices/{r.id}"} for r in rows]
                      + [{"id": f"a{a.id}", "title": a.title, "kind": "announcement",
                          "href": announcements.link_of(a.id)} for a in news])
        (await self.get_state(SessionState)).unread = unread

    def _opened_notice(self, notice_id: int) -> None:
        """The resident just read this notice: it leaves the banner now, not at the next poll."""
        self.items = [n for n in self.items if n["id"] != str(notice_id)]
        self._seen_version = ""  # the poller's next read differs from this: it reloads

    def _opened_announcement(self, announcement_id: int) -> None:
        """The member just opened this announcement: it leaves the banner now."""
        self._opened_notice(f"a{announcement_id}")  # type: ignore[arg-type]

    @rx.event
    @screen_event(busy=False)
    async def start(self, residents_only: bool = False):
        """Run by the opening of every page whose shell shows the banner (components/area_page:
        in the page's one server event, not as a mount event of its own): the tab's first page (or
        one after its poller ended, or after a new log-in) reads and starts the poller; any other
        page leaves it running. `residents_only`: a public page that shows the resident shell to
        residents only (a shop)."""
        if residents_only and Role.RESIDENT.value not in (await self.get_state(SessionState)).roles:
            return
        tab = self.router.session.client_token
        token = await session_token(self)
        if token == self._polled_token and tab_pollers.beating(tab, 2 * POLL_SECONDS):
            return
        self._watch_gen += 1
        self._polled_token = token
        self.items = []
        await self._load()
        tab_pollers.beat(tab)
        yield UrgentNoticeState.watch

    @rx.event(background=True)
    async def watch(self):
        async with self:
            gen = self._watch_gen
            if not self._claim_watch(gen):
                return
            token, tab, seen = self._polled_token, self.router.session.client_token, self._seen_version
        away = 0
        try:
            for polls in range(1, MAX_POLLS + 1):
                await asyncio.sleep(POLL_SECONDS)
                away = 0 if tab_pollers.connected(tab) else away + 1
                if away >= 2:  # the tab was closed
                    return
                tab_pollers.beat(tab)
                try:
                    now = repr(await look_as(token, _shell))
                except ServiceError:  # logged out or the session ended
                    return
                if now == seen and polls % LOCKED_CHECK_POLLS:
                    continue
                async with self:
                    if self._watch_gen != gen or self._polled_token != token:
                        return
                    if now != self._seen_version:
                        await self._load()
                    seen = self._seen_version
        finally:
            async with self:
                self._release_watch(gen)
                if self._watch_gen == gen:
                    tab_pollers.stopped(tab)
