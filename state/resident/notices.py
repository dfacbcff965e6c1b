"""Residents: the community's notices, live — a notice staff publish appears without a reload."""

from __future__ import annotations

import asyncio

import reflex as rx

from community_hub.core import uploads
from community_hub.core.errors import ServiceError
from community_hub.property import notices
from state.property.common import when
from state.shared.service_call import acting, reading

POLL_SECONDS = 1.0
MAX_WATCH_SECONDS = 3600  # a closed tab never unmounts: stop on our own after an hour


def _row(n, zone: str) -> dict[str, str]:
    return {"id": str(n.id), "title": n.title, "body": n.body, "pinned": "1" if n.pinned else "",
            "urgent": "1" if n.urgent else "", "read": "1" if n.is_read else "",
            "when": when(n.published_at, zone), "attachments": ", ".join(name for name, _ in n.attachments)}


class ResidentNoticesState(rx.State):
    rows: list[dict[str, str]] = []
    error: str = ""
    _version: str = ""
    _watch_id: int = 0  # the one polling loop that may run; a newer one makes older ones stop

    @rx.var
    def unread_urgent(self) -> int:
        return sum(1 for r in self.rows if r["urgent"] and not r["read"])

    async def _load(self) -> None:
        try:
            async with reading(self) as (db, actor):
                views = notices.list_notices_for_resident(db, actor)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.error = ""
        version = "|".join(f"{v.id}:{int(v.is_read)}:{v.title}:{v.pinned}:{v.urgent}" for v in views)
        if version != self._version:
            self._version = version
            self.rows = [_row(v, actor.time_zone) for v in views]

    @rx.event
    async def load(self):
        self._version = ""
        await self._load()
        self._watch_id += 1
        return ResidentNoticesState.watch(self._watch_id)

    @rx.event(background=True)
    async def watch(self, watch_id: int):
        """Re-read the notices about once a second while the list is open (the page stops it on leave)."""
        for _ in range(int(MAX_WATCH_SECONDS / POLL_SECONDS)):
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if self._watch_id != watch_id or self.router.url.path.rstrip("/") != "/notices":
                    return
                await self._load()

    @rx.event
    def stop_watching(self):
        self._watch_id += 1


class ResidentNoticeState(rx.State):
    """One notice, opened: reading it leaves a read receipt for staff."""

    title: str = ""
    body: str = ""
    urgent: bool = False
    published: str = ""
    attachments: list[str] = []
    error: str = ""
    _files: list[tuple[str, str]] = []

    @rx.event
    async def load(self):
        self.error = ""
        try:
            notice_id = int(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        except ValueError:
            self.error, self.title = "That notice does not exist.", ""
            return
        try:
            async with acting(self) as (db, actor):
                v = notices.get_notice_for_resident(db, actor, notice_id)
                notices.mark_read(db, actor, notice_id)
        except ServiceError as exc:
            self.error, self.title = exc.message, ""
            return
        self.title, self.body, self.urgent = v.title, v.body, v.urgent
        self.published = when(v.published_at, actor.time_zone)
        self._files = list(v.attachments)
        self.attachments = [name for name, _ in v.attachments]

    @rx.event
    def download(self, index: int):
        """Attachments are not public files: the reader gets them through their own session."""
        if not 0 <= index < len(self._files):
            return
        name, path = self._files[index]
        target = uploads.upload_root() / path
        if not target.is_file():
            self.error = f"{name} is no longer available."
            return
        return rx.download(data=target.read_bytes(), filename=name)
