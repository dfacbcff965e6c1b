"""Community events: capacity, sign-up and cancel, a waiting list promoted by membership priority
(cardholders by level rank, then registration; then everyone else in the order they joined), check-in.

Sign-ups for one event serialise on the event row (FOR UPDATE; BEGIN IMMEDIATE on SQLite), so two
residents taking the last place at once cannot both get it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from community_hub.core import local_time
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.membership import priority
from community_hub.models import Community, User
from community_hub.models.base import utcnow
from community_hub.models.events import CommunityEvent, EventSignup, SignupStatus
from community_hub.notify import outbox

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed


def _code(n: int = 8) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(n))


@dataclass(frozen=True)
class EventView:
    id: int
    title: str
    description: str
    location: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    confirmed: int
    waitlisted: int
    places_left: int
    cancelled: bool
    my_status: str | None  # confirmed | waitlisted | None
    my_ticket: str | None
    my_waitlist_position: int | None


@dataclass(frozen=True)
class AttendeeRow:
    user_id: int
    name: str
    status: str
    ticket_code: str
    checked_in_at: datetime | None


def create_event(db: Session, actor: Actor, community_id: int, *, title: str, starts_at: datetime,
                 ends_at: datetime, capacity: int, description: str = "", location: str = "",
                 now: datetime | None = None) -> CommunityEvent:
    """Staff create an event with a capacity; a random check-in code is made for the door."""
    require_staff_of(actor, community_id)
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise ServiceError("Give the event a title (at most 120 characters).")
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ServiceError("Times must include a time zone.")
    if ends_at <= starts_at:
        raise ServiceError("The event must end after it starts.")
    if starts_at < (now or utcnow()):
        raise ServiceError("The event cannot start in the past.")
    if not isinstance(capacity, int) or not 1 <= capacity <= 10_000:
        raise ServiceError("The capacity is a whole number of places between 1 and 10000.")
    if len(location) > 120:
        raise ServiceError("The location is too long (at most 120 characters).")
    ev = CommunityEvent(community_id=community_id, title=title, description=description, location=location.strip(),
                        starts_at=starts_at, ends_at=ends_at, capacity=capacity, checkin_code=_code(6),
                        created_by=actor.user_id)
    db.add(ev)
    db.flush()
    return ev


def _counts(db: Session, event_id: int) -> dict[str, int]:
    return dict(db.exec(select(EventSignup.status, func.count()).where(EventSignup.event_id == event_id)
                        .group_by(EventSignup.status)).all())


def _resident_event(db: Session, actor: Actor, event_id: int, *, lock: bool = False) -> CommunityEvent:
    require_resident(actor)
    ev = db.get(CommunityEvent, event_id, with_for_update=lock)
    if ev is None or ev.community_id != actor.community_id:
        raise NotFound("event")
    return ev


def sign_up(db: Session, actor: Actor, event_id: int, *, join_waitlist: bool = False,
            now: datetime | None = None) -> EventSignup:
    """Take a place. When the event is full this is refused, unless the resident asks for the waiting list."""
    now = now or utcnow()
    ev = _resident_event(db, actor, event_id, lock=True)
    if ev.cancelled_at:
        raise ServiceError("This event was cancelled.")
    if now >= ev.starts_at:
        raise ServiceError("Sign-up has closed: the event has started.")
    mine = db.exec(select(EventSignup).where(EventSignup.event_id == ev.id,
                                             EventSignup.user_id == actor.user_id)).first()
    if mine and mine.status == SignupStatus.CONFIRMED:
        raise ServiceError("You are already signed up for this event.")
    if mine and mine.status == SignupStatus.WAITLISTED:
        raise ServiceError("You are already on the waiting list for this event.")
    full = _counts(db, ev.id).get(SignupStatus.CONFIRMED, 0) >= ev.capacity
    if full and not join_waitlist:
        raise ServiceError(phrase("This event is full ({places} places). You can join the waiting list.", places=ev.capacity),
                           code="full")
    status = SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED
    if mine is None:
        mine = EventSignup(event_id=ev.id, user_id=actor.user_id, household_id=actor.household_id, status=status,
                           queued_at=now, ticket_code=_code())
        db.add(mine)
    else:  # signing up again after cancelling goes to the back of the queue
        mine.status, mine.queued_at, mine.checked_in_at = status, now, None
    db.flush()
    return mine


def _waiting_in_priority(db: Session, event_id: int) -> list[EventSignup]:
    """The waiting list in the order places are given: cardholders by level rank and registration
    (membership/priority.py), then everyone else, each in the order they joined the list."""
    rows = list(db.exec(select(EventSignup).where(EventSignup.event_id == event_id,
                                                  EventSignup.status == SignupStatus.WAITLISTED)
                        .order_by(EventSignup.queued_at, EventSignup.id)).all())
    order = priority.in_priority(db, [(r.user_id, (r.queued_at, r.id)) for r in rows])
    return [rows[i] for i in order]


def cancel_signup(db: Session, actor: Actor, event_id: int, *, now: datetime | None = None) -> EventSignup | None:
    """Give up a place (or leave the waiting list). A freed place goes to the first on the waiting list,
    who is notified. Returns the promoted sign-up, if any."""
    ev = _resident_event(db, actor, event_id, lock=True)
    mine = db.exec(select(EventSignup).where(EventSignup.event_id == ev.id, EventSignup.user_id == actor.user_id,
                                             EventSignup.status != SignupStatus.CANCELLED)).first()
    if mine is None:
        raise ServiceError("You are not signed up for this event.")
    if (now or utcnow()) >= ev.starts_at:
        raise ServiceError("The event has started; a place can no longer be given back.")
    freed = mine.status == SignupStatus.CONFIRMED
    mine.status = SignupStatus.CANCELLED
    db.flush()
    if not freed or ev.cancelled_at:
        return None
    waiting = _waiting_in_priority(db, ev.id)
    if not waiting:
        return None
    nxt = waiting[0]
    nxt.status = SignupStatus.CONFIRMED
    outbox.notify_user(db, nxt.user_id, "event_promoted", link=f"/events/{ev.id}", title=ev.title,
                       when=local_time.when_shown(ev.starts_at, _zone_of(db, ev.community_id)))
    db.flush()
    return nxt


def check_in(db: Session, actor: Actor, event_id: int, ticket_code: str, *, now: datetime | None = None) -> AttendeeRow:
    """Staff at the door check an attendee in by their ticket code (confirmed places only, once)."""
    ev = get_or_not_found(db, CommunityEvent, event_id, phrase("event"))
    require_staff_of(actor, ev.community_id)
    code = (ticket_code or "").strip().upper()
    row = db.exec(select(EventSignup).where(EventSignup.event_id == ev.id, EventSignup.ticket_code == code)
                  .with_for_update()).first()
    return mark_in(db, row, now, actor.time_zone)


def self_check_in(db: Session, actor: Actor, event_id: int, event_code: str, *,
                  now: datetime | None = None) -> AttendeeRow:
    """A resident checks themself in with the code shown at the venue."""
    ev = _resident_event(db, actor, event_id)
    if (event_code or "").strip().upper() != ev.checkin_code:
        raise ServiceError("That check-in code is not right for this event.")
    row = db.exec(select(EventSignup).where(EventSignup.event_id == ev.id, EventSignup.user_id == actor.user_id)
                  .with_for_update()).first()
    return mark_in(db, row, now, actor.time_zone)


def _zone_of(db: Session, community_id: int) -> str:
    """The community's time zone: notifications tell residents times on their own clock."""
    c = db.get(Community, community_id)
    return c.time_zone if c else local_time.DEFAULT_ZONE


