"""What a visitor who is not logged in may read of a community: its front (/c/{slug}), its public
channels and their entries, its public notices. Everything here is public by the owner's choice
(a notice, event or channel marked public; a listed, approved shop), so the same answer goes to
every actor: nothing personal, nothing a resident-only switch hides, is read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from community_hub.core.errors import NotFound
from community_hub.core.permissions import Actor
from community_hub.marketplace.circle import merchants_in_circle
from community_hub.models import Community
from community_hub.models.base import utcnow
from community_hub.models.channels import ChannelEntry, InfoChannel
from community_hub.models.events import CommunityEvent
from community_hub.models.notices import Notice, NoticeStatus

MAX_NOTICES = 20
MAX_EVENTS = 20


@dataclass(frozen=True)
class PublicNotice:
    id: int
    title: str
    body: str
    published_at: datetime | None


@dataclass(frozen=True)
class PublicEvent:
    id: int
    title: str
    description: str
    location: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class PublicChannel:
    id: int
    name: str
    slug: str
    description: str


@dataclass(frozen=True)
class PublicShop:
    id: int
    name: str
    slug: str
    category: str
    description: str
    walk_minutes: float


@dataclass(frozen=True)
class CommunityFront:
    id: int
    slug: str
    name: str
    address: str
    time_zone: str
    notices: list[PublicNotice] = field(default_factory=list)
    channels: list[PublicChannel] = field(default_factory=list)
    shops: list[PublicShop] = field(default_factory=list)
    events: list[PublicEvent] = field(default_factory=list)


@dataclass(frozen=True)
class PublicEntry:
    id: int
    slug: str  # "12-plumber-joe": the id first (what finds it), then readable words
    title: str
    values: list[tuple[str, str]]  # (label, value) in the channel's field order


@dataclass(frozen=True)
class PublicChannelPage:
    community: CommunityFront
    channel: PublicChannel
    header_text: str
    footer_text: str
    entries: list[PublicEntry]


def _slug_words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def community_by_slug(db: Session, slug: str) -> Community:
    c = db.exec(select(Community).where(Community.slug == str(slug or "")[:60])).first()
    if c is None:
        raise NotFound("community")
    return c


def _visible_notices(community_id: int, now: datetime):
    return select(Notice).where(
        Notice.community_id == community_id, Notice.public, Notice.status == NoticeStatus.PUBLISHED,
        or_(Notice.publish_at.is_(None), Notice.publish_at <= now),
        or_(Notice.expire_at.is_(None), Notice.expire_at > now),
    )


def _channels(db: Session, community_id: int) -> list[InfoChannel]:
    return list(db.exec(select(InfoChannel).where(
        InfoChannel.community_id == community_id, InfoChannel.published, InfoChannel.public,
    ).order_by(InfoChannel.position, InfoChannel.id)).all())


def public_channel_view(ch: InfoChannel) -> PublicChannel:
    return PublicChannel(ch.id, ch.name, ch.slug, ch.description)


def public_shops(db: Session, c: Community) -> list[PublicShop]:
    return [PublicShop(x.merchant.id, x.merchant.name, x.merchant.slug, x.merchant.category,
                       x.merchant.description, x.walk_minutes)
            for x in merchants_in_circle(db, c, listed_only=True)]


def _header(c: Community) -> CommunityFront:
    return CommunityFront(c.id, c.slug, c.name, c.address, c.time_zone)


def community_front(db: Session, actor: Actor, slug: str, now: datetime | None = None) -> CommunityFront:
    """/c/{slug}: the community's name, its public notices (pinned first, newest first), its public
    channels, the shops of its 10-minute circle and its events open to all that have not ended."""
    now = now or utcnow()
    c = community_by_slug(db, slug)
    notices = db.exec(_visible_notices(c.id, now).order_by(
        Notice.pinned.desc(), Notice.published_at.desc(), Notice.id.desc()).limit(MAX_NOTICES)).all()
    events = db.exec(select(CommunityEvent).where(
        CommunityEvent.community_id == c.id, CommunityEvent.public, CommunityEvent.cancelled_at.is_(None),
        CommunityEvent.ends_at > now,
    ).order_by(CommunityEvent.starts_at).limit(MAX_EVENTS)).all()
    front = _header(c)
    front.notices.extend(PublicNotice(n.id, n.title, n.body, n.published_at) for n in notices)
    front.channels.extend(public_channel_view(ch) for ch in _channels(db, c.id))
    front.shops.extend(public_shops(db, c))
    front.events.extend(PublicEvent(e.id, e.title, e.description, e.location, e.starts_at, e.ends_at) for e in events)
    return front


def public_notice(db: Session, actor: Actor, slug: str, notice_id: int, now: datetime | None = None) -> tuple[CommunityFront, PublicNotice]:
    """/c/{slug}/notice/{id}: one public notice; a notice that is not public is not found."""
    c = community_by_slug(db, slug)
    n = db.exec(_visible_notices(c.id, now or utcnow()).where(Notice.id == notice_id)).first()
    if n is None:
        raise NotFound("notice")
    return _header(c), PublicNotice(n.id, n.title, n.body, n.published_at)


def _entry_title(fields: list[dict], data: dict) -> str:
    """An entry's name: its first text field with a value (channels have no title field of their own)."""
    for f in fields:
        value = data.get(f.get("key", ""))
        if isinstance(value, str) and value.strip():
            return value.strip()[:120]
    return ""


