"""Places per day and waiting lists of convenience services (issue 16: membership priority decides
who is served first when several wait for the same scarce thing).

A service may take only `places_per_day` bookings for one day (the community's local day of the
booking's time, or of the day it was made when no time is asked). When the day is full a resident
may wait: a `ServiceWaiting` request. A freed place (a booking cancelled or refunded, or staff
giving the service more places) goes to the waiting requests for that day in priority order —
cardholders by level rank, then registration, then everyone else, each in the order they joined
(membership/priority.py) — and becomes a booking with its bill, the resident told.

Everything here runs under the service's row lock (FOR UPDATE; BEGIN IMMEDIATE on SQLite), so two
residents taking the last place, or two freed places, never give one place twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from community_hub.core import change_rings, local_time
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident, require_staff_of, staff_or_owner
from community_hub.core.rows import get_or_not_found
from community_hub.membership import priority
from community_hub.models import Community, User
from community_hub.models.base import utcnow
from community_hub.models.billing import (
    Bill,
    BillKind,
    BillLine,
    BookingStatus,
    ConvenienceService,
    ServiceBooking,
)
from community_hub.models.membership import Cardholding, CardLevel, HoldingState
from community_hub.models.service_waiting import ServiceWaiting, WaitingState
from community_hub.notify import outbox

RULE = priority.RULE  # shown to residents beside their place in the queue, and to staff
_TAKING = (BookingStatus.AWAITING_PAYMENT, BookingStatus.PAID, BookingStatus.DONE)  # hold a place


def zone_of(db: Session, community_id: int) -> str:
    c = db.get(Community, community_id)
    return c.time_zone if c else local_time.DEFAULT_ZONE


def day_of(requested_for: datetime | None, now: datetime, zone: str) -> date:
    """The local day a booking takes its place on: its asked time's, else the day it is made."""
    return local_time.localize(requested_for or now, zone).date()


def booked_on(db: Session, svc: ConvenienceService, day: date, zone: str) -> int:
    """Bookings holding a place of the service on that local day."""
    start, end = local_time.day_start(day, zone), local_time.day_start(day + timedelta(days=1), zone)
    on_day = or_(and_(ServiceBooking.requested_for >= start, ServiceBooking.requested_for < end),
                 and_(ServiceBooking.requested_for.is_(None), ServiceBooking.created_at >= start,
                      ServiceBooking.created_at < end))
    return int(db.exec(select(func.count()).select_from(ServiceBooking).where(
        ServiceBooking.service_id == svc.id, ServiceBooking.status.in_(_TAKING), on_day)).one())


def places_left(db: Session, svc: ConvenienceService, day: date, zone: str) -> int | None:
    """Places still free that day; None when the service takes any number."""
    if not svc.places_per_day:
        return None
    return max(0, svc.places_per_day - booked_on(db, svc, day, zone))


def issue_booking(db: Session, svc: ConvenienceService, *, household_id: int, user_id: int, quantity: int,
                  requested_for: datetime | None, notes: str, now: datetime) -> ServiceBooking:
    """A booking and its service bill (paid like any bill, which marks the booking paid)."""
    amount = quantity * svc.price_minor
    bill = Bill(community_id=svc.community_id, household_id=household_id, period=None, kind=BillKind.SERVICE,
                title=svc.name, currency=svc.currency, total_minor=amount, due_date=now.date(), issued_at=now)
    db.add(bill)
    db.flush()
    label = f"{svc.name} × {quantity}" if quantity != 1 else svc.name
    db.add(BillLine(bill_id=bill.id, description=label, quantity=quantity, unit_price_minor=svc.price_minor,
                    amount_minor=amount))
    booking = ServiceBooking(service_id=svc.id, community_id=svc.community_id, household_id=household_id,
                             user_id=user_id, bill_id=bill.id, quantity=quantity, requested_for=requested_for,
                             notes=notes, created_at=now)
    db.add(booking)
    db.flush()
    return booking


def join_waiting_list(db: Session, actor: Actor, svc: ConvenienceService, *, quantity: int,
                      requested_for: datetime | None, notes: str, now: datetime) -> ServiceWaiting:
    """Called by booking (under the service's lock, input already checked) when the day is full."""
    day = day_of(requested_for, now, zone_of(db, svc.community_id))
    mine = db.exec(select(ServiceWaiting).where(ServiceWaiting.service_id == svc.id, ServiceWaiting.day == day,
                                                ServiceWaiting.household_id == actor.household_id,
                                                ServiceWaiting.state == WaitingState.WAITING)).first()
    if mine is not None:
        raise ServiceError(phrase("Your household is already waiting for {service} on that day.", service=svc.name))
    row = ServiceWaiting(service_id=svc.id, community_id=svc.community_id, household_id=actor.household_id,
                         user_id=actor.user_id, day=day, quantity=quantity, requested_for=requested_for,
                         notes=notes, queued_at=now)
    db.add(row)
    db.flush()
    return row


