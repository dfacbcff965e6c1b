"""Settings a community's property staff keep themselves (today: the time zone its people see)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from community_hub.core.i18n import phrase
from community_hub.core.local_time import check_zone
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, Community


@dataclass(frozen=True)
class CommunitySettings:
    community_id: int
    name: str
    time_zone: str


def get_settings(db: Session, actor: Actor, community_id: int) -> CommunitySettings:
    """The community's settings, for its staff (and platform admins)."""
    require_staff_of(actor, community_id)
    c = get_or_not_found(db, Community, community_id, phrase("community"))
    return CommunitySettings(c.id, c.name, c.time_zone)


def set_time_zone(db: Session, actor: Actor, community_id: int, zone: str) -> CommunitySettings:
    """Change the IANA zone the community's times are shown and typed in (stored times stay UTC,
    so nothing already saved moves). Staff of that community or admins; an unknown zone is refused.
    Recorded in the audit log, since it changes what every resident sees."""
    require_staff_of(actor, community_id)
    zone = check_zone(zone)
    c = get_or_not_found(db, Community, community_id, phrase("community"), lock=True)
    if c.time_zone != zone:
        db.add(AuditEntry(actor_user_id=actor.user_id, action="community.time_zone",
                          subject=f"community:{c.id}", detail=f"{c.time_zone} -> {zone}"))
        c.time_zone = zone
        db.add(c)
        db.flush()
    return CommunitySettings(c.id, c.name, c.time_zone)
