"""A parking booking's money, through the payments room: the renter pays the deposit (which makes
the booking) and, after the end, the balance; both wait in escrow ("share:dep-<id>",
"share:bal-<id>", posted by payments/status as `sharing_paid`) until the payout run pays the owner,
a cancellation sends the deposit back, or the deposit is kept for the owner. An overstay the renter
owes after paying the balance ("share:ovr-<id>", sharing/parking_overstay.pay_overstay) goes to
the owner as soon as it arrives: there is nothing left to wait for.

Its hooks are wired by `community_hub.payment_hooks.register_payment_hooks()`; nothing here trusts
what a browser says about a payment: the booking moves when the provider's answer arrives."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.models.base import utcnow
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.models.sharing import BookingStatus, ParkingBooking
from community_hub.payments import intents, ledger, ledger_postings
from community_hub.payments.card_details import card_typed_here, luhn_ok
from community_hub.payments.common import PAID_STATUSES
from community_hub.sharing import settings
from community_hub.sharing.escrow_refund import refund_rest
from community_hub.sharing.parking_bookings import (
    HOLD_MINUTES,
    after_deposit,
    balance_due,
    owned_booking,
)
from community_hub.sharing.relations import blocked_either_way

log = logging.getLogger("community_hub.sharing")
_PURPOSE = re.compile(r"^share:(dep|bal|ovr)-(\d+)$")


def deposit_purpose(booking_id: int) -> str:
    return f"share:dep-{booking_id}"


def balance_purpose(booking_id: int) -> str:
    return f"share:bal-{booking_id}"


def overstay_purpose(booking_id: int) -> str:
    return f"share:ovr-{booking_id}"


def _parsed(payment: Payment) -> tuple[str, int] | None:
    m = _PURPOSE.match(payment.purpose)
    return (m.group(1), int(m.group(2))) if m else None


# ---------------------------------------------------------------- hooks (payments/hooks.py)


def share_paid(db: Session, payment: Payment) -> None:
    """Hook: the provider confirmed a deposit or a balance. Safe to call twice."""
    parsed = _parsed(payment)
    if parsed is None:
        return
    part, booking_id = parsed
    booking = db.get(ParkingBooking, booking_id, with_for_update=True, populate_existing=True)
    if booking is None:
        raise ServiceError(phrase("This booking no longer exists."))
    if part == "dep":
        after_deposit(db, booking)
        return
    if part == "ovr":  # owed after the balance: straight to the owner, less the fee (posted once)
        held = ledger.held_in_escrow(db, payment.purpose, booking.currency)
        if held > 0:
            ledger_postings.sharing_settled(db, reference=payment.purpose, owner_user_id=booking.owner_id,
                                            fee_minor=settings.fee_of(db, held), currency=booking.currency)
        return
    if booking.status == BookingStatus.BALANCE_PAID or booking.status == BookingStatus.PAID_OUT:
        return
    if booking.status != BookingStatus.CONFIRMED:
        raise ServiceError(phrase("This booking has no balance to pay."))
    booking.status = BookingStatus.BALANCE_PAID
    db.add(booking)
    db.flush()


def may_refund_share(db: Session, actor: Actor, payment: Payment) -> bool:
    """Who may refund a sharing payment besides admins: the renter or the owner of a booking whose
    cancellation gave its deposit back (parking_cancel decided it; refunds never exceed what was paid)."""
    parsed = _parsed(payment)
    if parsed is None or parsed[0] != "dep":
        return False
    booking = db.get(ParkingBooking, parsed[1])
    return (booking is not None and booking.status == BookingStatus.CANCELLED
            and actor.user_id in (booking.renter_id, booking.owner_id))


# ---------------------------------------------------------------- paying


def check_card_number(card: str) -> None:
    """A typed card number that cannot be one is refused before anything is recorded (a saved
    method's id, "pm_...", goes to the provider as it is)."""
    text = re.sub(r"[\s-]", "", card or "")
    if text.startswith("pm_") or not card_typed_here():
        return  # a saved method; or the card is typed on the provider's page, reached through /pay/<id>
    if not text.isdigit() or not 12 <= len(text) <= 19 or not luhn_ok(text):
        raise ServiceError(phrase("That card number is not right: check the digits."), code="card_number")


def _pay(db: Session, actor: Actor, booking: ParkingBooking, purpose: str, amount: int, card: str,
         description: str) -> Payment:
    check_card_number(card)
    payment = intents.start_payment(db, actor, purpose=purpose, amount_minor=amount, currency=booking.currency,
                                    payee=f"resident:{booking.owner_id}", description=description)
    payment = intents.confirm_payment(db, actor, payment.id, (card or "").replace(" ", ""))
    if payment.status not in PAID_STATUSES:
        raise ServiceError(phrase("The payment has not gone through yet; nothing was charged twice. Try again in a moment."),
                           keep=True)
    if ledger.held_in_escrow(db, purpose, booking.currency) == 0 and payment.held_reason:
        # what was recorded (the payment, the money in suspense) stays: keep=True
        raise ServiceError(phrase("The payment arrived but could not be applied; the platform will sort it out."),
                           keep=True)
    share_paid(db, payment)  # the demo provider's event normally did this already; harmless if so
    return payment


def pay_deposit(db: Session, actor: Actor, booking_id: int, card: str, now: datetime | None = None) -> ParkingBooking:
    """The renter pays the deposit of a booking they hold: that makes the booking. A declined card
    is a clear message; the hold stays (another card may be tried while it lasts)."""
    now = now or utcnow()
    booking = owned_booking(db, actor, booking_id, as_owner=False)
    if booking.status != BookingStatus.AWAITING_DEPOSIT:
        raise ServiceError(phrase("This booking's deposit is already paid."), code="already_paid")
    if (now - booking.created_at).total_seconds() > HOLD_MINUTES * 60:
        raise ServiceError(phrase("Your hold on this time has ended; book it again."), code="hold_ended")
    if blocked_either_way(db, booking.renter_id, booking.owner_id):
        raise ServiceError(phrase("This slot is not available."), code="not_available")
    _pay(db, actor, booking, deposit_purpose(booking.id), booking.deposit_minor, card,
         f"Parking deposit, booking {booking.id}")
    db.refresh(booking)
    return booking


def pay_balance(db: Session, actor: Actor, booking_id: int, card: str, now: datetime | None = None) -> ParkingBooking:
    """After the booking ends the renter pays the rest of the price."""
    now = now or utcnow()
    booking = owned_booking(db, actor, booking_id, as_owner=False)
    if booking.status in (BookingStatus.BALANCE_PAID, BookingStatus.PAID_OUT):
        raise ServiceError(phrase("This booking is paid in full."), code="already_paid")
    if booking.status != BookingStatus.CONFIRMED:
        raise ServiceError(phrase("This booking has no balance to pay."))
    if now < booking.ends_at:
        raise ServiceError(phrase("The balance is paid once the booking has ended."))
    balance = balance_due(booking)
    if balance <= 0:
        raise ServiceError(phrase("This booking is paid in full."), code="already_paid")
    _pay(db, actor, booking, balance_purpose(booking.id), balance, card, f"Parking balance, booking {booking.id}")
    db.refresh(booking)
    return booking


# ---------------------------------------------------------------- where the deposit goes


def give_deposit_back(db: Session, actor: Actor, booking: ParkingBooking, reason: str) -> str:
    """Refund the deposit still held (the booking is already cancelled, on record). Returns the
    problem when the provider did not take the refund ("" when done or nothing to send); calling
    again re-sends the same refund."""
    return refund_rest(db, actor, deposit_purpose(booking.id), reason=reason)


def deposit_refund_outstanding(db: Session, booking: ParkingBooking) -> bool:
    payment = intents.paid_payment_for(db, deposit_purpose(booking.id))
    return payment is not None and payment.status != PaymentStatus.REFUNDED


def pay_owner(db: Session, booking: ParkingBooking, *, with_balance: bool) -> int:
    """What escrow holds for the booking (the deposit, and the balance when `with_balance`) goes to
    the owner's wallet less the sharing fee, computed once on the total. Returns the owner's net."""
    parts = [deposit_purpose(booking.id)] + ([balance_purpose(booking.id)] if with_balance else [])
    held = [ledger.held_in_escrow(db, p, booking.currency) for p in parts]
    total_fee = settings.fee_of(db, sum(held))
    fee_first = min(settings.fee_of(db, held[0]), total_fee)
    fees = [fee_first, total_fee - fee_first][:len(parts)]
    for purpose, amount, fee in zip(parts, held, fees, strict=True):
        if amount > 0:
            ledger_postings.sharing_settled(db, reference=purpose, owner_user_id=booking.owner_id,
                                            fee_minor=min(fee, amount), currency=booking.currency)
    booking.fee_minor = total_fee
    booking.payout_minor = sum(held) - total_fee
    return booking.payout_minor


# ---------------------------------------------------------------- an overstay owed


def overstay_owed(db: Session, booking: ParkingBooking) -> int:
    """What the renter still owes for an overstay reported after the balance was paid (0 when
    nothing: none reported, it joined the balance, or it is paid)."""
    if not booking.overstay_minor or booking.status not in (BookingStatus.BALANCE_PAID, BookingStatus.PAID_OUT):
        return 0
    return 0 if intents.paid_payment_for(db, overstay_purpose(booking.id)) is not None else booking.overstay_minor


def pay_overstay(db: Session, actor: Actor, booking_id: int, card: str) -> ParkingBooking:
    """The renter pays the overstay the owner reported after the balance: it goes to the owner at once."""
    booking = owned_booking(db, actor, booking_id, as_owner=False)
    owed = overstay_owed(db, booking)
    if owed <= 0:
        raise ServiceError(phrase("Nothing is owed for this booking."), code="already_paid")
    _pay(db, actor, booking, overstay_purpose(booking.id), owed, card, f"Parking overstay, booking {booking.id}")
    db.refresh(booking)
    return booking
