"""Calling off a parking booking, and where its deposit goes.

- The renter, more than CANCEL_HOURS before the start: the deposit goes back.
- The renter, later (before the start): the deposit is kept for the owner (less the sharing fee).
- The owner, any time before the end: the deposit goes back and the slot's count of owner
  cancellations goes up (neighbours see it on the slot). Declining a request is not counted.
- A hold whose deposit was never paid just ends.
The booking's new status is on record before any refund reaches the provider; a refund the
provider did not take is sent again by cancelling again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.models.base import utcnow
from community_hub.models.sharing import BookingStatus, ParkingBooking, ParkingSlot
from community_hub.sharing.parking_bookings import owned_booking
from community_hub.sharing.parking_money import (
    deposit_refund_outstanding,
    give_deposit_back,
    pay_owner,
)

CANCEL_HOURS = 2


@dataclass(frozen=True)
class Cancelled:
    booking_id: int
    deposit_back: bool  # the deposit goes back to the renter
    kept_for_owner_minor: int  # what the owner keeps of the deposit (after the fee)
    problem: str  # why the refund has not reached the card yet ("" when it has)


def _close(booking: ParkingBooking, status: str, by: str, now: datetime) -> None:
    booking.status, booking.cancelled_by, booking.closed_at = status, by, now


def cancel_booking(db: Session, actor: Actor, booking_id: int, now: datetime | None = None) -> Cancelled:
    """The renter or the owner calls the booking off (the rules above)."""
    now = now or utcnow()
    booking = owned_booking(db, actor, booking_id)
    by_owner = booking.owner_id == actor.user_id
    if booking.status == BookingStatus.CANCELLED:
        if booking.deposit_minor and deposit_refund_outstanding(db, booking):
            return Cancelled(booking.id, True, 0, give_deposit_back(db, actor, booking, "booking cancelled"))
        raise ServiceError(phrase("This booking is already cancelled."))
    if booking.status == BookingStatus.AWAITING_DEPOSIT:
        if by_owner:
            raise ServiceError(phrase("This booking is not made yet; its hold ends by itself."))
        _close(booking, BookingStatus.CANCELLED, "renter", now)
        db.add(booking)
        return Cancelled(booking.id, False, 0, "")
    if booking.status not in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED):
        raise ServiceError(phrase("This booking can no longer be cancelled."))
    if by_owner:
        if now >= booking.ends_at:
            raise ServiceError(phrase("This booking can no longer be cancelled."))
        if booking.status == BookingStatus.CONFIRMED:  # declining a request is not a cancellation
            slot = db.get(ParkingSlot, booking.slot_id, with_for_update=True, populate_existing=True)
            slot.owner_cancellations += 1
            db.add(slot)
        _close(booking, BookingStatus.CANCELLED, "owner", now)
    else:
        if now >= booking.starts_at:
            raise ServiceError(phrase("This booking has started and can no longer be cancelled."))
        if booking.starts_at - now <= timedelta(hours=CANCEL_HOURS):
            _close(booking, BookingStatus.FORFEITED, "renter", now)
            kept = pay_owner(db, booking, with_balance=False)
            db.add(booking)
            db.flush()
            return Cancelled(booking.id, False, kept, "")
        _close(booking, BookingStatus.CANCELLED, "renter", now)
    db.add(booking)
    db.flush()
    return Cancelled(booking.id, True, 0, give_deposit_back(db, actor, booking, "booking cancelled"))


def decline_request(db: Session, actor: Actor, booking_id: int, now: datetime | None = None) -> Cancelled:
    """The owner says no to a booking waiting for approval: the deposit goes back, nothing counted."""
    booking = owned_booking(db, actor, booking_id, as_owner=True)
    if booking.status != BookingStatus.REQUESTED:
        raise ServiceError(phrase("Only a booking waiting for your approval can be declined."))
    return cancel_booking(db, actor, booking_id, now)