def _waiting(db: Session, service_id: int, day: date | None = None) -> list[ServiceWaiting]:
    """The requests waiting for a service (one day, or every day), in the order places are given."""
    q = select(ServiceWaiting).where(ServiceWaiting.service_id == service_id,
                                     ServiceWaiting.state == WaitingState.WAITING)
    if day is not None:
        q = q.where(ServiceWaiting.day == day)
    rows = list(db.exec(q.order_by(ServiceWaiting.queued_at, ServiceWaiting.id)).all())
    out: list[ServiceWaiting] = []
    for d in sorted({r.day for r in rows}):
        same = [r for r in rows if r.day == d]
        out += [same[i] for i in priority.in_priority(db, [(r.user_id, (r.queued_at.timestamp(), r.id)) for r in same])]
    return out


def serve_waiting(db: Session, svc: ConvenienceService, day: date | None = None, *,
                  now: datetime | None = None) -> list[ServiceBooking]:
    """Give free places to waiting requests in priority order (one day, or every day waited for).
    The caller holds the service's lock. A day already past is left alone."""
    now = now or utcnow()
    zone = zone_of(db, svc.community_id)
    made: list[ServiceBooking] = []
    if not svc.active:
        return made
    for w in _waiting(db, svc.id, day):
        if w.day < local_time.local_today(zone, now):
            continue
        left = places_left(db, svc, w.day, zone)
        if left is not None and left <= 0:
            continue
        wanted = w.requested_for if w.requested_for is None or w.requested_for > now else None
        booking = issue_booking(db, svc, household_id=w.household_id, user_id=w.user_id, quantity=w.quantity,
                                requested_for=wanted, notes=w.notes, now=now)
        w.state, w.booking_id, w.done_at = WaitingState.BOOKED, booking.id, now
        db.add(w)
        outbox.notify_user(db, w.user_id, "service_place_given", link="/services", service=svc.name,
                           when=local_time.day_shown(w.day))
        made.append(booking)
    db.flush()
    return made


def _locked_service(db: Session, service_id: int) -> ConvenienceService:
    return get_or_not_found(db, ConvenienceService, service_id, phrase("service"), lock=True)


def withdraw(db: Session, actor: Actor, waiting_id: int, *, now: datetime | None = None) -> ServiceWaiting:
    """The household (or staff) take a request off the waiting list."""
    w = get_or_not_found(db, ServiceWaiting, waiting_id, phrase("waiting request"))
    staff_or_owner(actor, w.community_id, owns=actor.household_id == w.household_id, what=phrase("waiting request"))
    _locked_service(db, w.service_id)
    db.refresh(w)
    if w.state != WaitingState.WAITING:
        raise ServiceError(phrase("This request is no longer waiting."))
    w.state, w.done_at = WaitingState.WITHDRAWN, now or utcnow()
    db.add(w)
    db.flush()
    return w


def set_places_per_day(db: Session, actor: Actor, service_id: int, places: int, *,
                       now: datetime | None = None) -> ConvenienceService:
    """Staff say how many bookings a day the service takes (0: any number); more places serve the
    waiting lists at once."""
    svc = _locked_service(db, service_id)
    require_staff_of(actor, svc.community_id)
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 1000:
        raise ServiceError(phrase("Places per day is a whole number from 0 (no limit) to 1000."))
    svc.places_per_day = places
    db.add(svc)
    db.flush()
    serve_waiting(db, svc, now=now)
    return svc


@dataclass(frozen=True)
class WaitingRow:
    id: int
    service: str
    day: date
    quantity: int
    notes: str
    position: int  # 1 = the next to get a place that day
    name: str = ""  # staff only: who waits
    level: str = ""  # staff only: their card's level, "" without a card


def my_waiting(db: Session, actor: Actor) -> list[WaitingRow]:
    """The household's waiting requests with their place in the queue (by priority)."""
    require_resident(actor)
    if actor.household_id is None:
        return []
    mine = db.exec(select(ServiceWaiting).where(ServiceWaiting.household_id == actor.household_id,
                                                ServiceWaiting.state == WaitingState.WAITING)
                   .order_by(ServiceWaiting.day, ServiceWaiting.id)).all()
    out = []
    for w in mine:
        svc = db.get(ConvenienceService, w.service_id)
        queue = [r.id for r in _waiting(db, w.service_id, w.day)]
        out.append(WaitingRow(w.id, svc.name if svc else "", w.day, w.quantity, w.notes, queue.index(w.id) + 1))
    return out


