"""Money received for bills: online (through the payment hook) and at the office, posted to the ledger."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money, money_shown
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import Community, Household
from community_hub.models.base import utcnow
from community_hub.models.billing import (
    Bill,
    BillKind,
    BillPayment,
    BillStatus,
    BookingStatus,
    ServiceBooking,
)
from community_hub.notify import outbox
from community_hub.property.billing.views import OFFLINE_METHODS, bill_label
from community_hub.property.notices import residents_of


def _post_fee_payment_to_ledger(db: Session, bill: Bill, payment: BillPayment) -> None:
    """Money taken at the office (cash, transfer, cheque, the office's own terminal) becomes one
    balanced ledger transaction in the same database transaction as the bill's payment.

    Online payments are posted by the payments service when the provider confirms them
    (`property_fee_paid` keyed on that payment), so they are not posted a second time here.
    """
    if payment.method == "online":
        return
    from community_hub.payments import ledger_postings

    company_id = db.get(Community, bill.community_id).property_company_id
    ledger_postings.property_fee_paid(db, reference=f"bill:{bill.id}", source=f"billpayment:{payment.id}",
                             company_id=company_id, amount_minor=payment.amount_minor,
                             currency=bill.currency, provider="office")


def _notify_paid(db: Session, bill: Bill, amount_minor: int) -> None:
    h = db.get(Household, bill.household_id)
    for r in residents_of(db, bill.community_id, household_ids=[bill.household_id]):
        outbox.notify_user(db, r.user_id, "bill_paid", link=f"/bills/{bill.id}", period=bill_label(bill),
                           amount=money_shown(amount_minor, bill.currency), unit=f"{h.building}-{h.unit}")


def _apply_payment(db: Session, bill: Bill, payment: BillPayment, now: datetime) -> None:
    db.add(payment)
    db.flush()
    bill.paid_minor += payment.amount_minor
    if bill.paid_minor >= bill.total_minor:
        bill.status = BillStatus.PAID
        bill.paid_at = now
        if bill.kind == BillKind.SERVICE:
            booking = db.exec(select(ServiceBooking).where(ServiceBooking.bill_id == bill.id)).one()
            booking.status = BookingStatus.PAID
    _post_fee_payment_to_ledger(db, bill, payment)
    _notify_paid(db, bill, payment.amount_minor)
    db.flush()


def _check_payable(bill: Bill) -> None:
    if bill.status == BillStatus.PAID:
        raise ServiceError(phrase("The {bill} bill is already paid.", bill=bill_label(bill)), code="already_paid")
    if bill.status == BillStatus.VOID:
        raise ServiceError(phrase("The {bill} bill was cancelled and cannot be paid.", bill=bill_label(bill)), code="void")
    if bill.status == BillStatus.REFUNDED:
        raise ServiceError(phrase("The {bill} bill was refunded and cannot be paid again.", bill=bill_label(bill)),
                           code="refunded")


def mark_bill_paid(db: Session, bill_id: int, payment_ref: str, amount_minor: int, *,
                   now: datetime | None = None) -> Bill:
    """A confirmed online payment (called by the payments flow, not by a person) pays the bill in full.

    A bill already paid, a payment reference already used or an amount that is not what is owed
    is refused with a clear message and changes nothing.
    """
    bill = get_or_not_found(db, Bill, bill_id, phrase("bill"), lock=True)
    if not payment_ref:
        raise ServiceError("A payment reference is required.")
    if db.exec(select(BillPayment).where(BillPayment.reference == payment_ref)).first():
        raise ServiceError("This payment has already been recorded.", code="duplicate")
    _check_payable(bill)
    owed = bill.total_minor - bill.paid_minor
    if amount_minor != owed:
        raise ServiceError(
            phrase("The payment of {paid} does not match the {owed} owed on this bill.",
                   paid=format_money(amount_minor, bill.currency), owed=format_money(owed, bill.currency)))
    _apply_payment(db, bill, BillPayment(bill_id=bill.id, amount_minor=amount_minor, method="online",
                                         reference=payment_ref, at=now or utcnow()), now or utcnow())
    return bill


def record_offline_payment(db: Session, actor: Actor, bill_id: int, amount: int, method: str,
                           note: str = "", *, now: datetime | None = None) -> BillPayment:
    """Staff record money received at the office (cash, transfer, cheque, terminal); part payments allowed."""
    bill = get_or_not_found(db, Bill, bill_id, phrase("bill"), lock=True)
    require_staff_of(actor, bill.community_id)
    if method not in OFFLINE_METHODS:
        raise ServiceError(phrase("Choose how it was paid: {methods}.",
                                  methods=", ".join(m.replace("_", " ") for m in OFFLINE_METHODS)))
    _check_payable(bill)
    owed = bill.total_minor - bill.paid_minor
    if not isinstance(amount, int) or amount <= 0:
        raise ServiceError("Enter the amount received, more than zero.")
    if amount > owed:
        raise ServiceError(phrase("That is more than the {owed} owed on this bill.", owed=format_money(owed, bill.currency)))
    if len(note) > 500:
        raise ServiceError("The note is too long (at most 500 characters).")
    now = now or utcnow()
    payment = BillPayment(bill_id=bill.id, amount_minor=amount, method=method, note=note.strip(),
                          recorded_by=actor.user_id, at=now)
    _apply_payment(db, bill, payment, now)
    return payment
