"""What the lobby kiosk shows while nobody uses it: the community's notices and kiosk ads."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, select

from community_hub.core.permissions import Actor
from community_hub.kiosk.session import this_kiosk
from community_hub.models.base import utcnow
from community_hub.models.notices import Notice, NoticeAudience, NoticeStatus
from community_hub.property import ads


@dataclass(frozen=True)
class AttractItem:
    kind: str  # notice | ad
    title: str
    text: str
    image: str  # an uploaded image path for image ads, else ""


def attract(db: Session, kiosk_actor: Actor, limit: int = 6) -> list[AttractItem]:
    """Pinned notices first (community-wide only: the lobby is public), then ads. Urgent notices
    are not among them: the banner over every screen shows those (kiosk/urgent_notices.py)."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    now = utcnow()
    notices = db.exec(
        select(Notice).where(Notice.community_id == kiosk.community_id, Notice.status == NoticeStatus.PUBLISHED,
                             Notice.audience == NoticeAudience.COMMUNITY, Notice.urgent.is_(False),
                             or_(Notice.publish_at.is_(None), Notice.publish_at <= now),
                             or_(Notice.expire_at.is_(None), Notice.expire_at > now))
        .order_by(Notice.pinned.desc(), Notice.published_at.desc()).limit(limit)
    ).all()
    items = [AttractItem("notice", n.title, _excerpt(n.body), "") for n in notices]
    for ad in ads.ads_to_show(db, kiosk.community_id, "kiosk_attract")[:limit]:
        items.append(AttractItem("ad", "", ad.text, ad.image_path if ad.kind == "image" else ""))
    return items


def _excerpt(markdown: str, n: int = 180) -> str:
    text = " ".join(markdown.replace("#", "").replace("*", "").split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"
