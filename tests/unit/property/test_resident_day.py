"""The resident's home: what is due, moving, open and next, for their household only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community_hub import resident_day
from community_hub.core.errors import PermissionDenied
from community_hub.models.base import utcnow
from community_hub.property import billing, events
from community_hub.property import workorders as wo


def test_day_at_a_glance_shows_what_is_due_open_and_next(tx, world):
    w = world
    with tx() as db:
        empty = resident_day.day_at_a_glance(db, w.ann)
    assert (empty.bills_due, empty.bills_due_total, empty.orders, empty.repairs, empty.next_event) == (0, "", [], [], {})

    start = utcnow() + timedelta(days=2)
    with tx() as db:
        billing.add_fee_item(db, w.staff, w.community.id, name="Cleaning", kind="fixed", rate_minor=1500)
        billing.generate_bills(db, w.staff, w.community.id, "2026-11")
        billing.generate_bills(db, w.staff, w.community.id, "2026-12")
        plumbing = wo.add_category(db, w.staff, w.community.id, "Plumbing", 24)
        events.create_event(db, w.staff, w.community.id, title="Later", starts_at=start + timedelta(days=5),
                            ends_at=start + timedelta(days=5, hours=1), capacity=10)
        events.create_event(db, w.staff, w.community.id, title="Garden day", starts_at=start,
                            ends_at=start + timedelta(hours=2), capacity=10, location="Courtyard")
    with tx() as db:
        wo.report_work_order(db, w.ann, category_id=plumbing.id, location="Kitchen", description="Dripping tap")
    with tx() as db:
        day = resident_day.day_at_a_glance(db, w.amy)  # same household as ann: the same bills and repairs
        other = resident_day.day_at_a_glance(db, w.bob)
    assert (day.bills_due, day.bills_due_total) == (2, "$30.00")
    assert [r["what"] for r in day.repairs] == ["Plumbing"]
    assert day.next_event["title"] == "Garden day" and day.next_event["location"] == "Courtyard"
    assert other.repairs == [] and other.bills_due == 2  # bob's household has its own two bills


def test_only_residents_have_a_day(tx, world):
    with tx() as db, pytest.raises(PermissionDenied):
        resident_day.day_at_a_glance(db, world.staff)


def test_the_next_event_skips_a_cancelled_one_and_the_events_list_counts_each(tx, world):
    """The home shows the next event that still takes place; the events page (its counts and the
    resident's own place read for all events at once) lists the cancelled one too."""
    w = world
    start = utcnow() + timedelta(days=1)
    with tx() as db:
        first = events.create_event(db, w.staff, w.community.id, title="Cancelled fair", starts_at=start,
                                    ends_at=start + timedelta(hours=1), capacity=1)
        events.create_event(db, w.staff, w.community.id, title="Book swap", starts_at=start + timedelta(days=1),
                            ends_at=start + timedelta(days=1, hours=1), capacity=1)
    with tx() as db:
        swap = events.list_events(db, w.ann)[1]
        events.sign_up(db, w.ann, swap.id)
    with tx() as db:
        events.sign_up(db, w.bob, swap.id, join_waitlist=True)  # full: bob waits
    with tx() as db:
        events.cancel_event(db, w.staff, first.id)
    with tx() as db:
        assert resident_day.day_at_a_glance(db, w.ann).next_event["title"] == "Book swap"
        listed = {e.title: e for e in events.list_events(db, w.bob)}
    assert listed["Cancelled fair"].cancelled and not listed["Book swap"].cancelled
    assert (listed["Book swap"].confirmed, listed["Book swap"].waitlisted, listed["Book swap"].my_status,
            listed["Book swap"].my_waitlist_position) == (1, 1, "waitlisted", 1)


def test_paid_bills_and_cancelled_repairs_leave_the_day(tx, world):
    """The home counts what is still due and still open: a bill paid at the office and a repair
    the resident cancelled drop out; the one still open and the one still unpaid stay."""
    w = world
    with tx() as db:
        billing.add_fee_item(db, w.staff, w.community.id, name="Cleaning", kind="fixed", rate_minor=1500)
        billing.generate_bills(db, w.staff, w.community.id, "2026-11")
        billing.generate_bills(db, w.staff, w.community.id, "2026-12")
        plumbing = wo.add_category(db, w.staff, w.community.id, "Plumbing", 24)
        lights = wo.add_category(db, w.staff, w.community.id, "Lights", 24)
    with tx() as db:
        tap = wo.report_work_order(db, w.ann, category_id=plumbing.id, location="Kitchen", description="Dripping tap")
        wo.report_work_order(db, w.ann, category_id=lights.id, location="Hall", description="Bulb out")
    with tx() as db:
        wo.cancel(db, w.ann, tap.id, reason="fixed it myself")
        first = billing.list_my_bills(db, w.ann)[-1]
        billing.record_offline_payment(db, w.staff, first.id, first.outstanding_minor, "cash")
    with tx() as db:
        day = resident_day.day_at_a_glance(db, w.ann)
    assert [r["what"] for r in day.repairs] == ["Lights"]
    assert (day.bills_due, day.bills_due_total) == (1, "$15.00")
