"""What each side of a parking booking sees on their list: every booking of mine, as renter and as
owner, in time order, with the other person's name and what I may do next — and a cheap version
the open page polls, so an owner's approval or a renter's request shows up without a reload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import User
from community_hub.models.base import utcnow
from community_hub.models.sharing import HOLDING, BookingStatus, ParkingBooking
from community_hub.sharing.parking_bookings import HOLD_MINUTES, BookingView, my_bookings
from community_hub.sharing.parking_cancel import CANCEL_HOURS
from community_hub.sharing.parking_jobs import BALANCE_HOURS
from community_hub.sharing.parking_money import overstay_owed
from community_hub.sharing.parking_slots import seen_slot
from community_hub.sharing.relations import blocked_either_way


@dataclass(frozen=True)
class CalendarRow:
    booking: BookingView
    side: str  # "renter" | "owner"
    other_name: str  # the other side: "" when blocked either way (then just "a neighbour")
    actions: tuple[str, ...]  # what I may do now: approve, decline, cancel, pay_balance, report_overstay, pay_overstay
    overstay_owed_minor: int
    deposit_back_if_cancelled: bool  # the renter, now: more than CANCEL_HOURS before the start


def _actions(b: BookingView, side: str, now: datetime, owed: int) -> tuple[str, ...]:
    out: list[str] = []
    live = b.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
    if side == "owner":
        if b.status == BookingStatus.REQUESTED:
            out += ["approve", "decline"]
        elif b.status == BookingStatus.CONFIRMED and now < b.ends_at:
            out.append("cancel")
        took_place = b.status in (BookingStatus.CONFIRMED, BookingStatus.BALANCE_PAID, BookingStatus.PAID_OUT)
        if took_place and b.ends_at <= now and not b.overstay_minor and (now - b.ends_at).total_seconds() <= BALANCE_HOURS * 3600:
            out.append("report_overstay")
    else:
        if (live and now < b.starts_at) or b.status == BookingStatus.AWAITING_DEPOSIT:
            out.append("cancel")
        if b.status == BookingStatus.CONFIRMED and b.ends_at <= now and b.balance_minor > 0:
            out.append("pay_balance")
        if owed:
            out.append("pay_overstay")
    return tuple(out)


def my_calendar(db: Session, actor: Actor, now: datetime | None = None) -> list[CalendarRow]:
    """My bookings of others' slots and others' bookings of mine, by start time."""
    require_resident(actor)
    now = now or utcnow()
    rows = [(b, "renter") for b in my_bookings(db, actor)] + [(b, "owner") for b in my_bookings(db, actor, as_owner=True)]
    others = {b.owner_id if side == "renter" else b.renter_id for b, side in rows}
    names = dict(db.exec(select(User.id, User.display_name).where(User.id.in_(others))).all()) if others else {}
    out = []
    for b, side in sorted(rows, key=lambda r: (r[0].starts_at, r[0].booking_id)):
        other = b.owner_id if side == "renter" else b.renter_id
        name = "" if blocked_either_way(db, actor.user_id, other) else names.get(other, "")
        owed = overstay_owed(db, db.get(ParkingBooking, b.booking_id)) if side == "renter" and b.overstay_minor else 0
        out.append(CalendarRow(b, side, name, _actions(b, side, now, owed), owed,
                               (b.starts_at - now).total_seconds() > CANCEL_HOURS * 3600))
    return out


def calendar_version(db: Session, actor: Actor) -> tuple:
    """Moves when a booking of mine (either side) is made, changes state or gets an overstay."""
    require_resident(actor)
    mine = or_(ParkingBooking.renter_id == actor.user_id, ParkingBooking.owner_id == actor.user_id)
    row = db.exec(select(func.count(), func.max(ParkingBooking.id), func.sum(ParkingBooking.overstay_minor),
                         func.max(ParkingBooking.closed_at)).where(mine)).one()
    statuses = tuple(db.exec(select(ParkingBooking.status, func.count()).where(mine)
                             .group_by(ParkingBooking.status).order_by(ParkingBooking.status)).all())
    return (*(str(v) for v in row), statuses)


def calendar_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's keys for `calendar_version` (core/change_rings.py): a booking of mine, as
    renter or owner, written. No scheduled change: the version reads stored columns only (a hold
    that runs out is a housekeeping job's write, which rings)."""
    require_resident(actor)
    me = actor.user_id
    return [change_rings.key_of(ParkingBooking, "renter_id", me), change_rings.key_of(ParkingBooking, "owner_id", me)], None


def taken_times(db: Session, actor: Actor, slot_id: int, now: datetime | None = None) -> list[tuple[datetime, datetime]]:
    """The times of a slot I may see that are already booked or held, from now on (no names: a
    neighbour learns only that the time is taken)."""
    now = now or utcnow()
    slot = seen_slot(db, actor, slot_id)
    fresh = now - timedelta(minutes=HOLD_MINUTES)
    rows = db.exec(select(ParkingBooking.starts_at, ParkingBooking.ends_at).where(
        ParkingBooking.slot_id == slot.id, ParkingBooking.ends_at > now, ParkingBooking.status.in_(list(HOLDING)),
        or_(ParkingBooking.status != BookingStatus.AWAITING_DEPOSIT, ParkingBooking.created_at > fresh))
        .order_by(ParkingBooking.starts_at).limit(200)).all()
    return [(a, b) for a, b in rows]