def mark_in(db: Session, row: EventSignup | None, now: datetime | None, zone: str) -> AttendeeRow:
    if row is None or row.status == SignupStatus.CANCELLED:
        raise ServiceError("No sign-up matches that code.")
    if row.status == SignupStatus.WAITLISTED:
        raise ServiceError("This person is on the waiting list and has no place.")
    if row.checked_in_at:
        raise ServiceError(phrase("Already checked in at {time}.",
                                  time=local_time.localize(row.checked_in_at, zone).strftime("%H:%M %Z")))
    row.checked_in_at = now or utcnow()
    user = db.get(User, row.user_id)
    return AttendeeRow(row.user_id, user.display_name, row.status, row.ticket_code, row.checked_in_at)


def cancel_event(db: Session, actor: Actor, event_id: int, *, now: datetime | None = None) -> CommunityEvent:
    """Staff cancel an event; it stays listed as cancelled and nobody can sign up."""
    ev = get_or_not_found(db, CommunityEvent, event_id, phrase("event"), lock=True)
    require_staff_of(actor, ev.community_id)
    ev.cancelled_at = ev.cancelled_at or now or utcnow()
    return ev


def _view(db: Session, ev: CommunityEvent, actor: Actor) -> EventView:
    return _views(db, [ev], actor)[0]


