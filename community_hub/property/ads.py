"""Ad slots: staff define them per community; merchants book dates (money or points) or staff place
house ads; the app shows what is scheduled for today and counts clicks.

Bookings of one slot serialise on the slot row so two merchants cannot both take its last day.
A merchant's booking holds its dates as pending_payment; the payments flow calls `mark_ad_paid`
(no ledger posting happens in this module).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from community_hub.accounts import rate_limits
from community_hub.core import local_time, prebuilt, uploads
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_merchant_of,
    require_staff_of,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models import Community, Merchant
from community_hub.models.ads import AdBooking, AdPlacementKind, AdSlot, AdStatus
from community_hub.models.base import utcnow

MAX_DAYS = 90
_PAY_WORDS = {"money": phrase("money"), "points": phrase("points")}  # how an ad is paid, in a sentence
HOLD = timedelta(minutes=30)  # an unpaid booking stops holding its dates after this


@dataclass(frozen=True)
class AdView:
    booking_id: int
    kind: str
    image_path: str
    text: str
    link: str
    house: bool


@dataclass(frozen=True)
class AdReportRow:
    booking_id: int
    slot: str
    merchant_id: int | None
    starts_on: date
    ends_on: date
    status: str
    clicks: int
    price_minor: int
    price_points: int
    currency: str = "USD"
    merchant: str = ""  # the shop's name ("" for a house ad)
    refund_minor: int = 0  # decided when a paid booking was cancelled
    refund_points: int = 0
    cancel_reason: str = ""


def _report_row(b: AdBooking, slot_name: str, merchant: str | None) -> AdReportRow:
    return AdReportRow(b.id, slot_name, b.merchant_id, b.starts_on, b.ends_on, b.status, b.clicks, b.price_minor,
                       b.price_points, b.currency, merchant or "", b.refund_minor, b.refund_points, b.cancel_reason)


def create_slot(db: Session, actor: Actor, community_id: int, *, placement: str, name: str,
                price_per_day_minor: int | None = None, price_per_day_points: int | None = None,
                currency: str = "USD", capacity: int = 1) -> AdSlot:
    """Staff define a slot where ads are shown, its price per day (money and/or points) and capacity."""
    require_staff_of(actor, community_id)
    if placement not in set(AdPlacementKind):
        raise ServiceError("A slot is on the home carousel, the kiosk attract screen or a channel sidebar.")
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ServiceError("Give the slot a name (at most 80 characters).")
    for price in (price_per_day_minor, price_per_day_points):
        if price is not None and (not isinstance(price, int) or price < 0):
            raise ServiceError("Prices are whole amounts, zero or more.")
    if not isinstance(capacity, int) or not 1 <= capacity <= 20:
        raise ServiceError("A slot shows between 1 and 20 ads at a time.")
    if db.exec(select(AdSlot.id).where(AdSlot.community_id == community_id, AdSlot.name == name)).first():
        raise ServiceError(phrase("There is already a slot called {name}.", name=name))
    slot = AdSlot(community_id=community_id, placement=placement, name=name, price_per_day_minor=price_per_day_minor,
                  price_per_day_points=price_per_day_points, currency=currency, capacity=capacity)
    db.add(slot)
    db.flush()
    return slot


def set_slot_active(db: Session, actor: Actor, slot_id: int, active: bool) -> AdSlot:
    slot = get_or_not_found(db, AdSlot, slot_id, phrase("ad slot"))
    require_staff_of(actor, slot.community_id)
    slot.active = active
    return slot


def list_slots(db: Session, community_id: int) -> list[AdSlot]:
    """Active slots of a community (what merchants can buy)."""
    return list(db.exec(select(AdSlot).where(AdSlot.community_id == community_id, AdSlot.active)
                        .order_by(AdSlot.placement, AdSlot.name)).all())


def _holding(now: datetime):
    return (AdBooking.status == AdStatus.SCHEDULED) | (
        (AdBooking.status == AdStatus.PENDING_PAYMENT) & (AdBooking.created_at > now - HOLD))


def community_today(db: Session, community_id: int, now: datetime | None = None) -> date:
    """Ads run by whole days of the community's own calendar (not UTC's, which is already tomorrow
    on a New York evening)."""
    zone = prebuilt.scalar(db, _ZONE, community_id=community_id)
    return local_time.local_today(zone, now or utcnow())


def _check_dates(starts_on: date, ends_on: date, today: date) -> int:
    if starts_on < today:
        raise ServiceError("An ad cannot start in the past.")
    if ends_on < starts_on:
        raise ServiceError("The last day must be on or after the first day.")
    days = (ends_on - starts_on).days + 1
    if days > MAX_DAYS:
        raise ServiceError(phrase("Book at most {days} days at a time.", days=MAX_DAYS))
    return days


def _check_free(db: Session, slot: AdSlot, starts_on: date, ends_on: date, now: datetime) -> None:
    rows = db.exec(select(AdBooking).where(AdBooking.slot_id == slot.id, _holding(now),
                                           AdBooking.starts_on <= ends_on, AdBooking.ends_on >= starts_on)).all()
    day = starts_on
    while day <= ends_on:
        if sum(1 for b in rows if b.starts_on <= day <= b.ends_on) >= slot.capacity:
            raise ServiceError(phrase("{slot} is fully booked on {day}. Choose other dates.", slot=slot.name,
                                      day=day.isoformat()), code="full")
        day += timedelta(days=1)


def _content(kind: str, text: str, link: str, image: tuple[str, bytes] | None) -> tuple[str, str, bool]:
    """Checked (text, link, has_image); the image itself is stored only once the dates are free."""
    text, link = (text or "").strip(), (link or "").strip()
    if link and not re.match(r"^https?://\S+$", link, re.I):
        raise ServiceError("The link must be a web address starting with http:// or https://.")
    if len(link) > 500:
        raise ServiceError("The link is too long.")
    if kind == "text":
        if not text or len(text) > 200:
            raise ServiceError("Write the ad text (at most 200 characters).")
        return text, link, False
    if kind == "image":
        if image is None:
            raise ServiceError("Upload the ad image.")
        if len(text) > 200:
            raise ServiceError("The caption is too long (at most 200 characters).")
        uploads.check_upload(image[1], allowed=uploads.IMAGE_KINDS)
        return text, link, True
    raise ServiceError("An ad is an image or a text.")


def _slot_for_update(db: Session, slot_id: int) -> AdSlot:
    slot = db.get(AdSlot, slot_id, with_for_update=True)
    if slot is None or not slot.active:
        raise NotFound("ad slot")
    return slot


def book_slot(db: Session, actor: Actor, slot_id: int, merchant_id: int, *, starts_on: date, ends_on: date,
              kind: str, pay_with: str, text: str = "", link: str = "", image: tuple[str, bytes] | None = None,
              now: datetime | None = None) -> AdBooking:
    """A merchant books a slot for dates, priced per day in money or points; it holds the dates
    (pending payment) for 30 minutes until `mark_ad_paid`."""
    require_merchant_of(actor, merchant_id)
    now = now or utcnow()
    slot = _slot_for_update(db, slot_id)
    days = _check_dates(starts_on, ends_on, community_today(db, slot.community_id, now))
    if pay_with == "money" and slot.price_per_day_minor is not None:
        price_minor, price_points = days * slot.price_per_day_minor, 0
    elif pay_with == "points" and slot.price_per_day_points is not None:
        price_minor, price_points = 0, days * slot.price_per_day_points
    else:
        raise ServiceError(phrase("{slot} cannot be paid with {way}.", slot=slot.name,
                                  way=_PAY_WORDS.get(pay_with, pay_with)))
    text, link, img = _content(kind, text, link, image)
    _check_free(db, slot, starts_on, ends_on, now)
    path = uploads.store_upload(image[1], image[0], allowed=uploads.IMAGE_KINDS).path if img else ""
    booking = AdBooking(slot_id=slot.id, merchant_id=merchant_id, starts_on=starts_on, ends_on=ends_on, kind=kind,
                        image_path=path, text=text, link=link, pay_with=pay_with, price_minor=price_minor,
                        price_points=price_points, currency=slot.currency, status=AdStatus.PENDING_PAYMENT,
                        created_by=actor.user_id, created_at=now)
    db.add(booking)
    db.flush()
    return booking


def mark_ad_paid(db: Session, booking_id: int, payment_ref: str, *, now: datetime | None = None) -> AdBooking:
    """The payments flow confirms a booking was paid: it becomes scheduled. Paying twice is refused."""
    booking = get_or_not_found(db, AdBooking, booking_id, phrase("ad booking"), lock=True)
    if booking.status == AdStatus.SCHEDULED:
        raise ServiceError("This ad booking is already paid.", code="already_paid")
    if booking.status == AdStatus.CANCELLED:
        raise ServiceError("This ad booking was cancelled.")
    if not payment_ref or db.exec(select(AdBooking.id).where(AdBooking.payment_ref == payment_ref)).first():
        raise ServiceError("This payment has already been recorded.", code="duplicate")
    now = now or utcnow()
    if booking.created_at <= now - HOLD:
        # The hold lapsed: the dates may have gone to someone else since.
        slot = _slot_for_update(db, booking.slot_id)
        _check_free(db, slot, booking.starts_on, booking.ends_on, now)
    booking.status, booking.payment_ref = AdStatus.SCHEDULED, payment_ref
    db.flush()
    return booking


def place_house_ad(db: Session, actor: Actor, slot_id: int, *, starts_on: date, ends_on: date, kind: str,
                   text: str = "", link: str = "", image: tuple[str, bytes] | None = None,
                   now: datetime | None = None) -> AdBooking:
    """Staff place the property company's own ad (no charge), scheduled at once."""
    now = now or utcnow()
    slot = _slot_for_update(db, slot_id)
    require_staff_of(actor, slot.community_id)
    _check_dates(starts_on, ends_on, community_today(db, slot.community_id, now))
    text, link, img = _content(kind, text, link, image)
    _check_free(db, slot, starts_on, ends_on, now)
    path = uploads.store_upload(image[1], image[0], allowed=uploads.IMAGE_KINDS).path if img else ""
    booking = AdBooking(slot_id=slot.id, starts_on=starts_on, ends_on=ends_on, kind=kind, image_path=path, text=text,
                        link=link, currency=slot.currency, status=AdStatus.SCHEDULED, created_by=actor.user_id,
                        created_at=now)
    db.add(booking)
    db.flush()
    return booking


