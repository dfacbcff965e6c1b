"""Where ad bookings meet payments: a merchant pays a booked ad slot by card, and the hook that
schedules the ad when the provider's answer arrives (on the webhook or a fresh read, never on what
the browser says).

The payments service posts the money to the ledger (`ad_paid`: provider clearing → platform
revenue) for "ad:{id}" purposes; this module only keeps the booking in step with it.
Its hooks are wired by `community_hub.payment_hooks.register_payment_hooks()`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.local_time import day_shown
from community_hub.core.money import POINTS, money_shown
from community_hub.core.permissions import Actor, require_merchant_of, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import Community
from community_hub.models.ads import AdBooking, AdSlot, AdStatus
from community_hub.models.base import utcnow
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.notify import outbox
from community_hub.payments import intents, points, refunds
from community_hub.payments.common import purpose_id
from community_hub.property import ads

log = logging.getLogger("community_hub.ad_payments")


@dataclass(frozen=True)
class SlotOffer:
    """A slot a merchant can buy, with its community's name and price per day (None: not for sale
    that way)."""

    slot_id: int
    community: str
    name: str
    placement: str
    price_per_day_minor: int | None
    price_per_day_points: int | None
    currency: str


@dataclass(frozen=True)
class Cancellation:
    booking_id: int
    refund_minor: int  # money going back for the days not shown
    refund_points: int  # points going back
    currency: str
    problem: str  # why the money is not back yet (a provider that did not answer); "" otherwise


def slots_for_sale(db: Session, actor: Actor, merchant_id: int) -> list[SlotOffer]:
    """Active slots priced in money and/or points, in every community, for the merchant to choose from."""
    require_merchant_of(actor, merchant_id)
    rows = db.exec(select(AdSlot, Community.name).join(Community, Community.id == AdSlot.community_id)
                   .where(AdSlot.active, AdSlot.price_per_day_minor.is_not(None)
                          | AdSlot.price_per_day_points.is_not(None))
                   .order_by(Community.name, AdSlot.placement, AdSlot.name)).all()
    return [SlotOffer(s.id, name, s.name, s.placement, s.price_per_day_minor, s.price_per_day_points, s.currency)
            for s, name in rows]


def purpose_of(booking_id: int) -> str:
    return f"ad:{booking_id}"


def ad_paid(db: Session, payment: Payment) -> None:
    """Hook: the provider confirmed an ad payment. Safe to call twice for the same payment."""
    booking_id = purpose_id(payment, "ad")
    if booking_id is None:
        return
    reference = f"payment:{payment.id}"
    if db.exec(select(AdBooking.id).where(AdBooking.payment_ref == reference)).first() is not None:
        return  # already recorded (a replayed event, or the page recorded it first)
    try:
        ads.mark_ad_paid(db, booking_id, reference)
    except ServiceError as exc:
        # The money arrived for a booking that no longer wants it (cancelled, or its lapsed dates
        # went to someone else): keep the payment and flag it for staff rather than refuse the event.
        log.warning("payment %s for ad booking %s arrived but was not applied: %s", payment.id, booking_id,
                    exc.message)


def pay_ad(db: Session, actor: Actor, booking_id: int, card_number: str) -> Payment:
    """The merchant pays its own money-priced booking with a card. A paid, cancelled or points
    booking is refused; a declined card is a clear message and leaves the booking pending for
    another try (the same attempt key: never a double charge)."""
    booking = db.get(AdBooking, booking_id)
    if booking is None or booking.merchant_id is None or not actor.is_merchant_of(booking.merchant_id):
        raise NotFound("ad booking")
    require_merchant_of(actor, booking.merchant_id)
    if booking.status == AdStatus.SCHEDULED:
        raise ServiceError("This ad is already paid.", code="already_paid")
    if booking.status != AdStatus.PENDING_PAYMENT:
        raise ServiceError("This booking was cancelled and cannot be paid.")
    if booking.pay_with != "money" or booking.price_minor <= 0:
        raise ServiceError("This booking is not paid by card.")
    payment = intents.start_payment(
        db, actor, purpose=purpose_of(booking.id), amount_minor=booking.price_minor, currency=booking.currency,
        payee="platform", description=f"Ad booking {booking.id} ({booking.starts_on} to {booking.ends_on})",
    )
    payment = intents.confirm_payment(db, actor, payment.id, card_number.replace(" ", ""))
    if payment.status != PaymentStatus.SUCCEEDED:
        raise ServiceError("The payment has not gone through yet; nothing was charged twice. Try again in a moment.")
    ad_paid(db, payment)  # the demo provider's event normally did this already; harmless if so
    return payment


# ---------------------------------------------------------------- paying with points


def book_with_points(db: Session, actor: Actor, slot_id: int, merchant_id: int, *, starts_on: date, ends_on: date,
                     kind: str, text: str = "", link: str = "", image: tuple[str, bytes] | None = None,
                     now: datetime | None = None) -> AdBooking:
    """The merchant books a points-priced slot and pays it from the shop's points in the same
    transaction: the ad is scheduled at once. Too few points: a clear message and nothing booked."""
    require_merchant_of(actor, merchant_id)
    slot = db.get(AdSlot, slot_id)
    if slot is None or not slot.active:
        raise NotFound(phrase("ad slot"))
    owner = f"merchant:{merchant_id}"
    if slot.price_per_day_points is not None and ends_on >= starts_on:
        # Checked before the image is stored; `points.spend` checks again under the account lock.
        needed = ((ends_on - starts_on).days + 1) * slot.price_per_day_points
        have = points.balance(db, owner)
        if needed > have:
            raise ServiceError(phrase("This booking needs {needed} points and the shop has {have}.",
                                      needed=format(needed, ","), have=format(have, ",")), code="points_short")
    booking = ads.book_slot(db, actor, slot_id, merchant_id, starts_on=starts_on, ends_on=ends_on, kind=kind,
                            pay_with="points", text=text, link=link, image=image, now=now)
    if booking.price_points > 0:
        tx = points.spend(db, owner, booking.price_points, reference=purpose_of(booking.id),
                          source=f"adbooking:{booking.id}",
                          memo=f"{slot.name}, {booking.starts_on} to {booking.ends_on}")
        reference = f"points:{tx.id}"
    else:
        reference = f"points:free:{booking.id}"  # a slot offered for 0 points
    return ads.mark_ad_paid(db, booking.id, reference, now=now)


# ---------------------------------------------------------------- cancelling a paid ad


def days_not_shown(booking: AdBooking, today: date) -> int:
    """Days of the booking still to come: all of them before it starts, none once it has ended
    (the day of cancelling counts as shown)."""
    total = (booking.ends_on - booking.starts_on).days + 1
    if today < booking.starts_on:
        return total
    return max(0, (booking.ends_on - today).days)


def may_refund_ad(db: Session, actor: Actor, payment: Payment) -> bool:
    """Who may refund an ad payment: the slot's property staff, or the merchant whose booking was
    cancelled (cancel_ad decided the amount; refund_payment never lets more out than was paid)."""
    booking_id = purpose_id(payment, "ad")
    booking = db.get(AdBooking, booking_id) if booking_id else None
    if booking is None:
        return False
    if ads.is_slot_staff(db, actor, booking):
        return True
    return (booking.merchant_id is not None and actor.is_merchant_of(booking.merchant_id)
            and booking.status == AdStatus.CANCELLED and booking.refund_minor > 0)


def _refund_outstanding(db: Session, booking: AdBooking) -> bool:
    payment = intents.paid_payment_for(db, purpose_of(booking.id)) if booking.refund_minor else None
    return payment is not None and (payment.refunded_minor < booking.refund_minor
                                    or refunds.unsent_refund(db, payment) is not None)


def _send_money_back(db: Session, actor: Actor, booking: AdBooking, reason: str) -> str:
    """Refund what is decided and not yet back; returns the problem if the provider did not take it."""
    payment = intents.paid_payment_for(db, purpose_of(booking.id))
    if payment is None:
        return ""
    missing = booking.refund_minor - payment.refunded_minor
    stuck = refunds.unsent_refund(db, payment)
    if missing <= 0 and stuck is None:
        return ""
    try:
        refunds.refund_payment(db, actor, payment.id, stuck.amount_minor if stuck else missing,
                                reason=reason or "ad cancelled")
    except ServiceError as exc:
        if not exc.keep:
            raise
        return exc.message
    return ""


def cancel_ad(db: Session, actor: Actor, booking_id: int, *, reason: str = "",
              now: datetime | None = None) -> Cancellation:
    """Cancel an ad booking and give back what was paid for the days not shown.

    Unpaid bookings and house ads: as `ads.cancel_booking`. A paid merchant ad: the slot's staff
    may take it down at any time; the merchant may cancel it until its first day. Money goes back
    to the card through the provider, points to the shop's points. A cancelled booking whose
    refund did not reach the provider is retried by calling this again."""
    now = now or utcnow()
    booking = get_or_not_found(db, AdBooking, booking_id, phrase("ad booking"), lock=True)
    staff = ads.is_slot_staff(db, actor, booking)
    owner = booking.merchant_id is not None and actor.is_merchant_of(booking.merchant_id)
    if not (staff or owner):
        raise NotFound("ad booking")
    reason = (reason or "").strip()[:200]
    if booking.status == AdStatus.CANCELLED:
        if _refund_outstanding(db, booking):  # a refund the provider did not take: send it again
            problem = _send_money_back(db, actor, booking, reason)
            return Cancellation(booking.id, booking.refund_minor, booking.refund_points, booking.currency, problem)
        raise ServiceError("This booking is already cancelled.")
    if booking.status != AdStatus.SCHEDULED or booking.merchant_id is None:
        ads.cancel_booking(db, actor, booking.id)  # pending or a house ad: nothing was paid
        booking.cancelled_at, booking.cancel_reason = now, reason
        return Cancellation(booking.id, 0, 0, booking.currency, "")
    today = ads.community_today(db, db.get(AdSlot, booking.slot_id).community_id, now)
    if not staff and today >= booking.starts_on:
        raise PermissionDenied("Your ad has started showing; ask the property office to take it down.")
    left = days_not_shown(booking, today)
    total = (booking.ends_on - booking.starts_on).days + 1
    booking.status, booking.cancelled_at, booking.cancel_reason = AdStatus.CANCELLED, now, reason
    booking.refund_minor = booking.price_minor * left // total
    booking.refund_points = booking.price_points * left // total
    db.flush()
    problem = ""
    if booking.refund_points:
        points.give_back(db, f"merchant:{booking.merchant_id}", booking.refund_points, reference=purpose_of(booking.id),
                         source=f"adcancel:{booking.id}", memo=f"Ad #{booking.id} cancelled: the days not shown")
    if booking.refund_minor:
        problem = _send_money_back(db, actor, booking, reason)
    _tell_merchant(db, actor, booking, staff and not owner)
    return Cancellation(booking.id, booking.refund_minor, booking.refund_points, booking.currency, problem)


def _tell_merchant(db: Session, actor: Actor, booking: AdBooking, by_office: bool) -> None:
    if not by_office:
        return
    # Phrases and shown amounts: the merchant reads them in their own language (notify/templates.py).
    if booking.refund_minor:
        refund = phrase("{amount} goes back to the card for the days not shown.",
                        amount=money_shown(booking.refund_minor, booking.currency))
    elif booking.refund_points:
        refund = phrase("{points} went back to the shop for the days not shown.",
                        points=money_shown(booking.refund_points, POINTS))
    else:
        refund = phrase("Every booked day had been shown, so nothing is refunded.")
    if booking.cancel_reason:
        refund = phrase("Reason: {reason}. {refund}", reason=booking.cancel_reason, refund=refund)
    outbox.notify_user(db, booking.created_by, "ad_cancelled", link="/merchant/ads", booking=booking.id,
                       dates=phrase("{start} to {end}", start=day_shown(booking.starts_on), end=day_shown(booking.ends_on)),
                       refund=refund)


def refunds_outstanding(db: Session, actor: Actor, community_id: int) -> set[int]:
    """Staff: cancelled bookings of the community whose money has not all gone back yet (retry)."""
    require_staff_of(actor, community_id)
    rows = db.exec(select(AdBooking).join(AdSlot, AdSlot.id == AdBooking.slot_id).where(
        AdSlot.community_id == community_id, AdBooking.status == AdStatus.CANCELLED, AdBooking.refund_minor > 0)).all()
    return {b.id for b in rows if _refund_outstanding(db, b)}
