"""Urgent notices a resident has not read yet: the banner every resident page shows (and the
kiosk shows for its community), until the notice is opened. Cheap on purpose: every open resident
page reads it every few seconds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, select

from community_hub.core.permissions import Actor, require_resident
from community_hub.models.base import utcnow
from community_hub.models.notices import Notice, NoticeRead, NoticeStatus
from community_hub.property.notices import _household_of, _visible

# Built once (core/prebuilt.py): every open resident tab's poller runs it.
_UNREAD_URGENT = select(Notice).where(
    Notice.community_id == bindparam("community_id"), Notice.status == NoticeStatus.PUBLISHED,
    Notice.urgent.is_(True), Notice.id.not_in(select(NoticeRead.notice_id).where(NoticeRead.user_id == bindparam("user_id"))),
).order_by(Notice.published_at.desc(), Notice.id.desc()).limit(20)


@dataclass(frozen=True)
class UrgentNotice:
    id: int
    title: str


def unread_urgent(db: Session, actor: Actor, *, now: datetime | None = None) -> list[UrgentNotice]:
    """The resident's unread urgent notices, newest first (published, in time, in their audience)."""
    require_resident(actor)
    now = now or utcnow()
    rows = db.exec(_UNREAD_URGENT, params={"community_id": actor.community_id, "user_id": actor.user_id}).all()
    household = _household_of(db, actor) if rows else None
    return [UrgentNotice(n.id, n.title) for n in rows if _visible(n, household, now)][:3]