def is_slot_staff(db: Session, actor: Actor, booking: AdBooking) -> bool:
    """The property staff of the community whose slot the booking is in (or a platform admin)."""
    slot = db.get(AdSlot, booking.slot_id)
    return actor.is_authenticated and (actor.holds(AdminPermission.SUPER) or actor.is_staff_of(slot.community_id))


def cancel_booking(db: Session, actor: Actor, booking_id: int) -> AdBooking:
    """Staff of the community, or the booking merchant before payment, cancel a booking."""
    booking = get_or_not_found(db, AdBooking, booking_id, phrase("ad booking"), lock=True)
    if not is_slot_staff(db, actor, booking):
        if booking.merchant_id is None or not actor.is_merchant_of(booking.merchant_id):
            raise NotFound("ad booking")
        if booking.status != AdStatus.PENDING_PAYMENT:
            raise PermissionDenied("A paid booking can only be cancelled by the property staff.")
    if booking.status == AdStatus.CANCELLED:
        raise ServiceError("This booking is already cancelled.")
    booking.status = AdStatus.CANCELLED
    return booking


def ads_to_show(db: Session, community_id: int, placement: str, *, today: date | None = None) -> list[AdView]:
    """What a screen shows today in a placement: scheduled ads in active slots (public, no actor)."""
    today = today or community_today(db, community_id)
    rows = prebuilt.rows(db, _SHOWN_TODAY, community_id=community_id, placement=placement, today=today)
    return [AdView(ad_id, kind, image, text, link, merchant_id is None)
            for ad_id, kind, image, text, link, merchant_id in rows]


