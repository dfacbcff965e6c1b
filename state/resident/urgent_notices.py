"""What the shells keep live on every page: the banner — a resident's unread urgent notices (it
appears within seconds of staff publishing one, whatever page is open, and goes once the resident
has opened it) and, for every member, the platform's announcements they have not opened yet
(notify/announcements.py) — and the unread count on the Inbox tab.

One poller per tab, not per page (state/shared/tab_pollers.py): a link from one resident page to
another finds the tab's poller beating and reads nothing. The poller reads only when the change
bell rings for what the banner shows (core/change_bell.py: a notice of the community, the
person's inbox, an announcement, their reads of them), when one of the community's notices starts
or ends on its own, and every FALLBACK_SECONDS all the same; between, it only beats."""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from community_hub.core import change_bell
from community_hub.core.errors import ServiceError
from community_hub.models import Role
from community_hub.notify import announcements, inbox
from community_hub.property import notices, urgent_notices
from state.shared import router_raw, tab_pollers
from state.shared.live_watch import ClosedTab, LiveWatch
from state.shared.service_call import ScreenState, look, look_as, screen_event
from state.shared.session import SessionState
from state.shared.session_token import session_token

BEAT_SECONDS = 10.0  # the tab's poller beats this often (tab_pollers), and sees a closed tab within two
LEAST_SECONDS = 2.0  # reads at most this often however often the bell rings (a burst of inbox messages)
FALLBACK_SECONDS = 60.0  # and at least this often: a write it could not hear, an announcement's 30 days over
MAX_SECONDS = 12 * 3600  # a tab left open all day; its next page starts another


def _resident(actor) -> bool:
    """Urgent notices are a resident's, of their community."""
    return Role.RESIDENT in actor.roles and actor.community_id is not None


def _shell(db, actor):
    return (urgent_notices.unread_urgent(db, actor) if _resident(actor) else [], announcements.unread_banner(db, actor),
            inbox.unread_count(db, actor))


def _shell_and_keys(db, actor):
    """The banner's read and what to wait on next: the change bell's keys of everything it shows
    (core/change_rings.py) and the seconds until one of the community's notices starts or ends."""
    keys, wake_in = notices.resident_keys(db, actor) if _resident(actor) else ([], None)
    return _shell(db, actor), ([*keys, *announcements.banner_keys(actor), *inbox.unread_keys(actor)], wake_in)


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
        tab = router_raw.tab_token(self)
        token = await session_token(self)
        if token == self._polled_token and tab_pollers.beating(tab, 2 * BEAT_SECONDS):
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
            token, tab = self._polled_token, router_raw.tab_token(self)
        since, last_read, closed = -1, time.monotonic(), ClosedTab(tab)  # read once soon: a change since the opening's read
        keys: list = []
        wake_in: float | None = None
        deadline = last_read + MAX_SECONDS
        try:
            while time.monotonic() < deadline:
                due = last_read + (FALLBACK_SECONDS if wake_in is None else min(FALLBACK_SECONDS, max(1.0, wake_in)))
                rang = await change_bell.wait(keys, min(BEAT_SECONDS, max(0.0, due - time.monotonic())), since)
                if closed.for_good():  # the tab was closed (gone CLOSED_TAB_SECONDS, two beats)
                    return
                tab_pollers.beat(tab)
                if not rang and time.monotonic() < due:
                    continue
                early = last_read + LEAST_SECONDS - time.monotonic()
                if early > 0:
                    await asyncio.sleep(early)
                since, last_read = change_bell.mark(), time.monotonic()
                try:
                    shell, (found, wake_in) = await look_as(token, _shell_and_keys)
                except ServiceError:  # logged out or the session ended
                    return
                keys, now = found, repr(shell)
                async with self:  # reads are rare now: check each time that this is still the tab's poller
                    if self._watch_gen != gen or self._polled_token != token:
                        return
                    if now != self._seen_version:
                        await self._load()
        finally:
            async with self:
                self._release_watch(gen)
                if self._watch_gen == gen:
                    tab_pollers.stopped(tab)
