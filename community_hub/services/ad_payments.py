"""Where ad bookings meet payments: a merchant pays a booked ad slot by card, and the hook that
schedules the ad when the provider's answer arrives (on the webhook or a fresh read, never on what
the browser says).

The payments service posts the money to the ledger (`ad_paid`: provider clearing → platform
revenue) for "ad:{id}" purposes; this module only keeps the booking in step with it.
Importing it registers the hook (community_hub.community_hub and api.webhooks import it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.models import Community
from community_hub.models.ads import AdBooking, AdSlot, AdStatus
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.services import ads, payments
from community_hub.services.errors import NotFound, ServiceError
from community_hub.services.permissions import Actor, require_merchant_of

log = logging.getLogger("community_hub.ad_payments")


@dataclass(frozen=True)
class SlotOffer:
    """A slot a merchant can buy, with its community's name and price per day."""

    slot_id: int
    community: str
    name: str
    placement: str
    price_per_day_minor: int
    currency: str


def slots_for_sale(db: Session, actor: Actor, merchant_id: int) -> list[SlotOffer]:
    """Active slots priced in money, in every community, for the merchant to choose from."""
    require_merchant_of(actor, merchant_id)
    rows = db.exec(select(AdSlot, Community.name).join(Community, Community.id == AdSlot.community_id)
                   .where(AdSlot.active, AdSlot.price_per_day_minor.is_not(None))
                   .order_by(Community.name, AdSlot.placement, AdSlot.name)).all()
    return [SlotOffer(s.id, name, s.name, s.placement, s.price_per_day_minor, s.currency) for s, name in rows]


def purpose_of(booking_id: int) -> str:
    return f"ad:{booking_id}"


def _booking_id(payment: Payment) -> int | None:
    kind, _, rest = payment.purpose.partition(":")
    return int(rest) if kind == "ad" and rest.isdigit() else None


def _paid(db: Session, payment: Payment) -> None:
    """Hook: the provider confirmed an ad payment. Safe to call twice for the same payment."""
    booking_id = _booking_id(payment)
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


payments.on_payment_succeeded("ad", _paid)


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
    payment = payments.start_payment(
        db, actor, purpose=purpose_of(booking.id), amount_minor=booking.price_minor, currency=booking.currency,
        payee="platform", description=f"Ad booking {booking.id} ({booking.starts_on} to {booking.ends_on})",
    )
    payment = payments.confirm_payment(db, actor, payment.id, card_number.replace(" ", ""))
    if payment.status != PaymentStatus.SUCCEEDED:
        raise ServiceError("The payment has not gone through yet; nothing was charged twice. Try again in a moment.")
    _paid(db, payment)  # the demo provider's event normally did this already; harmless if so
    return payment
