"""Where property bills meet payments: paying a bill online (one, or every due bill of the household
in one card payment), and the hooks that mark them paid when the provider's answer arrives (on the
webhook or a fresh read, never on what the browser says).

The payments service itself posts the money to the ledger (`property_fee_paid`, provider clearing
→ property company) for "bill:{id}" and "bills:{...}" purposes, one balanced transaction per
payment; this module only keeps the bills in step with it.
Its hook is wired by `community_hub.payment_hooks.register_payment_hooks()`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import Community, Household
from community_hub.models.billing import Bill, BillKind, BillPayment, BillStatus
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import intents, wallet
from community_hub.payments.common import purpose_id
from community_hub.property import billing

log = logging.getLogger("community_hub.bill_payments")


def purpose_of(bill_id: int) -> str:
    return f"bill:{bill_id}"


def may_refund_bill(db: Session, actor: Actor, payment: Payment) -> bool:
    """Property staff may refund payments of their own community's bills (a called-off service)."""
    bill_id = purpose_id(payment, "bill")
    bill = db.get(Bill, bill_id) if bill_id else None
    return bill is not None and actor.is_staff_of(bill.community_id)


def bill_paid(db: Session, payment: Payment) -> None:
    """Hook: the provider confirmed a bill payment. Safe to call twice for the same payment."""
    bill_id = purpose_id(payment, "bill")
    if bill_id is None:
        return
    reference = f"payment:{payment.id}"
    if db.exec(select(BillPayment.id).where(BillPayment.reference == reference)).first() is not None:
        return  # already recorded (a replayed event, or the kiosk recorded it first)
    bill = db.get(Bill, bill_id, with_for_update=True)
    if bill is None or bill.status != "unpaid":
        # The money arrived for a bill that no longer wants it (paid at the office meanwhile):
        # refusing puts the money in suspense, flagged for an admin to refund (payments/status).
        raise ServiceError(phrase("The bill was {status} when this card payment arrived.",
                                  status=billing.STATUS_WORDS.get(bill.status, bill.status) if bill else phrase("deleted")),
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
        raise ServiceError(phrase("The {bill} bill is already paid.", bill=view.label), code="already_paid")
    if view.status == "void":
        raise ServiceError(phrase("The {bill} bill was cancelled and cannot be paid.", bill=view.label))
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


def pay_bill_from_wallet(db: Session, actor: Actor, bill_id: int) -> Payment:
    """The resident pays their household's bill in full from their wallet (payments/wallet.py): the
    same checks as a card, the same hook marks it paid. Too little credit says so and pays nothing."""
    view = billing.get_bill(db, actor, bill_id)
    if view.status == "paid":
        raise ServiceError(phrase("The {bill} bill is already paid.", bill=view.label), code="already_paid")
    if view.status == "void":
        raise ServiceError(phrase("The {bill} bill was cancelled and cannot be paid.", bill=view.label))
    wallet.check_covers(db, actor, view.outstanding_minor, view.currency)
    community = db.get(Community, actor.community_id)
    payment = intents.start_payment(
        db, actor, purpose=purpose_of(view.id), amount_minor=view.outstanding_minor, currency=view.currency,
        payee=f"property:{community.property_company_id}",
        description=f"Property bill {view.label} ({view.building}-{view.unit})",
    )
    return wallet.pay_from_wallet(db, actor, payment.id)


# ------------------------------------------------------------ every due bill in one payment
#
# The purpose names what the payment covers without a table of its own: "bills:{household}-{last
# bill id}-{total}" is every unpaid monthly bill of that household up to that bill, for that total.
# The hook recomputes that set under row locks when the money arrives and takes it only if it still
# owes exactly what was paid; otherwise the money waits in suspense (never dropped). A retry after a
# decline names the same purpose and amount, so the provider sees the same payment (never a double
# charge); a changed total is a new purpose. Service bills are left out: their refund gives back
# their own payment whole (property/service_refunds), which a shared payment cannot be.

_ALL = re.compile(r"^bills:(\d+)-(\d+)-(\d+)$")


@dataclass(frozen=True)
class DueBills:
    count: int
    total_minor: int
    currency: str
    label: str  # "2 bills · $240.00", for the page's button and confirmation


def _due(db: Session, household_id: int, last_id: int | None = None, *, lock: bool = False) -> list[Bill]:
    stmt = select(Bill).where(Bill.household_id == household_id, Bill.kind == BillKind.FEES,
                              Bill.status == BillStatus.UNPAID)
    if last_id is not None:
        stmt = stmt.where(Bill.id <= last_id)
    stmt = stmt.order_by(Bill.id)
    return list(db.exec(stmt.with_for_update() if lock else stmt).all())


def _summary(bills: list[Bill]) -> DueBills:
    total = sum(b.total_minor - b.paid_minor for b in bills)
    currency = bills[0].currency if bills else "USD"
    amount = format_money(total, currency)
    label = (phrase("1 bill · {amount}", amount=amount) if len(bills) == 1
             else phrase("{count} bills · {amount}", count=len(bills), amount=amount))
    return DueBills(len(bills), total, currency, label)


def due_bills(db: Session, actor: Actor) -> DueBills:
    """What "Pay all due bills" would pay now: the household's unpaid monthly bills and their total."""
    require_resident(actor)
    return _summary(_due(db, actor.household_id) if actor.household_id else [])


def pay_all_bills(db: Session, actor: Actor, expected_total_minor: int, card_number: str) -> Payment:
    """The resident pays every due monthly bill of their household in one card payment.

    The total is recomputed here, under row locks, before the card is charged: if a bill was paid
    or changed meanwhile (at the office, by another member) and the total is no longer the one the
    resident confirmed, nothing is charged and the message says the new figure."""
    require_resident(actor)
    if actor.household_id is None:
        raise ServiceError("Join your household first: its bills are paid here.")
    bills = _due(db, actor.household_id, lock=True)
    if not bills:
        raise ServiceError("Nothing is due: every bill is paid.", code="nothing_due")
    if len({b.currency for b in bills}) > 1:
        raise ServiceError("Your bills are in different currencies: pay them one by one.")
    due = _summary(bills)
    if not isinstance(expected_total_minor, int) or expected_total_minor != due.total_minor:
        raise ServiceError(phrase("What is due changed while you were looking: now {due}. "
                                  "Check the new total and pay again.", due=due.label), code="total_changed")
    community = db.get(Community, actor.community_id)
    home = db.get(Household, actor.household_id)
    payment = intents.start_payment(
        db, actor, purpose=f"bills:{actor.household_id}-{bills[-1].id}-{due.total_minor}",
        amount_minor=due.total_minor, currency=due.currency, payee=f"property:{community.property_company_id}",
        description=f"Property bills: {', '.join(billing.bill_label(b) for b in bills)} ({home.building}-{home.unit})",
    )
    payment = intents.confirm_payment(db, actor, payment.id, card_number.replace(" ", ""))
    if payment.status != PaymentStatus.SUCCEEDED:
        raise ServiceError("The payment has not gone through yet; nothing was charged twice. Try again in a moment.")
    if not payment.held_reason:
        bills_paid(db, payment)  # the provider's event normally did this already; harmless if so
    return payment


def bills_paid(db: Session, payment: Payment) -> None:
    """Hook: the provider confirmed a payment for every due bill. Safe to call twice. Each bill gets
    its own BillPayment (its paid amount and receipt line); the money is one ledger posting."""
    found = _ALL.match(payment.purpose)
    if found is None:
        return
    household_id, last_id = int(found.group(1)), int(found.group(2))
    prefix = f"payment:{payment.id}:bill:"
    if db.exec(select(BillPayment.id).where(BillPayment.reference.startswith(prefix))).first() is not None:
        return  # already recorded (a replayed event)
    bills = _due(db, household_id, last_id, lock=True)
    owed = sum(b.total_minor - b.paid_minor for b in bills)
    if not bills or owed != payment.captured_minor:
        # Paid or changed at the office while the card payment was on its way: refusing puts the
        # money in suspense, flagged for an admin to apply or refund (payments/status).
        raise ServiceError("The bills changed (paid or changed at the office) while this card payment was on "
                           "its way.", code="bill_not_payable")
    for b in bills:
        billing.mark_bill_paid(db, b.id, f"{prefix}{b.id}", b.total_minor - b.paid_minor)


def may_refund_bills(db: Session, actor: Actor, payment: Payment) -> bool:
    """Property staff of the household's community may refund a payment of its bills."""
    found = _ALL.match(payment.purpose)
    home = db.get(Household, int(found.group(1))) if found else None
    return home is not None and actor.is_staff_of(home.community_id)
