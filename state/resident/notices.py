"""Residents: the community's notices, live — a notice staff publish appears without a reload."""

from __future__ import annotations

import reflex as rx

from community_hub.core import change_bell, uploads
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import notices
from state.property.common import when
from state.resident.urgent_notices import UrgentNoticeState
from state.shared.live_watch import LiveWatch
from state.shared.service_call import ScreenState, call, look, off_loop, screen_event

POLL_SECONDS = 1.0
MAX_WATCH_SECONDS = 3600  # a closed tab never unmounts: stop on our own after an hour


def _row(n, zone: str) -> dict[str, str]:
    return {"id": str(n.id), "title": n.title, "body": n.body, "pinned": "1" if n.pinned else "",
            "urgent": "1" if n.urgent else "", "read": "1" if n.is_read else "",
            "when": when(n.published_at, zone), "attachments": ", ".join(name for name, _ in n.attachments)}


def _list(db, actor):
    """The list, the reader's zone, and what the page's watcher waits on (the change bell's keys)."""
    return notices.list_notices_for_resident(db, actor), actor.time_zone, notices.resident_keys(db, actor)


def _open(db, actor, notice_id: int):
    """The notice, and the read receipt staff see (one transaction)."""
    v = notices.get_notice_for_resident(db, actor, notice_id)
    notices.mark_read(db, actor, notice_id)
    return v, actor.time_zone


def _read_file(path: str) -> bytes | None:
    target = uploads.upload_root() / path
    return target.read_bytes() if target.is_file() else None


class ResidentNoticesState(LiveWatch, rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""
    _version: str = ""

    @rx.var
    def unread_urgent(self) -> int:
        return sum(1 for r in self.rows if r["urgent"] and not r["read"])

    async def _load(self) -> None:
        since = change_bell.mark()  # before the read: a notice written after it rings for the watcher
        try:
            views, zone, (keys, wake_in) = await look(self, _list)
        except ServiceError as exc:
            if self.error != exc.message or self.rows:
                self.error, self.rows = exc.message, []
            return
        if self.error:
            self.error = ""
        self._bell_from_load(since, keys, wake_in)
        version = notices.version_of(views)
        self._seen_version = repr(version)  # what the watcher compares its poll with
        if version != self._version:
            self._version = version
            self.rows = [_row(v, zone) for v in views]

    @rx.event
    async def load(self):
        self._version = ""
        await self._load()
        return ResidentNoticesState.watch(self._next_watch())

    @rx.event(background=True)
    async def watch(self, watch_id: int):
        """When the change bell rings for the community's notices or the resident's reads (at most
        once a second; every 30 s all the same, and when a notice starts or ends on its own), read
        the notices' version outside the state lock; re-read the list only when it moved."""
        await self._follow_version(watch_id, "/notices", POLL_SECONDS, notices.resident_notices_version, (),
                                   self._load, MAX_WATCH_SECONDS, keys=notices.resident_keys)


class ResidentNoticeState(ScreenState, rx.State):
    """One notice, opened: reading it leaves a read receipt for staff."""

    title: str = ""
    body: str = ""
    urgent: bool = False
    published: str = ""
    attachments: list[str] = []
    _files: list[tuple[str, str]] = []

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.title = ""
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if not last.isdigit():
            raise ServiceError("That notice does not exist.")
        v, zone = await call(self, _open, int(last))
        self.title, self.body, self.urgent = v.title, v.body, v.urgent
        self.published = when(v.published_at, zone)
        self._files = list(v.attachments)
        self.attachments = [name for name, _ in v.attachments]
        if v.urgent:
            (await self.get_state(UrgentNoticeState))._opened_notice(v.id)

    @rx.event
    @screen_event(busy=False)
    async def download(self, index: int):
        """Attachments are not public files: the reader gets them through their own session."""
        if not isinstance(index, int) or not 0 <= index < len(self._files):
            return
        name, path = self._files[index]
        data = await off_loop(_read_file, path)
        if data is None:
            raise ServiceError(phrase("{name} is no longer available.", name=name))
        yield rx.download(data=data, filename=name)
