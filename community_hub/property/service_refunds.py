"""Calling off a paid convenience service: the office gives the money back the way it came.

Online payments are refunded through the payments service (the provider, then the ledger's
`refund` from the property company's collected fees); money taken at the office is handed back
there and posted as a `refund` to the office's clearing account. The booking is cancelled at once
(the service will not happen); the bill becomes `refunded` only when every payment is back, so a
provider that is down leaves the bill `paid` with the reason on screen, and pressing Refund again
re-sends the same refund (never a second one).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import money_shown
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, Community
from community_hub.models.base import utcnow
from community_hub.models.billing import (
    Bill,
    BillPayment,
    BillStatus,
    BookingStatus,
    ServiceBooking,
)
from community_hub.models.payments import Payment
from community_hub.notify import outbox
from community_hub.payments import ledger_postings, refunds
from community_hub.property import bill_payments
from community_hub.property.billing.convenience import free_place
from community_hub.property.notices import residents_of


@dataclass(frozen=True)
class ServiceRefund:
    booking_id: int
    refunded_minor: int  # given back by this call (and earlier ones) in total
    outstanding_minor: int  # still to give back (a provider that did not answer); 0 when done
    currency: str
    problem: str  # why some money is not back yet ("" when all of it is)


def _online_payment(db: Session, bp: BillPayment) -> Payment | None:
    ref = bp.reference or ""
    if not ref.startswith("payment:") or not ref[8:].isdigit():
        return None
    return db.get(Payment, int(ref[8:]))


def _office_refund(db: Session, bill: Bill, bp: BillPayment, company_id: int) -> int:
    """Cash, transfer or cheque taken at the office goes back at the office: one ledger refund."""
    ledger_postings.refund(db, reference=bill_payments.purpose_of(bill.id), source=f"billpayment:{bp.id}",
                  amount_minor=bp.amount_minor, currency=bill.currency, provider="office",
                  counterparty=f"property:{company_id}")
    return bp.amount_minor


def refund_service_booking(db: Session, actor: Actor, booking_id: int, reason: str = "") -> ServiceRefund:
    """Staff call off a paid (or done) service booking and give the household its money back.

    A booking not yet paid is cancelled instead (`billing.cancel_convenience_booking`); a booking
    already refunded is refused. Calling it again after a provider failure retries what is left."""
    booking = get_or_not_found(db, ServiceBooking, booking_id, phrase("booking"), lock=True)
    require_staff_of(actor, booking.community_id)
    bill = db.get(Bill, booking.bill_id, with_for_update=True)
    if booking.status == BookingStatus.AWAITING_PAYMENT:
        raise ServiceError("This booking is not paid; cancel it instead.")
    if bill.status == BillStatus.REFUNDED:
        raise ServiceError("This booking was already refunded.", code="already_refunded")
    if bill.status != BillStatus.PAID:
        raise ServiceError("Only a paid booking can be refunded.")
    reason = (reason or "").strip()[:200]
    first_time = booking.status != BookingStatus.CANCELLED
    booking.status = BookingStatus.CANCELLED
    if first_time:
        db.add(AuditEntry(actor_user_id=actor.user_id, action="service_booking.refund",
                          subject=f"service_booking:{booking.id}", detail=reason))
        db.flush()
        free_place(db, booking)  # its place goes to the first waiting for that day, by priority
    company_id = db.get(Community, booking.community_id).property_company_id
    problem = ""
    back = 0
    for bp in db.exec(select(BillPayment).where(BillPayment.bill_id == bill.id).order_by(BillPayment.id)).all():
        if bp.method != "online":
            back += _office_refund(db, bill, bp, company_id)
            continue
        payment = _online_payment(db, bp)
        if payment is None:
            raise ServiceError("A payment of this bill cannot be found; ask a platform admin.")
        if refunds.refundable(db, payment) > 0 or refunds.unsent_refund(db, payment) is not None:
            try:
                refunds.refund_payment(db, actor, payment.id, None, reason=reason or "service called off")
            except ServiceError as exc:
                if not exc.keep:
                    raise
                problem = exc.message  # recorded (pending or failed); the next press retries
        db.refresh(payment)
        back += payment.refunded_minor
    bill.refunded_minor = back
    if back >= bill.paid_minor:
        bill.status, bill.refunded_at = BillStatus.REFUNDED, utcnow()
        _notify(db, booking, bill)
    db.flush()
    return ServiceRefund(booking.id, back, max(0, bill.paid_minor - back), bill.currency, problem)


def _notify(db: Session, booking: ServiceBooking, bill: Bill) -> None:
    for r in residents_of(db, booking.community_id, household_ids=[booking.household_id]):
        outbox.notify_user(db, r.user_id, "service_refunded", link="/services", service=bill.title,
                           amount=money_shown(bill.refunded_minor, bill.currency))