# The home page and the kiosk read these on every open: built once (core/prebuilt.py).
_ZONE = select(Community.time_zone).where(Community.id == bindparam("community_id"))
_SHOWN_TODAY = (select(AdBooking.id, AdBooking.kind, AdBooking.image_path, AdBooking.text, AdBooking.link,
                       AdBooking.merchant_id)
                .join(AdSlot, AdSlot.id == AdBooking.slot_id)
                .where(AdSlot.community_id == bindparam("community_id"), AdSlot.placement == bindparam("placement"),
                       AdSlot.active, AdBooking.status == AdStatus.SCHEDULED,
                       AdBooking.starts_on <= bindparam("today"), AdBooking.ends_on >= bindparam("today"))
                .order_by(AdBooking.id))


CLICKS_PER_RESIDENT_PER_HOUR = 60  # over all ads: a script clicking on is not counted further


def record_click(db: Session, actor: Actor, booking_id: int, now: datetime | None = None) -> str:
    """Where a scheduled ad leads. The click is counted (what its merchant paid for) once a day
    per signed-in resident of the ad's community, and never for strangers or scripts: a count
    anyone could raise without limit would be worth nothing to the merchant or to staff."""
    now = now or utcnow()
    row = db.exec(select(AdBooking.link, AdSlot.community_id).join(AdSlot, AdSlot.id == AdBooking.slot_id)
                  .where(AdBooking.id == booking_id, AdBooking.status == AdStatus.SCHEDULED)).first()
    if row is None:
        raise NotFound("ad")
    link, community_id = row
    if actor.is_authenticated and actor.community_id == community_id:
        key = f"{booking_id}:{actor.user_id}"
        fresh = rate_limits.count_recent(db, "ad_click", key, timedelta(days=1), now) == 0
        if fresh and rate_limits.count_recent(db, "ad_clicks_by", str(actor.user_id), timedelta(hours=1),
                                              now) < CLICKS_PER_RESIDENT_PER_HOUR:
            rate_limits.record(db, "ad_click", key, now)
            rate_limits.record(db, "ad_clicks_by", str(actor.user_id), now)
            db.exec(update(AdBooking).where(AdBooking.id == booking_id).values(clicks=AdBooking.clicks + 1))
    return link


def ad_report(db: Session, actor: Actor, community_id: int) -> list[AdReportRow]:
    """Staff: every booking of the community's slots with its clicks and price."""
    require_staff_of(actor, community_id)
    rows = db.exec(select(AdBooking, AdSlot.name, Merchant.name).join(AdSlot, AdSlot.id == AdBooking.slot_id)
                   .join(Merchant, Merchant.id == AdBooking.merchant_id, isouter=True)
                   .where(AdSlot.community_id == community_id).order_by(AdBooking.starts_on, AdBooking.id)).all()
    return [_report_row(b, name, shop) for b, name, shop in rows]


def my_bookings(db: Session, actor: Actor, merchant_id: int) -> list[AdReportRow]:
    """A merchant's own bookings with clicks."""
    require_merchant_of(actor, merchant_id)
    rows = db.exec(select(AdBooking, AdSlot.name).join(AdSlot, AdSlot.id == AdBooking.slot_id)
                   .where(AdBooking.merchant_id == merchant_id).order_by(AdBooking.starts_on.desc())).all()
    return [_report_row(b, name, None) for b, name in rows]
