"""Urgent notices on the lobby kiosk: what staff marked urgent (`Notice.urgent`) for the whole
community, published and not expired, shown as a banner above every kiosk screen. Only
community-wide ones: the lobby is public, a notice for one building or home is not for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from community_hub.core.permissions import Actor
from community_hub.kiosk.session import this_kiosk
from community_hub.models.base import utcnow
from community_hub.models.notices import Notice, NoticeAudience, NoticeStatus

EXCERPT = 200


@dataclass(frozen=True)
class KioskUrgentNotice:
    id: int
    title: str
    text: str  # the start of the body, plain


def urgent_notices(db: Session, kiosk_actor: Actor, *, now: datetime | None = None,
                   limit: int = 3) -> list[KioskUrgentNotice]:
    """The kiosk community's urgent notices in force, newest first (only the kiosk account asks)."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    now = now or utcnow()
    rows = db.exec(
        select(Notice).where(Notice.community_id == kiosk.community_id, Notice.status == NoticeStatus.PUBLISHED,
                             Notice.urgent.is_(True), Notice.audience == NoticeAudience.COMMUNITY,
                             or_(Notice.publish_at.is_(None), Notice.publish_at <= now),
                             or_(Notice.expire_at.is_(None), Notice.expire_at > now))
        .order_by(Notice.published_at.desc(), Notice.id.desc()).limit(limit)
    ).all()
    return [KioskUrgentNotice(n.id, n.title, _plain(n.body)) for n in rows]


def _plain(markdown: str) -> str:
    text = " ".join((markdown or "").replace("#", "").replace("*", "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rsplit(" ", 1)[0] + "…"
