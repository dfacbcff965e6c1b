"""Parking slots by the hour: posting, booking inside free windows, the deposit in escrow, the
balance, the payout less the sharing fee, cancellations and unpaid balances — on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub import housekeeping
from community_hub.core.errors import ServiceError
from community_hub.models import OutboxMessage, Role
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.models.sharing import BookingStatus, ParkingBooking
from community_hub.payments import ledger, ledger_report
from community_hub.sharing import (
    blocks,
    parking_bookings,
    parking_cancel,
    parking_jobs,
    parking_money,
    parking_overstay,
    parking_slots,
)
from community_hub.sharing import settings as sharing_settings
from community_hub.sharing.free_windows import WindowIn
from tests import factories as f
from tests.unit.sharing.booking_steps import CARD, DECLINED, book, book_and_pay, tomorrow_at
from tests.unit.sharing.people import residents
from tests.unit.sharing.slots import share_slot


def _status(db, bid: int) -> str:
    db.expire_all()
    return db.get(ParkingBooking, bid).status


def _escrow(db, bid: int, part: str = "dep") -> int:
    return ledger.held_in_escrow(db, f"share:{part}-{bid}", "USD")


def _wallet(db, user) -> int:
    return ledger.owed_to(db, f"resident:{user.user_id}", "USD")


def test_posting_a_slot_refuses_bad_input_and_stores_nothing(tx, db):
    _, (ann,) = residents(tx, 1)
    bad = [
        (dict(place=" "), "Enter the place"),
        (dict(place="x" * 81), "at most 80"),
        (dict(hourly_price="0"), "hourly price"),
        (dict(hourly_price="-2"), "cannot be negative"),
        (dict(hourly_price="abc"), "as a number"),
        (dict(deposit_bps=0), "The deposit is between"),
        (dict(deposit_bps=10001), "The deposit is between"),
        (dict(min_hours=0), "between 1 and 24 hours"),
        (dict(min_hours=5, max_hours=2), "shortest booking cannot be longer"),
        (dict(approval="maybe"), "instant or approved"),
        (dict(windows=[]), "at least one weekly or dated window"),
        (dict(windows=[WindowIn("25:00", "26:00", weekday=1)]), "HH:MM"),
        (dict(windows=[WindowIn("10:00", "09:00", weekday=1)]), "end after it starts"),
        (dict(windows=[WindowIn("10:00", "12:00", weekday=7)]), "weekday or on a date"),
        (dict(windows=[WindowIn("10:00", "12:00")]), "weekday or on a date"),
        (dict(windows=[WindowIn("10:00", "12:00", day=tomorrow_at(0).date() - timedelta(days=3))]), "in the past"),
        (dict(note="n" * 501), "at most 500"),
    ]
    for kw, message in bad:
        with pytest.raises(ServiceError, match=message):
            share_slot(tx, ann, **kw)
    assert parking_slots.my_slots(db, ann) == []


def test_booking_outside_windows_too_short_or_long_own_slot_blocked_and_overlapping(tx, db):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann", "Bob", "Cy"])
    day = tomorrow_at(0).date()
    slot = share_slot(tx, ann, min_hours=2, max_hours=4,
                      windows=[WindowIn("08:00", "18:00", weekday=day.weekday())])
    nine = tomorrow_at(9)
    cases = [
        (bob, tomorrow_at(6), 2, "not free at that time"),
        (bob, tomorrow_at(17), 2, "not free at that time"),
        (bob, nine, 1, "at least 2 hours"),
        (bob, nine, 5, "at most 4 hours"),
        (ann, nine, 2, "your own slot"),
    ]
    for who, start, hours, message in cases:
        with pytest.raises(ServiceError, match=message):
            book(tx, who, slot, start, hours)
    with pytest.raises(ServiceError, match="whole hours"), tx() as s:
        parking_bookings.book(s, bob, slot, nine, nine + timedelta(minutes=90))
    with pytest.raises(ServiceError, match="in the past"), tx() as s:
        parking_bookings.book(s, bob, slot, nine - timedelta(days=2), nine - timedelta(days=2, hours=-2))
    with tx() as s:
        q = parking_bookings.quote(s, bob, slot, nine, nine + timedelta(hours=3))
    assert (q.hours, q.price_minor, q.deposit_minor, q.balance_minor) == (3, 600, 150, 450)
    first = book_and_pay(tx, bob, slot, nine, 3)  # 09:00-12:00
    with pytest.raises(ServiceError, match="booked that time already"):
        book(tx, cy, slot, tomorrow_at(11), 2)
    book(tx, cy, slot, tomorrow_at(12), 2)  # right after: no overlap
    with tx() as s:
        blocks.block(s, ann, bob.user_id)
    with pytest.raises(ServiceError, match="^This slot is not available.$"):
        book(tx, bob, slot, tomorrow_at(14), 2)
    assert _status(db, first) == BookingStatus.CONFIRMED
    assert db.exec(select(ParkingBooking)).all().__len__() == 2


def test_deposit_held_balance_paid_and_payout_less_the_fee(tx, db):
    _, (ann, bob) = residents(tx, 2)
    with tx() as s:
        sharing_settings.set_sharing_settings(s, f.actor(s, f.user(s, Role.PLATFORM_ADMIN)), fee_bps=1000,
                                              max_active_posts=20)
    slot = share_slot(tx, ann, hourly_price="3.00", deposit_bps=2000)
    start = tomorrow_at(10)
    bid = book(tx, bob, slot, start, 2)  # 6.00, deposit 1.20
    assert _escrow(db, bid) == 0
    with pytest.raises(ServiceError, match="declined"), tx() as s:
        parking_money.pay_deposit(s, bob, bid, DECLINED)
    assert _status(db, bid) == BookingStatus.AWAITING_DEPOSIT and _escrow(db, bid) == 0
    with tx() as s:
        parking_money.pay_deposit(s, bob, bid, CARD)
    assert _status(db, bid) == BookingStatus.CONFIRMED and _escrow(db, bid) == 120
    with pytest.raises(ServiceError, match="already paid"), tx() as s:
        parking_money.pay_deposit(s, bob, bid, CARD)
    with pytest.raises(ServiceError, match="once the booking has ended"), tx() as s:
        parking_money.pay_balance(s, bob, bid, CARD)
    end = start + timedelta(hours=2)
    with tx() as s:
        parking_money.pay_balance(s, bob, bid, CARD, now=end + timedelta(hours=1))
    assert _status(db, bid) == BookingStatus.BALANCE_PAID and _escrow(db, bid, "bal") == 480
    with tx() as s:  # the payout run
        assert parking_jobs.pay_out_finished(s, end + timedelta(hours=2)) == [bid]
    booking = db.get(ParkingBooking, bid)
    db.refresh(booking)
    assert (booking.status, booking.payout_minor, booking.fee_minor) == (BookingStatus.PAID_OUT, 540, 60)
    assert _wallet(db, ann) == 540 and _escrow(db, bid) == 0 and _escrow(db, bid, "bal") == 0
    assert -ledger.balance_of(db, "platform_revenue", "platform", "USD") == 60  # credit-normal
    with tx() as s:
        assert parking_jobs.pay_out_finished(s, end + timedelta(hours=3)) == []  # once
    assert ledger_report.check_ledger(db).ok


def test_an_unpaid_balance_gives_the_deposit_to_the_owner_after_24_hours(tx, db):
    _, (ann, bob) = residents(tx, 2)
    slot = share_slot(tx, ann)
    start = tomorrow_at(10)
    bid = book_and_pay(tx, bob, slot, start, 2)  # 4.00, deposit 1.00
    end = start + timedelta(hours=2)
    with tx() as s:
        assert parking_jobs.keep_unpaid_deposits(s, end + timedelta(hours=23)) == []
    with tx() as s:
        assert parking_jobs.keep_unpaid_deposits(s, end + timedelta(hours=24, minutes=1)) == [bid]
    assert _status(db, bid) == BookingStatus.FORFEITED and _wallet(db, ann) == 100 and _escrow(db, bid) == 0
    told = db.exec(select(OutboxMessage).where(OutboxMessage.template == "sharing_deposit_kept")).all()
    assert told and "went to the slot's owner" in told[0].body
    with pytest.raises(ServiceError, match="no balance to pay"), tx() as s:
        parking_money.pay_balance(s, bob, bid, CARD, now=end + timedelta(hours=25))
    assert ledger_report.check_ledger(db).ok


def test_cancellations_renter_early_renter_late_owner_any_time(tx, db):
    _, (ann, bob) = residents(tx, 2)
    slot = share_slot(tx, ann)
    early = book_and_pay(tx, bob, slot, tomorrow_at(8), 2)
    late = book_and_pay(tx, bob, slot, tomorrow_at(12), 2)
    by_owner = book_and_pay(tx, bob, slot, tomorrow_at(16), 2)
    with tx() as s:
        done = parking_cancel.cancel_booking(s, bob, early, now=tomorrow_at(8) - timedelta(hours=3))
    assert done.deposit_back and _status(db, early) == BookingStatus.CANCELLED and _escrow(db, early) == 0
    pay = db.exec(select(Payment).where(Payment.purpose == f"share:dep-{early}")).one()
    assert pay.status == PaymentStatus.REFUNDED
    with tx() as s:
        done = parking_cancel.cancel_booking(s, bob, late, now=tomorrow_at(12) - timedelta(hours=1))
    assert not done.deposit_back and done.kept_for_owner_minor == 100
    assert _status(db, late) == BookingStatus.FORFEITED and _wallet(db, ann) == 100
    with pytest.raises(ServiceError, match="has started"), tx() as s:
        parking_cancel.cancel_booking(s, bob, by_owner, now=tomorrow_at(17))
    with tx() as s:
        done = parking_cancel.cancel_booking(s, ann, by_owner, now=tomorrow_at(17))
    assert done.deposit_back and _status(db, by_owner) == BookingStatus.CANCELLED and _escrow(db, by_owner) == 0
    with tx() as s:
        assert parking_slots.slot_view(s, bob, slot).owner_cancellations == 1
    with pytest.raises(ServiceError, match="already cancelled"), tx() as s:
        parking_cancel.cancel_booking(s, ann, by_owner)
    assert ledger_report.check_ledger(db).ok


def test_owner_approval_mode_requests_approve_or_decline(tx, db):
    _, (ann, bob, cy) = residents(tx, 3)
    slot = share_slot(tx, ann, approval="owner")
    asked = book_and_pay(tx, bob, slot, tomorrow_at(9), 2)
    other = book_and_pay(tx, bob, slot, tomorrow_at(14), 2)
    assert _status(db, asked) == BookingStatus.REQUESTED and _escrow(db, asked) == 50 * 2 * 2 // 2
    with pytest.raises(ServiceError, match="does not exist"), tx() as s:
        parking_bookings.approve(s, cy, asked)  # not Cy's slot
    with pytest.raises(ServiceError, match="does not exist"), tx() as s:
        parking_bookings.approve(s, bob, asked)  # the renter cannot approve
    with tx() as s:
        parking_bookings.approve(s, ann, asked)
    with tx() as s:
        parking_cancel.decline_request(s, ann, other)
    assert _status(db, asked) == BookingStatus.CONFIRMED
    assert _status(db, other) == BookingStatus.CANCELLED and _escrow(db, other) == 0
    with tx() as s:
        assert parking_slots.slot_view(s, bob, slot).owner_cancellations == 0  # declining is not cancelling
        mine = parking_bookings.my_bookings(s, bob)
        theirs = parking_bookings.my_bookings(s, ann, as_owner=True)
    assert [b.booking_id for b in mine] == [asked, other] == [b.booking_id for b in theirs]


def test_an_unpaid_hold_lapses_and_frees_the_time(tx, db):
    _, (ann, bob, cy) = residents(tx, 3)
    slot = share_slot(tx, ann)
    start = tomorrow_at(10)
    held = book(tx, bob, slot, start, 2)
    with pytest.raises(ServiceError, match="booked that time already"):
        book(tx, cy, slot, start, 2)
    with tx() as s:
        assert parking_jobs.expire_holds(s, parking_bookings.utcnow() + timedelta(minutes=16)) == [held]
    with pytest.raises(ServiceError, match="already paid|hold on this time has ended"), tx() as s:
        parking_money.pay_deposit(s, bob, held, CARD)
    book_and_pay(tx, cy, slot, start, 2)
    with tx() as s:
        assert parking_bookings.my_bookings(s, bob) == []


def test_housekeeping_pays_out_and_keeps_deposits_on_its_own(engine, tx, db):
    _, (ann, bob) = residents(tx, 2)
    slot = share_slot(tx, ann, deposit_bps=10000)  # the whole price up front: nothing left to pay
    start = tomorrow_at(10)
    whole = book_and_pay(tx, bob, slot, start, 2)
    unpaid = book_and_pay(tx, bob, share_slot(tx, ann), start, 2)
    done = housekeeping.run_once(engine, start + timedelta(hours=27))
    assert done["parking bookings paid out"] == 1 and done["parking deposits kept for unpaid balances"] == 1
    assert (_status(db, whole), _status(db, unpaid)) == (BookingStatus.PAID_OUT, BookingStatus.FORFEITED)
    assert _wallet(db, ann) == 400 + 100
    assert ledger_report.check_ledger(db).ok


def test_overstay_joins_the_balance_or_is_owed(tx, db):
    _, (ann, bob) = residents(tx, 2)
    slot = share_slot(tx, ann)  # 2.00 an hour, deposit 25%
    start = tomorrow_at(10)
    end = start + timedelta(hours=2)
    before, after = book_and_pay(tx, bob, slot, start, 2), book_and_pay(tx, bob, slot, tomorrow_at(14), 2)
    with pytest.raises(ServiceError, match="after the booking's end"), tx() as s:
        parking_overstay.report_overstay(s, ann, before, 1, now=end - timedelta(minutes=5))
    with pytest.raises(ServiceError, match="does not exist"), tx() as s:
        parking_overstay.report_overstay(s, bob, before, 1, now=end)  # the renter cannot
    for bad in (0, 25, True):
        with pytest.raises(ServiceError, match="between 1 and 24 extra hours"), tx() as s:
            parking_overstay.report_overstay(s, ann, before, bad, now=end)
    with tx() as s:
        done = parking_overstay.report_overstay(s, ann, before, 2, now=end + timedelta(hours=2))
    assert (done.extra_minor, done.in_balance) == (400, True)
    with pytest.raises(ServiceError, match="already reported"), tx() as s:
        parking_overstay.report_overstay(s, ann, before, 1, now=end + timedelta(hours=2))
    with tx() as s:
        assert [b.balance_minor for b in parking_bookings.my_bookings(s, bob)][0] == 300 + 400
        parking_money.pay_balance(s, bob, before, CARD, now=end + timedelta(hours=3))
    assert _escrow(db, before, "bal") == 700
    later_end = tomorrow_at(16)
    with tx() as s:
        parking_money.pay_balance(s, bob, after, CARD, now=later_end)
    with tx() as s:
        owed = parking_overstay.report_overstay(s, ann, after, 1, now=later_end + timedelta(hours=1))
    assert (owed.extra_minor, owed.in_balance) == (200, False)
    with tx() as s:
        parking_jobs.pay_out_finished(s, later_end + timedelta(hours=2))
    assert _wallet(db, ann) == (100 + 700) + (100 + 300)
    assert ledger_report.check_ledger(db).ok


def test_staff_see_how_many_slots_are_shared_not_who_rents(tx):
    cid, (ann, bob) = residents(tx, 2)
    share_slot(tx, ann)
    share_slot(tx, bob)
    with tx() as s:
        staff = f.actor(s, f.user(s, Role.PROPERTY_STAFF, community_id=cid))
        assert parking_slots.shared_slot_count(s, staff, cid) == 2
    with pytest.raises(ServiceError), tx() as s:
        parking_slots.shared_slot_count(s, ann, cid)


def test_with_stripe_the_deposits_card_is_typed_on_stripes_page_not_here():
    """With Stripe the slot page has no card to check (the deposit goes on at /pay/<id>, then
    Stripe's page): an empty field used to be refused, and the deposit could never be paid."""
    from community_hub.payments.providers import registry
    from community_hub.payments.providers.stripe import StripeProvider
    from community_hub.sharing import parking_money

    before = registry._override
    registry.use_provider(StripeProvider("sk_test_" + "0" * 24, "whsec_" + "0" * 32))
    try:
        parking_money.check_card_number("")
    finally:
        registry.use_provider(before)
    if before is None or not getattr(before, "hosted_checkout", False):
        with pytest.raises(ServiceError, match="card number is not right"):
            parking_money.check_card_number("")  # the demo: typed here, and checked
