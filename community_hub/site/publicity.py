"""Which of a community's notices, events and channels a visitor who is not logged in may read
(its public front, site/public_pages.py). Property staff of that community decide (platform admins
for any); everything starts residents-only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import Community
from community_hub.models.base import utcnow
from community_hub.models.channels import InfoChannel
from community_hub.models.events import CommunityEvent
from community_hub.models.notices import Notice

KINDS = {"notice": (Notice, "notice"), "event": (CommunityEvent, "event"), "channel": (InfoChannel, "channel")}


def set_public(db: Session, actor: Actor, kind: str, row_id: int, public: bool) -> bool:
    """Show (or stop showing) one notice, event or channel on the community's public site."""
    if kind not in KINDS:
        raise ServiceError(phrase("Only notices, events and channels can be made public."), code="bad_kind")
    model, what = KINDS[kind]
    row = get_or_not_found(db, model, row_id, phrase(what), lock=True)
    require_staff_of(actor, row.community_id)
    row.public = bool(public)
    db.add(row)
    return row.public


def is_public(db: Session, actor: Actor, kind: str, row_id: int) -> bool:
    if kind not in KINDS:
        raise ServiceError(phrase("Only notices, events and channels can be made public."), code="bad_kind")
    model, what = KINDS[kind]
    row = get_or_not_found(db, model, row_id, phrase(what))
    require_staff_of(actor, row.community_id)
    return bool(row.public)


@dataclass(frozen=True)
class PublicChoice:
    kind: str  # notice | event | channel
    id: int
    title: str
    public: bool
    state: str  # what residents see of it now: published, draft, withdrawn, cancelled, past


def overview(db: Session, actor: Actor, community_id: int, now=None) -> tuple[str, list[PublicChoice]]:
    """The community's slug and its notices, events and channels with their public switch (staff)."""
    require_staff_of(actor, community_id)
    now = now or utcnow()
    c = get_or_not_found(db, Community, community_id, phrase("community"))
    rows: list[PublicChoice] = []
    for n in db.exec(select(Notice).where(Notice.community_id == community_id).order_by(Notice.id.desc()).limit(100)):
        rows.append(PublicChoice("notice", n.id, n.title, n.public, n.status))
    for e in db.exec(select(CommunityEvent).where(CommunityEvent.community_id == community_id)
                     .order_by(CommunityEvent.starts_at.desc()).limit(100)):
        state = "cancelled" if e.cancelled_at else ("past" if e.ends_at <= now else "published")
        rows.append(PublicChoice("event", e.id, e.title, e.public, state))
    for ch in db.exec(select(InfoChannel).where(InfoChannel.community_id == community_id)
                      .order_by(InfoChannel.position, InfoChannel.id)):
        rows.append(PublicChoice("channel", ch.id, ch.name, ch.public, "published" if ch.published else "draft"))
    return c.slug, rows
