"""The public pages of a community as a visitor reads them: its front (/c/{slug}), a public channel
and one of its entries, a public notice. Each page's load reads one service (site/public_pages.py,
which returns only what is public, to anyone) and keeps `here`, the page's own path, so "Log in"
comes back to it."""

from __future__ import annotations

import reflex as rx

from community_hub.core.local_time import fmt, fmt_window
from community_hub.site import public_pages, seo
from state.shared.service_call import ScreenState, look, row_id, screen_event


def _parts(path: str) -> list[str]:
    return [p[:120] for p in path.split("?", 1)[0].split("/") if p]


def _excerpt(text: str, limit: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _front(db, actor, slug: str):
    front = public_pages.community_front(db, actor, slug)
    return front, seo.may_edit(db, actor, "community", front.id)


def _channel(db, actor, slug: str, channel: str):
    page = public_pages.public_channel(db, actor, slug, channel)
    return page, seo.may_edit(db, actor, "channel", page.channel.id)


def _entry(db, actor, slug: str, channel: str, entry: str):
    page, e = public_pages.public_entry(db, actor, slug, channel, entry)
    return page, e, seo.may_edit(db, actor, "entry", e.id)


class SitePage(ScreenState, rx.State, mixin=True):
    found: bool = False
    here: str = "/"
    community_name: str = ""
    community_href: str = "/"
    seo_ref: str = ""  # the page's id for the search-engine editor ("" when not the reader's to edit)

    def _begin(self) -> list[str]:
        self.found, self.seo_ref = False, ""
        self.here = self.router.url.path[:300]
        return _parts(self.here)


class CommunityFrontState(SitePage, rx.State):
    address: str = ""
    notices: list[dict[str, str]] = []
    channels: list[dict[str, str]] = []
    shops: list[dict[str, str]] = []
    events: list[dict[str, str]] = []
    title: str = "Community · Community Hub"

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        parts = self._begin()
        front, editable = await look(self, _front, parts[1] if len(parts) > 1 else "")
        base, zone = f"/c/{front.slug}", front.time_zone
        self.community_name, self.community_href, self.address = front.name, base, front.address
        self.title = f"{front.name} · Community Hub"
        self.notices = [{"id": str(n.id), "title": n.title, "excerpt": _excerpt(n.body),
                         "when": fmt(n.published_at, zone, with_zone=False), "href": f"{base}/notice/{n.id}"}
                        for n in front.notices]
        self.channels = [{"name": ch.name, "description": _excerpt(ch.description, 160),
                          "href": f"{base}/channel/{ch.slug}"} for ch in front.channels]
        self.shops = [{"name": s.name, "category": s.category, "description": _excerpt(s.description, 120),
                       "walk": f"{s.walk_minutes:g}", "href": f"/shop/{s.slug}?from={front.slug}"} for s in front.shops]
        self.events = [{"title": e.title, "description": _excerpt(e.description), "location": e.location,
                        "when": fmt_window(e.starts_at, e.ends_at, zone)} for e in front.events]
        self.seo_ref = str(front.id) if editable else ""
        self.found = True


class _ChannelParts(rx.State, mixin=True):
    """What a channel page and an entry page both show of the channel."""

    channel_name: str = ""
    channel_href: str = ""
    description: str = ""
    header_text: str = ""
    footer_text: str = ""

    def _show_channel(self, page) -> None:
        base = f"/c/{page.community.slug}"
        self.community_name, self.community_href = page.community.name, base
        self.channel_name, self.description = page.channel.name, page.channel.description
        self.channel_href = f"{base}/channel/{page.channel.slug}"
        self.header_text, self.footer_text = page.header_text, page.footer_text


class PublicChannelState(SitePage, _ChannelParts, rx.State):
    entries: list[dict[str, str]] = []
    title: str = "Channel · Community Hub"

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        parts = self._begin()
        if len(parts) < 4:
            return
        page, editable = await look(self, _channel, parts[1], parts[3])
        self._show_channel(page)
        self.entries = [{"title": e.title or f"#{e.id}", "summary": _excerpt(" · ".join(v for _, v in e.values[1:]), 160),
                         "href": f"{self.channel_href}/{e.slug}"} for e in page.entries]
        self.title = f"{page.channel.name} · {page.community.name} · Community Hub"
        self.seo_ref = str(page.channel.id) if editable else ""
        self.found = True


class PublicEntryState(SitePage, _ChannelParts, rx.State):
    title: str = "Entry · Community Hub"
    entry_title: str = ""
    values: list[dict[str, str]] = []

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        parts = self._begin()
        if len(parts) < 5:
            return
        page, entry, editable = await look(self, _entry, parts[1], parts[3], parts[4])
        self._show_channel(page)
        self.entry_title = entry.title or f"#{entry.id}"
        self.values = [{"label": label, "value": value} for label, value in entry.values]
        self.title = f"{self.entry_title} · {page.channel.name} · Community Hub"
        self.seo_ref = str(entry.id) if editable else ""
        self.found = True


class PublicNoticeState(SitePage, rx.State):
    notice_title: str = ""
    body: str = ""
    when: str = ""
    title: str = "Notice · Community Hub"

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        parts = self._begin()
        if len(parts) < 4:
            return
        front, n = await look(self, public_pages.public_notice, parts[1], row_id(parts[3]))
        self.community_name, self.community_href = front.name, f"/c/{front.slug}"
        self.notice_title, self.body = n.title, n.body
        self.when = fmt(n.published_at, front.time_zone, with_zone=False)
        self.title = f"{n.title} · {front.name} · Community Hub"
        self.found = True