def my_waiting_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's keys for `my_waiting`'s places (core/change_rings.py): the household's
    requests; each queue they wait in (a neighbour joining or leaving it); and what orders those
    queues (the cards of everyone in them, the levels' ranks). Nothing scheduled."""
    require_resident(actor)
    if actor.household_id is None:
        return [], None
    keys = [change_rings.key_of(ServiceWaiting, "household_id", actor.household_id)]
    waiting = ServiceWaiting.state == WaitingState.WAITING
    services = db.exec(select(ServiceWaiting.service_id).distinct()
                       .where(ServiceWaiting.household_id == actor.household_id, waiting)).all()
    if services:
        users = db.exec(select(ServiceWaiting.user_id).distinct()
                        .where(ServiceWaiting.service_id.in_(services), waiting)).all()
        keys += [change_rings.key_of(ServiceWaiting, "service_id", s) for s in services]
        keys += [change_rings.key_of(Cardholding, "user_id", u) for u in users] + [change_rings.key_of(CardLevel)]
    return keys, None


def waiting_for_staff(db: Session, actor: Actor, community_id: int) -> list[WaitingRow]:
    """Staff: every waiting request of the community's services, by service and day, each queue in
    the order places will be given, with who waits and their card's level."""
    require_staff_of(actor, community_id)
    services = db.exec(select(ConvenienceService).where(ConvenienceService.community_id == community_id)
                       .order_by(ConvenienceService.name)).all()
    out = []
    for svc in services:
        queue = _waiting(db, svc.id)
        levels = _level_names(db, [w.user_id for w in queue])
        position, last_day = 0, None
        for w in queue:
            position = position + 1 if w.day == last_day else 1
            last_day = w.day
            user = db.get(User, w.user_id)
            out.append(WaitingRow(w.id, svc.name, w.day, w.quantity, w.notes, position,
                                  user.display_name if user else "", levels.get(w.user_id, "")))
    return out


def _level_names(db: Session, user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = db.exec(select(Cardholding.user_id, CardLevel.name, CardLevel.rank)
                   .join(CardLevel, CardLevel.id == Cardholding.level_id)
                   .where(Cardholding.user_id.in_(user_ids), Cardholding.state == HoldingState.ACTIVE)).all()
    best: dict[int, tuple[int, str]] = {}
    for uid, name, rank in rows:
        if uid not in best or rank > best[uid][0]:
            best[uid] = (rank, name)
    return {uid: name for uid, (_rank, name) in best.items()}


def checked_request(db: Session, actor: Actor, service_id: int, quantity: int, requested_for: datetime | None,
                    notes: str, now: datetime) -> tuple[ConvenienceService, str]:
    """A resident's booking or waiting request checked (the service locked): the service and the notes."""
    require_resident(actor)
    if actor.household_id is None:
        raise ServiceError("Only residents placed in a household can book services.")
    svc = db.get(ConvenienceService, service_id, with_for_update=True)
    if svc is None or svc.community_id != actor.community_id or not svc.active:
        raise NotFound("service")
    if not isinstance(quantity, int) or not 1 <= quantity <= svc.max_quantity:
        raise ServiceError(phrase("Book between 1 and {most}.", most=svc.max_quantity))
    if requested_for is not None and (requested_for.tzinfo is None or requested_for < now):
        raise ServiceError("Choose a time in the future.")
    if len(notes or "") > 500:
        raise ServiceError("The notes are too long (at most 500 characters).")
    return svc, (notes or "").strip()


def full_refusal(svc: ConvenienceService, day: date) -> ServiceError:
    return ServiceError(phrase("{service} is fully booked on {day} ({places} places). You can wait for a place.",
                               service=svc.name, day=local_time.day_shown(day), places=svc.places_per_day),
                        code="full")


def wait_for_place(db: Session, actor: Actor, service_id: int, *, quantity: int = 1,
                   requested_for: datetime | None = None, notes: str = "",
                   now: datetime | None = None) -> ServiceWaiting:
    """A resident waits for a place on a full day (a day with places left is booked instead)."""
    now = now or utcnow()
    svc, notes = checked_request(db, actor, service_id, quantity, requested_for, notes, now)
    day = day_of(requested_for, now, zone_of(db, svc.community_id))
    left = places_left(db, svc, day, zone_of(db, svc.community_id))
    if left is None or left > 0:
        raise ServiceError(phrase("{service} still has places on that day: book it.", service=svc.name), code="free")
    return join_waiting_list(db, actor, svc, quantity=quantity, requested_for=requested_for, notes=notes, now=now)
