"""Overstay: the owner reports that the renter stayed past the end. The extra hours are charged at
the slot's hourly price: added to the balance while it is unpaid (the renter's next payment for
the booking), otherwise marked on the booking as owed by the renter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.models.base import utcnow
from community_hub.models.sharing import BookingStatus, ParkingSlot
from community_hub.sharing.parking_bookings import owned_booking
from community_hub.sharing.parking_jobs import BALANCE_HOURS

MAX_EXTRA_HOURS = 24


@dataclass(frozen=True)
class Overstay:
    booking_id: int
    extra_minor: int
    in_balance: bool  # False: the balance was already paid, so it is owed


def report_overstay(db: Session, actor: Actor, booking_id: int, extra_hours: int,
                    now: datetime | None = None) -> Overstay:
    now = now or utcnow()
    booking = owned_booking(db, actor, booking_id, as_owner=True)
    if not isinstance(extra_hours, int) or isinstance(extra_hours, bool) or not 1 <= extra_hours <= MAX_EXTRA_HOURS:
        raise ServiceError(phrase("Report between 1 and {n} extra hours.", n=MAX_EXTRA_HOURS))
    if booking.status not in (BookingStatus.CONFIRMED, BookingStatus.BALANCE_PAID, BookingStatus.PAID_OUT):
        raise ServiceError(phrase("Only a booking that took place can be overstayed."))
    if now < booking.ends_at:
        raise ServiceError(phrase("An overstay is reported after the booking's end."))
    if now > booking.ends_at + timedelta(hours=BALANCE_HOURS):
        raise ServiceError(phrase("An overstay is reported within {n} hours of the end.", n=BALANCE_HOURS))
    if booking.overstay_minor:
        raise ServiceError(phrase("An overstay was already reported for this booking."))
    slot = db.get(ParkingSlot, booking.slot_id)
    booking.overstay_minor = extra_hours * slot.hourly_minor
    db.add(booking)
    db.flush()
    return Overstay(booking.id, booking.overstay_minor, booking.status == BookingStatus.CONFIRMED)