def entry_slug(fields: list[dict], entry: ChannelEntry) -> str:
    words = _slug_words(_entry_title(fields, entry.data or {}))
    return f"{entry.id}-{words}" if words else str(entry.id)


def _public_entry(fields: list[dict], e: ChannelEntry) -> PublicEntry:
    data = e.data or {}
    values = [(str(f.get("label", f.get("key", ""))), str(data.get(f.get("key", ""), "")))
              for f in fields if str(data.get(f.get("key", ""), "")).strip()]
    return PublicEntry(e.id, entry_slug(fields, e), _entry_title(fields, data), values)


def public_channel_row(db: Session, community_id: int, channel_slug: str) -> InfoChannel:
    ch = db.exec(select(InfoChannel).where(
        InfoChannel.community_id == community_id, InfoChannel.slug == str(channel_slug or "")[:90],
        InfoChannel.published, InfoChannel.public)).first()
    if ch is None:
        raise NotFound("channel")
    return ch


def public_entries(db: Session, ch: InfoChannel) -> list[ChannelEntry]:
    return list(db.exec(select(ChannelEntry).where(ChannelEntry.channel_id == ch.id, ChannelEntry.published)
                        .order_by(ChannelEntry.position, ChannelEntry.id)).all())


def public_channel(db: Session, actor: Actor, slug: str, channel_slug: str) -> PublicChannelPage:
    """/c/{slug}/channel/{channel}: a published public channel and its published entries."""
    c = community_by_slug(db, slug)
    ch = public_channel_row(db, c.id, channel_slug)
    fields = list(ch.fields or [])
    return PublicChannelPage(_header(c), public_channel_view(ch), ch.header_text, ch.footer_text,
                             [_public_entry(fields, e) for e in public_entries(db, ch)])


def public_entry(db: Session, actor: Actor, slug: str, channel_slug: str, entry_slug_text: str) -> tuple[PublicChannelPage, PublicEntry]:
    """/c/{slug}/channel/{channel}/{entry-slug}: one entry, found by the id its slug starts with. An
    old slug (the entry's words changed) still finds it; the page's canonical URL gives the new one."""
    head = str(entry_slug_text or "").split("-", 1)[0]
    if not head.isdigit() or len(head) > 12:
        raise NotFound("entry")
    c = community_by_slug(db, slug)
    ch = public_channel_row(db, c.id, channel_slug)
    e = db.get(ChannelEntry, int(head))
    if e is None or e.channel_id != ch.id or not e.published:
        raise NotFound("entry")
    fields = list(ch.fields or [])
    page = PublicChannelPage(_header(c), public_channel_view(ch), ch.header_text, ch.footer_text, [])
    return page, _public_entry(fields, e)

