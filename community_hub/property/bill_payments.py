"""Where property bills meet payments: paying a bill online, and the hook that marks it paid when
the provider's answer arrives (on the webhook or a fresh read, never on what the browser says).

The payments service itself posts the money to the ledger (`property_fee_paid`, provider clearing
→ property company) for "bill:{id}" purposes; this module only keeps the bill in step with it.
Its hook is wired by `community_hub.payment_hooks.register_payment_hooks()`.
"""

from __future__ import annotations

import logging

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.permissions import Actor
from community_hub.models import Community
from community_hub.models.billing import Bill, BillPayment
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import intents
from community_hub.property import billing

log = logging.getLogger("community_hub.bill_payments")


def purpose_of(bill_id: int) -> str:
    return f"bill:{bill_id}"


def bill_id_of(payment: Payment) -> int | None:
    kind, _, rest = payment.purpose.partition(":")
    return int(rest) if kind == "bill" and rest.isdigit() else None


def may_refund_bill(db: Session, actor: Actor, payment: Payment) -> bool:
    """Property staff may refund payments of their own community's bills (a called-off service)."""
    bill_id = bill_id_of(payment)
    bill = db.get(Bill, bill_id) if bill_id else None
    return bill is not None and actor.is_staff_of(bill.community_id)


def bill_paid(db: Session, payment: Payment) -> None:
    """Hook: the provider confirmed a bill payment. Safe to call twice for the same payment."""
    bill_id = bill_id_of(payment)
    if bill_id is None:
        return
    reference = f"payment:{payment.id}"
    if db.exec(select(BillPayment.id).where(BillPayment.reference == reference)).first() is not None:
        return  # already recorded (a replayed event, or the kiosk recorded it first)
    bill = db.get(Bill, bill_id, with_for_update=True)
    if bill is None or bill.status != "unpaid":
        # The money arrived for a bill that no longer wants it (paid at the office meanwhile):
        # refusing puts the money in suspense, flagged for an admin to refund (payments/status).
        raise ServiceError(f"The bill was {bill.status if bill else 'deleted'} when this card payment arrived.",
                           code="bill_not_payable")
    # A part paid at the office meanwhile makes the amount wrong: mark_bill_paid refuses, and the
    # money waits in suspense the same way.
    billing.mark_bill_paid(db, bill_id, reference, payment.captured_minor)


def pay_bill(db: Session, actor: Actor, bill_id: int, card_number: str) -> Payment:
    """The resident pays their household's bill with a card. Only the household (checked by
    billing.get_bill) may pay it; a paid or void bill is refused; a declined card is a clear message
    and leaves the bill unpaid for another try (the same attempt key: never a double charge)."""
    view = billing.get_bill(db, actor, bill_id)
    if view.status == "paid":
        raise ServiceError(f"The {view.label} bill is already paid.", code="already_paid")
    if view.status == "void":
        raise ServiceError(f"The {view.label} bill was cancelled and cannot be paid.")
    community = db.get(Community, actor.community_id)
    payment = intents.start_payment(
        db, actor, purpose=purpose_of(view.id), amount_minor=view.outstanding_minor, currency=view.currency,
        payee=f"property:{community.property_company_id}",
        description=f"Property bill {view.label} ({view.building}-{view.unit})",
    )
    payment = intents.confirm_payment(db, actor, payment.id, card_number.replace(" ", ""))
    if payment.status != PaymentStatus.SUCCEEDED:
        raise ServiceError("The payment has not gone through yet; nothing was charged twice. Try again in a moment.")
    bill_paid(db, payment)  # the demo provider's event normally did this already; harmless if so
    return payment
