"""Convenience services residents book (a service bill is issued and paid like any bill)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident, require_staff_of, staff_or_owner
from community_hub.core.rows import get_or_not_found
from community_hub.models.base import utcnow
from community_hub.models.billing import (
    Bill,
    BillStatus,
    BookingStatus,
    ConvenienceService,
    ServiceBooking,
)
from community_hub.property import service_waiting
from community_hub.property.billing.fees import billing_settings


def add_convenience_service(db: Session, actor: Actor, community_id: int, *, name: str, price_minor: int,
                            description: str = "", unit_label: str = "", max_quantity: int = 10,
                            places_per_day: int = 0) -> ConvenienceService:
    """Staff offer a bookable service with a price per unit (top-up on behalf, dry-cleaning, printing)."""
    require_staff_of(actor, community_id)
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ServiceError("Give the service a name (at most 80 characters).")
    if not isinstance(price_minor, int) or price_minor < 0:
        raise ServiceError("The price must be a whole amount in cents, zero or more.")
    if not isinstance(max_quantity, int) or not 1 <= max_quantity <= 1000:
        raise ServiceError("The most a resident can book at once is between 1 and 1000.")
    if not isinstance(places_per_day, int) or isinstance(places_per_day, bool) or not 0 <= places_per_day <= 1000:
        raise ServiceError(phrase("Places per day is a whole number from 0 (no limit) to 1000."))
    svc = ConvenienceService(community_id=community_id, name=name, description=description, price_minor=price_minor,
                             unit_label=unit_label.strip()[:20], max_quantity=max_quantity, places_per_day=places_per_day,
                             currency=billing_settings(db, community_id).currency)
    db.add(svc)
    db.flush()
    return svc


def set_convenience_service_active(db: Session, actor: Actor, service_id: int, active: bool) -> ConvenienceService:
    svc = get_or_not_found(db, ConvenienceService, service_id, phrase("service"))
    require_staff_of(actor, svc.community_id)
    svc.active = active
    return svc


def list_convenience_services(db: Session, actor: Actor) -> list[ConvenienceService]:
    """The services a resident can book in their community."""
    require_resident(actor)
    return list(db.exec(select(ConvenienceService).where(ConvenienceService.community_id == actor.community_id,
                                                         ConvenienceService.active)
                        .order_by(ConvenienceService.name)).all())


def book_convenience_service(db: Session, actor: Actor, service_id: int, *, quantity: int = 1,
                             requested_for: datetime | None = None, notes: str = "",
                             now: datetime | None = None) -> ServiceBooking:
    """A resident books a service; a service bill is issued at once and paid like any bill
    (`mark_bill_paid` online, or at the desk), which marks the booking paid. A service with places
    per day refuses a full day (code "full"): the resident may wait (property/service_waiting.py)."""
    now = now or utcnow()
    svc, notes = service_waiting.checked_request(db, actor, service_id, quantity, requested_for, notes, now)
    zone = service_waiting.zone_of(db, svc.community_id)
    day = service_waiting.day_of(requested_for, now, zone)
    if service_waiting.places_left(db, svc, day, zone) == 0:
        raise service_waiting.full_refusal(svc, day)
    return service_waiting.issue_booking(db, svc, household_id=actor.household_id, user_id=actor.user_id,
                                         quantity=quantity, requested_for=requested_for, notes=notes, now=now)


def free_place(db: Session, booking: ServiceBooking, now: datetime | None = None) -> None:
    """A booking stopped holding its place: the first waiting for that day (by priority) gets it."""
    svc = db.get(ConvenienceService, booking.service_id, with_for_update=True)
    if svc is not None and svc.places_per_day:
        zone = service_waiting.zone_of(db, svc.community_id)
        service_waiting.serve_waiting(db, svc, service_waiting.day_of(booking.requested_for, booking.created_at, zone),
                                      now=now)


def _booking(db: Session, actor: Actor, booking_id: int) -> tuple[ServiceBooking, bool]:
    b = get_or_not_found(db, ServiceBooking, booking_id, phrase("booking"), lock=True)
    return b, staff_or_owner(actor, b.community_id, owns=actor.household_id == b.household_id, what=phrase("booking"))


def cancel_convenience_booking(db: Session, actor: Actor, booking_id: int) -> ServiceBooking:
    """The household or staff cancel a booking not yet paid; its bill is voided. (Paid ones need a refund.)"""
    b, _ = _booking(db, actor, booking_id)
    if b.status != BookingStatus.AWAITING_PAYMENT:
        raise ServiceError("Only a booking that is not paid yet can be cancelled here; ask the office for a refund.")
    bill = db.get(Bill, b.bill_id, with_for_update=True)
    if bill.status != BillStatus.UNPAID or bill.paid_minor:
        raise ServiceError("This booking has a payment; ask the office for a refund.")
    bill.status = BillStatus.VOID
    b.status = BookingStatus.CANCELLED
    db.flush()
    free_place(db, b)
    return b


def complete_convenience_booking(db: Session, actor: Actor, booking_id: int, *,
                                 now: datetime | None = None) -> ServiceBooking:
    """Staff mark a paid booking done."""
    b, staff = _booking(db, actor, booking_id)
    if not staff:
        raise PermissionDenied("Only property staff can mark a service done.")
    if b.status != BookingStatus.PAID:
        raise ServiceError("Only a paid booking can be marked done.")
    b.status, b.done_at = BookingStatus.DONE, now or utcnow()
    return b


def list_convenience_bookings(db: Session, actor: Actor, community_id: int, *,
                              status: str | None = None) -> list[ServiceBooking]:
    """Staff: bookings of the community's services, oldest first (the work queue)."""
    require_staff_of(actor, community_id)
    stmt = select(ServiceBooking).where(ServiceBooking.community_id == community_id)
    if status:
        stmt = stmt.where(ServiceBooking.status == status)
    return list(db.exec(stmt.order_by(ServiceBooking.created_at, ServiceBooking.id)).all())


def my_convenience_bookings(db: Session, actor: Actor) -> list[ServiceBooking]:
    require_resident(actor)
    return list(db.exec(select(ServiceBooking).where(ServiceBooking.household_id == actor.household_id)
                        .order_by(ServiceBooking.id.desc())).all()) if actor.household_id else []


def my_bookings_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's key for `my_convenience_bookings` (core/change_rings.py): any booking of
    the household written (done, cancelled, paid); nothing scheduled."""
    require_resident(actor)
    return ([change_rings.key_of(ServiceBooking, "household_id", actor.household_id)]
            if actor.household_id else []), None


def bill_statuses(db: Session, bookings: list[ServiceBooking]) -> dict[int, str]:
    """The status of each booking's bill (for bookings the caller was already allowed to list):
    a cancelled booking whose bill is still paid is waiting for its refund."""
    ids = [b.bill_id for b in bookings]
    if not ids:
        return {}
    return dict(db.exec(select(Bill.id, Bill.status).where(Bill.id.in_(ids))).all())


def services_for_staff(db: Session, actor: Actor, community_id: int) -> list[ConvenienceService]:
    """Staff: every convenience service of the community, on offer or not, by name."""
    require_staff_of(actor, community_id)
    return list(db.exec(select(ConvenienceService).where(ConvenienceService.community_id == community_id)
                        .order_by(ConvenienceService.name)).all())
