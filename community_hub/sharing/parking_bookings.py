"""Booking a shared parking slot: the quote (price and deposit), the booking itself — never
overlapping another on the same slot — and the owner's approval.

No two bookings of one slot overlap, even when neighbours press Book at the same moment: the slot's
row is locked (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's BEGIN IMMEDIATE lets one writer in)
and the overlap is checked in that same transaction, so the second booking waits for the first and
then sees it. A booking waiting for its deposit holds its time for HOLD_MINUTES only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models.base import utcnow
from community_hub.models.sharing import (
    HOLDING,
    ApprovalMode,
    BookingStatus,
    ParkingBooking,
    ParkingSlot,
    SlotWindow,
)
from community_hub.sharing.free_windows import fits
from community_hub.sharing.parking_slots import seen_slot, zone_of

HOLD_MINUTES = 15
MAX_AHEAD_DAYS = 90


@dataclass(frozen=True)
class Quote:
    hours: int
    price_minor: int
    deposit_minor: int
    balance_minor: int  # due after the booking ends
    currency: str


@dataclass(frozen=True)
class BookingView:
    booking_id: int
    slot_id: int
    place: str
    starts_at: datetime
    ends_at: datetime
    status: str
    price_minor: int
    deposit_minor: int
    balance_minor: int
    currency: str
    renter_id: int
    owner_id: int
    payout_minor: int
    overstay_minor: int  # extra hours the owner reported (in the balance, or owed once it was paid)


def deposit_of(price_minor: int, deposit_bps: int) -> int:
    """share × price, rounded half up, at least one cent (a deposit of nothing holds nothing)."""
    return max(1, (2 * price_minor * deposit_bps + 10000) // 20000)


def balance_due(booking: ParkingBooking) -> int:
    """What the renter pays after the end: the price less the deposit, plus reported overstay."""
    return booking.price_minor - booking.deposit_minor + booking.overstay_minor


def _hours(slot: ParkingSlot, starts_at: datetime, ends_at: datetime, now: datetime) -> int:
    for t in (starts_at, ends_at):
        if not isinstance(t, datetime) or t.tzinfo is None:
            raise ServiceError(phrase("Choose the start and end of the booking."))
    seconds = (ends_at - starts_at).total_seconds()
    if seconds <= 0:
        raise ServiceError(phrase("A booking must end after it starts."))
    if seconds % 3600:
        raise ServiceError(phrase("A slot is booked by whole hours."))
    if starts_at < now:
        raise ServiceError(phrase("A booking cannot start in the past."))
    if starts_at > now + timedelta(days=MAX_AHEAD_DAYS):
        raise ServiceError(phrase("A slot can be booked at most {n} days ahead.", n=MAX_AHEAD_DAYS))
    hours = int(seconds // 3600)
    if hours < slot.min_hours:
        raise ServiceError(phrase("This slot is booked for at least {n} hours.", n=slot.min_hours))
    if hours > slot.max_hours:
        raise ServiceError(phrase("This slot is booked for at most {n} hours.", n=slot.max_hours))
    return hours


def _quote(slot: ParkingSlot, hours: int) -> Quote:
    price = hours * slot.hourly_minor
    deposit = deposit_of(price, slot.deposit_bps)
    return Quote(hours, price, deposit, price - deposit, slot.currency)


def _check_window(db: Session, slot: ParkingSlot, starts_at: datetime, ends_at: datetime) -> None:
    windows = list(db.exec(select(SlotWindow).where(SlotWindow.slot_id == slot.id)).all())
    if not fits(windows, starts_at, ends_at, zone_of(db, slot.community_id)):
        raise ServiceError(phrase("The slot is not free at that time: choose a time inside one of its free windows."))


def quote(db: Session, actor: Actor, slot_id: int, starts_at: datetime, ends_at: datetime,
          now: datetime | None = None) -> Quote:
    """What booking this range would cost (checked as a booking is, without booking)."""
    slot = seen_slot(db, actor, slot_id)
    hours = _hours(slot, starts_at, ends_at, now or utcnow())
    _check_window(db, slot, starts_at, ends_at)
    return _quote(slot, hours)


def overlapping(db: Session, slot_id: int, starts_at: datetime, ends_at: datetime, now: datetime,
                but: int | None = None) -> ParkingBooking | None:
    """A booking of the slot that holds any part of [starts_at, ends_at) (a hold still fresh)."""
    fresh = now - timedelta(minutes=HOLD_MINUTES)
    q = select(ParkingBooking).where(
        ParkingBooking.slot_id == slot_id, ParkingBooking.starts_at < ends_at, ParkingBooking.ends_at > starts_at,
        ParkingBooking.status.in_(list(HOLDING)),
        or_(ParkingBooking.status != BookingStatus.AWAITING_DEPOSIT, ParkingBooking.created_at > fresh))
    if but is not None:
        q = q.where(ParkingBooking.id != but)
    return db.exec(q).first()


def book(db: Session, actor: Actor, slot_id: int, starts_at: datetime, ends_at: datetime,
         now: datetime | None = None) -> ParkingBooking:
    """Hold a range of a slot I may see, inside a free window, for HOLD_MINUTES while I pay the
    deposit (parking_money.pay_deposit makes it a booking). Refused, with nothing stored: my own
    slot, a withdrawn or unseen one, outside the windows, too short or long, taken."""
    now = now or utcnow()
    slot = seen_slot(db, actor, slot_id, lock=True)  # the lock every booking of this slot queues on
    if slot.owner_id == actor.user_id:
        raise ServiceError(phrase("You cannot book your own slot."))
    if not slot.active:
        raise ServiceError(phrase("This slot is no longer shared."))
    hours = _hours(slot, starts_at, ends_at, now)
    _check_window(db, slot, starts_at, ends_at)
    if overlapping(db, slot.id, starts_at, ends_at, now) is not None:
        raise ServiceError(phrase("Someone has booked that time already; choose another."), code="taken")
    q = _quote(slot, hours)
    booking = ParkingBooking(slot_id=slot.id, renter_id=actor.user_id, owner_id=slot.owner_id, starts_at=starts_at,
                             ends_at=ends_at, price_minor=q.price_minor, deposit_minor=q.deposit_minor,
                             currency=slot.currency, created_at=now)
    db.add(booking)
    db.flush()
    return booking


def after_deposit(db: Session, booking: ParkingBooking, now: datetime | None = None) -> None:
    """The deposit arrived (payment hook): the booking is made — confirmed, or requested when the
    owner approves. A hold that lapsed is made too if its time is still free; if someone else took
    it meanwhile the payment is refused (and kept in suspense for an admin, never lost)."""
    now = now or utcnow()
    if booking.status not in (BookingStatus.AWAITING_DEPOSIT, BookingStatus.EXPIRED):
        return  # already applied (a replayed event)
    slot = db.get(ParkingSlot, booking.slot_id, with_for_update=True, populate_existing=True)
    if booking.status == BookingStatus.EXPIRED and overlapping(db, slot.id, booking.starts_at, booking.ends_at, now,
                                                               but=booking.id):
        raise ServiceError(phrase("The deposit arrived after the hold on this time ended and someone else booked it."))
    booking.status = BookingStatus.REQUESTED if slot.approval == ApprovalMode.OWNER else BookingStatus.CONFIRMED
    db.add(booking)
    db.flush()


def owned_booking(db: Session, actor: Actor, booking_id: int, *, as_owner: bool | None = None) -> ParkingBooking:
    """A booking of mine (as renter or owner; `as_owner` narrows it), locked."""
    require_resident(actor)
    booking = db.get(ParkingBooking, booking_id, with_for_update=True, populate_existing=True)
    mine = booking is not None and (
        (as_owner is not False and booking.owner_id == actor.user_id)
        or (as_owner is not True and booking.renter_id == actor.user_id))
    if not mine:
        raise NotFound(phrase("booking"))
    return booking


def approve(db: Session, actor: Actor, booking_id: int) -> ParkingBooking:
    booking = owned_booking(db, actor, booking_id, as_owner=True)
    if booking.status != BookingStatus.REQUESTED:
        raise ServiceError(phrase("Only a booking waiting for your approval can be approved."))
    booking.status = BookingStatus.CONFIRMED
    db.add(booking)
    db.flush()
    return booking


def _views(db: Session, rows) -> list[BookingView]:
    places = {s.id: s.place for s in db.exec(select(ParkingSlot).where(
        ParkingSlot.id.in_({b.slot_id for b in rows}))).all()}
    return [BookingView(b.id, b.slot_id, places.get(b.slot_id, ""), b.starts_at, b.ends_at, b.status, b.price_minor,
                        b.deposit_minor, balance_due(b), b.currency, b.renter_id, b.owner_id,
                        b.payout_minor, b.overstay_minor) for b in rows]


def my_bookings(db: Session, actor: Actor, *, as_owner: bool = False, limit: int = 200) -> list[BookingView]:
    """My bookings as renter (or, as_owner, of my slots) in time order: a calendar-like list.
    Unpaid holds that lapsed are left out."""
    require_resident(actor)
    who = ParkingBooking.owner_id if as_owner else ParkingBooking.renter_id
    q = select(ParkingBooking).where(who == actor.user_id, ParkingBooking.status != BookingStatus.EXPIRED)
    if as_owner:  # the owner hears of a booking once its deposit is paid
        q = q.where(ParkingBooking.status != BookingStatus.AWAITING_DEPOSIT)
    rows = db.exec(q.order_by(ParkingBooking.starts_at).limit(max(1, min(limit, 500)))).all()
    return _views(db, rows)
