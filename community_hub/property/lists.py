"""Listings the property screens need that the domain services do not offer yet: the polls of a
community, events for staff (residents have `events.list_events`) and convenience services for staff.

(Belong in services/polls.py and services/events.py; kept apart only because those files have
another owner while the screens are built.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.permissions import Actor, require_resident, require_staff_of
from community_hub.models.billing import ConvenienceService
from community_hub.models.events import CommunityEvent
from community_hub.models.polls import Poll


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    location: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    cancelled: bool
    checkin_code: str


def poll_ids_for_resident(db: Session, actor: Actor) -> list[int]:
    """The resident's community polls, latest closing first (use `polls.get_poll` for each)."""
    require_resident(actor)
    return list(db.exec(select(Poll.id).where(Poll.community_id == actor.community_id)
                        .order_by(Poll.closes_at.desc(), Poll.id.desc())).all())


def polls_for_staff(db: Session, actor: Actor, community_id: int) -> list[Poll]:
    """Staff: every poll of the community, newest first (`polls.poll_results` gives the counts)."""
    require_staff_of(actor, community_id)
    return list(db.exec(select(Poll).where(Poll.community_id == community_id)
                        .order_by(Poll.created_at.desc(), Poll.id.desc())).all())


def events_for_staff(db: Session, actor: Actor, community_id: int) -> list[EventRow]:
    """Staff: every event of the community, latest first, with its door check-in code."""
    require_staff_of(actor, community_id)
    rows = db.exec(select(CommunityEvent).where(CommunityEvent.community_id == community_id)
                   .order_by(CommunityEvent.starts_at.desc())).all()
    return [EventRow(e.id, e.title, e.location, e.starts_at, e.ends_at, e.capacity, e.cancelled_at is not None,
                     e.checkin_code) for e in rows]


def services_for_staff(db: Session, actor: Actor, community_id: int) -> list[ConvenienceService]:
    """Staff: every convenience service of the community, on offer or not, by name."""
    require_staff_of(actor, community_id)
    return list(db.exec(select(ConvenienceService).where(ConvenienceService.community_id == community_id)
                        .order_by(ConvenienceService.name)).all())
