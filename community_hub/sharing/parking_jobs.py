"""The clock's part of parking bookings, run by housekeeping every minute on every worker:

- `pay_out_finished`: the payout run — a booking whose balance is paid (or that had none) pays the
  owner deposit + balance in one line, less the sharing fee;
- `keep_unpaid_deposits`: a balance still unpaid BALANCE_HOURS after the end gives the deposit to
  the owner, and the renter is told;
- `end_unapproved`: a request the owner did not approve by its start ends, the deposit back;
- `expire_holds`: a hold whose deposit was never paid ends.
Each claims its rows with `core.job_claims.claim` (FOR UPDATE SKIP LOCKED) and re-checks them under
the lock, so two workers never do one booking twice (tests/unit/test_jobs_two_workers.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core.job_claims import claim
from community_hub.core.local_time import when_shown
from community_hub.core.money import money_shown
from community_hub.models.base import utcnow
from community_hub.models.sharing import BookingStatus, ParkingBooking, ParkingSlot
from community_hub.notify import outbox
from community_hub.payments.common import SYSTEM
from community_hub.sharing.parking_bookings import HOLD_MINUTES, balance_due
from community_hub.sharing.parking_money import give_deposit_back, pay_owner
from community_hub.sharing.parking_slots import zone_of

BALANCE_HOURS = 24
BATCH = 50


def pay_out_finished(db: Session, now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    rows = claim(db, select(ParkingBooking).where(
        (ParkingBooking.status == BookingStatus.BALANCE_PAID)
        | ((ParkingBooking.status == BookingStatus.CONFIRMED) & (ParkingBooking.ends_at <= now)
           & (ParkingBooking.price_minor + ParkingBooking.overstay_minor == ParkingBooking.deposit_minor)))
        .order_by(ParkingBooking.id).limit(BATCH))
    done = []
    for b in rows:
        if b.status == BookingStatus.CONFIRMED and not (b.ends_at <= now and balance_due(b) == 0):
            continue
        if b.status not in (BookingStatus.BALANCE_PAID, BookingStatus.CONFIRMED):
            continue
        pay_owner(db, b, with_balance=True)
        b.status, b.closed_at = BookingStatus.PAID_OUT, now
        db.add(b)
        done.append(b.id)
    db.flush()
    return done


def keep_unpaid_deposits(db: Session, now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    due = now - timedelta(hours=BALANCE_HOURS)
    rows = claim(db, select(ParkingBooking).where(
        ParkingBooking.status == BookingStatus.CONFIRMED, ParkingBooking.ends_at <= due,
        ParkingBooking.price_minor + ParkingBooking.overstay_minor > ParkingBooking.deposit_minor).order_by(ParkingBooking.id).limit(BATCH))
    done = []
    for b in rows:
        if b.status != BookingStatus.CONFIRMED or b.ends_at > due:
            continue
        pay_owner(db, b, with_balance=False)
        b.status, b.closed_at = BookingStatus.FORFEITED, now
        db.add(b)
        slot = db.get(ParkingSlot, b.slot_id)
        outbox.notify_user(db, b.renter_id, "sharing_deposit_kept", link="/share/bookings", location=slot.place,
                           when=when_shown(b.starts_at, zone_of(db, slot.community_id)),
                           amount=money_shown(b.deposit_minor, b.currency))
        done.append(b.id)
    db.flush()
    return done


def end_unapproved(db: Session, now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    rows = claim(db, select(ParkingBooking).where(
        ParkingBooking.status == BookingStatus.REQUESTED, ParkingBooking.starts_at <= now)
        .order_by(ParkingBooking.id).limit(BATCH))
    ended = [b for b in rows if b.status == BookingStatus.REQUESTED]
    for b in ended:
        b.status, b.cancelled_by, b.closed_at = BookingStatus.CANCELLED, "owner", now
        db.add(b)
    # On record before any refund reaches the provider (refund_payment commits too): once
    # committed no other worker claims these rows again.
    db.commit()
    for b in ended:
        give_deposit_back(db, SYSTEM, b, "not approved in time")
    return [b.id for b in ended]


def expire_holds(db: Session, now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    lapsed = now - timedelta(minutes=HOLD_MINUTES)
    rows = claim(db, select(ParkingBooking).where(
        ParkingBooking.status == BookingStatus.AWAITING_DEPOSIT, ParkingBooking.created_at <= lapsed)
        .order_by(ParkingBooking.id).limit(BATCH))
    done = []
    for b in rows:
        if b.status == BookingStatus.AWAITING_DEPOSIT:
            b.status, b.closed_at = BookingStatus.EXPIRED, now
            db.add(b)
            done.append(b.id)
    db.flush()
    return done