def _views(db: Session, evs: list[CommunityEvent], actor: Actor) -> list[EventView]:
    """The events as the resident sees them: the sign-up counts of all of them in one query and
    their own sign-ups in another (the events page and the home page read every upcoming event)."""
    ids = [ev.id for ev in evs]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    if ids:
        for event_id, status, n in db.exec(select(EventSignup.event_id, EventSignup.status, func.count())
                                           .where(EventSignup.event_id.in_(ids))
                                           .group_by(EventSignup.event_id, EventSignup.status)).all():
            counts[event_id][status] = n
    mine = {s.event_id: s for s in db.exec(select(EventSignup).where(
        EventSignup.event_id.in_(ids), EventSignup.user_id == actor.user_id,
        EventSignup.status != SignupStatus.CANCELLED)).all()} if ids else {}
    out = []
    for ev in evs:
        c, me = counts[ev.id], mine.get(ev.id)
        position = None
        if me and me.status == SignupStatus.WAITLISTED:
            position = 1 + [w.id for w in _waiting_in_priority(db, ev.id)].index(me.id)
        confirmed = c.get(SignupStatus.CONFIRMED, 0)
        out.append(EventView(
            id=ev.id, title=ev.title, description=ev.description, location=ev.location, starts_at=ev.starts_at,
            ends_at=ev.ends_at, capacity=ev.capacity, confirmed=confirmed,
            waitlisted=c.get(SignupStatus.WAITLISTED, 0), places_left=max(0, ev.capacity - confirmed),
            cancelled=ev.cancelled_at is not None, my_status=me.status if me else None,
            my_ticket=me.ticket_code if me and me.status == SignupStatus.CONFIRMED else None,
            my_waitlist_position=position,
        ))
    return out


def get_event(db: Session, actor: Actor, event_id: int) -> EventView:
    ev = _resident_event(db, actor, event_id)
    return _view(db, ev, actor)


def list_events(db: Session, actor: Actor, *, now: datetime | None = None) -> list[EventView]:
    """Upcoming and running events of the resident's community, soonest first."""
    require_resident(actor)
    rows = db.exec(select(CommunityEvent).where(CommunityEvent.community_id == actor.community_id,
                                                CommunityEvent.ends_at > (now or utcnow()))
                   .order_by(CommunityEvent.starts_at)).all()
    return _views(db, list(rows), actor)


def next_event(db: Session, actor: Actor, *, now: datetime | None = None) -> CommunityEvent | None:
    """The resident's community's next event that is not cancelled (upcoming or running): what
    the home page's day at a glance shows, in one query."""
    require_resident(actor)
    return db.exec(_NEXT_EVENT, params={"community_id": actor.community_id, "now": now or utcnow()}).first()


_NEXT_EVENT = (select(CommunityEvent).where(CommunityEvent.community_id == bindparam("community_id"),
                                           CommunityEvent.ends_at > bindparam("now", type_=CommunityEvent.ends_at.type),
                                           CommunityEvent.cancelled_at.is_(None))
               .order_by(CommunityEvent.starts_at, CommunityEvent.id).limit(1))  # core/prebuilt.py: the home page


def attendees(db: Session, actor: Actor, event_id: int) -> list[AttendeeRow]:
    """Staff: confirmed sign-ups in the order they came, then the waiting list in the order places
    will be given (membership priority), with check-in times."""
    ev = get_or_not_found(db, CommunityEvent, event_id, phrase("event"))
    require_staff_of(actor, ev.community_id)
    rows = db.exec(select(EventSignup, User.display_name).join(User, User.id == EventSignup.user_id)
                   .where(EventSignup.event_id == ev.id, EventSignup.status == SignupStatus.CONFIRMED)
                   .order_by(EventSignup.queued_at, EventSignup.id)).all()
    out = [AttendeeRow(s.user_id, name, s.status, s.ticket_code, s.checked_in_at) for s, name in rows]
    for s in _waiting_in_priority(db, ev.id):
        user = db.get(User, s.user_id)
        out.append(AttendeeRow(s.user_id, user.display_name if user else "", s.status, s.ticket_code, s.checked_in_at))
    return out


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


def events_for_staff(db: Session, actor: Actor, community_id: int) -> list[EventRow]:
    """Staff: every event of the community, latest first, with its door check-in code."""
    require_staff_of(actor, community_id)
    rows = db.exec(select(CommunityEvent).where(CommunityEvent.community_id == community_id)
                   .order_by(CommunityEvent.starts_at.desc())).all()
    return [EventRow(e.id, e.title, e.location, e.starts_at, e.ends_at, e.capacity, e.cancelled_at is not None,
                     e.checkin_code) for e in rows]
