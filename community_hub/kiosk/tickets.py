"""The lobby kiosk checks an event ticket in: its scanner reads the QR a resident shows on their
phone — the same check-in staff do by typing the ticket code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.kiosk.session import this_kiosk
from community_hub.models import Community
from community_hub.models.base import utcnow
from community_hub.models.events import CommunityEvent, EventSignup
from community_hub.property import events
from community_hub.property.event_tickets import TICKET_PATTERN

DOORS_OPEN = timedelta(hours=1)  # check-in starts an hour before the event


@dataclass(frozen=True)
class CheckedIn:
    name: str
    event: str


def kiosk_check_in(db: Session, kiosk_actor: Actor, code: str, *, now: datetime | None = None) -> CheckedIn:
    """The lobby kiosk read a ticket QR: check its holder in to an event of this kiosk's community
    that is on now (from an hour before it starts until it ends). Anything else is a clear message
    and changes nothing."""
    kiosk, _cfg = this_kiosk(db, kiosk_actor)
    m = TICKET_PATTERN.match((code or "").strip())
    if m is None:
        raise ServiceError(phrase("Could not read that ticket. Please try again."), code="unreadable")
    now = now or utcnow()
    row = db.exec(select(EventSignup, CommunityEvent).join(CommunityEvent, CommunityEvent.id == EventSignup.event_id)
                  .where(EventSignup.ticket_code == m.group(1).upper()).with_for_update()).first()
    if row is None or row[1].community_id != kiosk.community_id:
        raise ServiceError(phrase("That ticket is not for an event here."), code="unknown_ticket")
    signup, ev = row
    if ev.cancelled_at is not None:
        raise ServiceError(phrase("{event} was cancelled.", event=ev.title), code="cancelled")
    if now > ev.ends_at:
        raise ServiceError(phrase("{event} is over.", event=ev.title), code="over")
    if now < ev.starts_at - DOORS_OPEN:
        zone = db.get(Community, ev.community_id).time_zone
        raise ServiceError(phrase("This ticket is for {event} on {when}; check-in opens an hour before it starts.",
                                  event=ev.title, when=local_time.fmt(ev.starts_at, zone)), code="too_early")
    done = events.mark_in(db, signup, now, kiosk_actor.time_zone)
    return CheckedIn(done.name, ev.title)
