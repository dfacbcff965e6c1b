"""What each side of a parking booking sees and may do (the bookings screen's list), the overstay
owed after the balance paid by the renter straight to the owner, the taken times a neighbour sees
without names, and the list's version moving with the other side's moves — on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community_hub.core.errors import ServiceError
from community_hub.models import Role
from community_hub.payments import ledger, ledger_report
from community_hub.sharing import (
    blocks,
    parking_bookings,
    parking_calendar,
    parking_jobs,
    parking_money,
    parking_overstay,
)
from community_hub.sharing import settings as sharing_settings
from tests import factories as f
from tests.bell_rings import heard_all, rang
from tests.unit.sharing.booking_steps import CARD, book, book_and_pay, tomorrow_at
from tests.unit.sharing.people import residents
from tests.unit.sharing.slots import share_slot


def _row(s, actor, bid: int, now):
    return next(r for r in parking_calendar.my_calendar(s, actor, now) if r.booking.booking_id == bid)


def test_each_side_sees_its_own_actions_and_the_other_name(tx):
    _, (ann, bob) = residents(tx, 2, names=["Ann", "Bob"])
    slot = share_slot(tx, ann, approval="owner")
    start = tomorrow_at(10)
    with tx() as s:
        version = parking_calendar.calendar_version(s, ann)
    bid = book_and_pay(tx, bob, slot, start)
    with tx() as s:
        assert parking_calendar.calendar_version(s, ann) != version  # the owner's page reloads
        now = start - timedelta(hours=5)
        owner, renter = _row(s, ann, bid, now), _row(s, bob, bid, now)
        assert (owner.side, owner.other_name, owner.actions) == ("owner", "Bob", ("approve", "decline"))
        assert (renter.side, renter.other_name, renter.actions) == ("renter", "Ann", ("cancel",))
        assert renter.deposit_back_if_cancelled
        assert not _row(s, bob, bid, start - timedelta(hours=1)).deposit_back_if_cancelled
        version = parking_calendar.calendar_version(s, bob)
        parking_bookings.approve(s, ann, bid)
    with tx() as s:
        assert parking_calendar.calendar_version(s, bob) != version  # the renter's page reloads
        end = start + timedelta(hours=2)
        assert _row(s, bob, bid, end).actions == ("pay_balance",)
        assert _row(s, ann, bid, end).actions == ("report_overstay",)
        assert parking_calendar.taken_times(s, ann, slot, now=start - timedelta(hours=1)) == [(start, end)]
    with tx() as s:
        blocks.block(s, ann, bob.user_id)
    with tx() as s:  # a block hides the name; the booking itself stays on both lists
        assert _row(s, bob, bid, end).other_name == ""
        with pytest.raises(ServiceError, match="not available"):
            parking_calendar.taken_times(s, bob, slot)


def test_an_overstay_owed_after_the_balance_is_paid_to_the_owner_at_once(tx, db):
    _, (ann, bob) = residents(tx, 2)
    with tx() as s:
        sharing_settings.set_sharing_settings(s, f.actor(s, f.user(s, Role.PLATFORM_ADMIN)), fee_bps=1000,
                                              max_active_posts=20)
    slot = share_slot(tx, ann)  # 2.00 an hour, deposit 25 %
    start = tomorrow_at(10)
    end = start + timedelta(hours=2)
    bid = book_and_pay(tx, bob, slot, start)
    with tx() as s:
        parking_money.pay_balance(s, bob, bid, CARD, now=end)
    with pytest.raises(ServiceError, match="Nothing is owed"), tx() as s:
        parking_money.pay_overstay(s, bob, bid, CARD)
    with tx() as s:
        parking_jobs.pay_out_finished(s, end + timedelta(minutes=5))
        parking_overstay.report_overstay(s, ann, bid, 3, now=end + timedelta(hours=1))
    with tx() as s:
        row = _row(s, bob, bid, end + timedelta(hours=1))
        assert (row.overstay_owed_minor, row.actions) == (600, ("pay_overstay",))
    with pytest.raises(ServiceError, match="does not exist"), tx() as s:
        parking_money.pay_overstay(s, ann, bid, CARD)  # only the renter pays it
    with tx() as s:
        parking_money.pay_overstay(s, bob, bid, CARD)
    owner_gets = (400 - 40) + (600 - 60)  # the booking and the overstay, each less the 10 % fee
    assert ledger.owed_to(db, f"resident:{ann.user_id}", "USD") == owner_gets
    assert ledger.held_in_escrow(db, f"share:ovr-{bid}", "USD") == 0
    with pytest.raises(ServiceError, match="Nothing is owed"), tx() as s:
        parking_money.pay_overstay(s, bob, bid, CARD)
    with tx() as s:
        assert _row(s, bob, bid, end + timedelta(hours=2)).actions == ()
    assert ledger_report.check_ledger(db).ok


def test_the_bookings_page_hears_its_slot_booked_and_not_other_neighbours_bookings(tx, engine):
    """/share/bookings waits on the change bell (state/shared/live_watch): Bob booking Ann's slot
    rings her keys; Dee booking Cy's does not."""
    _, (ann, bob, cy, dee) = residents(tx, 4)
    anns, cys = share_slot(tx, ann, approval="owner"), share_slot(tx, cy, place="B2-18")
    with tx() as s:
        keys, wake_in = parking_calendar.calendar_keys(s, ann)
        cys_keys, _ = parking_calendar.calendar_keys(s, cy)
    assert wake_in is None
    m = heard_all(engine)
    book(tx, dee, cys, tomorrow_at(10))
    assert rang(engine, cys_keys, m) and not rang(engine, keys, m), "Dee's booking of Cy's slot woke Ann's page"
    m = heard_all(engine)
    book(tx, bob, anns, tomorrow_at(10))
    assert rang(engine, keys, m), "Bob's booking did not wake Ann's bookings page"
