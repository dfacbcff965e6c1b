"""Convenience services: booked with a price, paid through the same bill flow, then done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models.base import utcnow
from community_hub.models.billing import Bill, BillPayment
from community_hub.property import billing


def _service(tx, w, **kw):
    with tx() as db:
        return billing.add_convenience_service(db, w.staff, w.community.id, name=kw.pop("name", "Dry-cleaning pickup"),
                                               price_minor=kw.pop("price_minor", 800), unit_label="item",
                                               max_quantity=5, **kw).id


def test_booking_is_billed_paid_through_the_bill_flow_and_completed(tx, db, world):
    w = world
    sid = _service(tx, w)
    with tx() as s:
        assert [x.name for x in billing.list_convenience_services(s, w.ann)] == ["Dry-cleaning pickup"]
        booking = billing.book_convenience_service(s, w.ann, sid, quantity=3,
                                                   requested_for=utcnow() + timedelta(days=1), notes="2 shirts, 1 suit")
    with tx() as s:
        [bill] = billing.list_my_bills(s, w.amy)  # the household sees it with its other bills
    assert (bill.kind, bill.label, bill.total_minor, bill.status) == ("service", "Dry-cleaning pickup", 2400, "unpaid")
    assert bill.lines[0].description == "Dry-cleaning pickup × 3"
    with pytest.raises(ServiceError, match="Only a paid booking"), tx() as s:
        billing.complete_convenience_booking(s, w.staff, booking.id)
    with tx() as s:
        billing.mark_bill_paid(s, bill.id, "pi_svc", 2400)
    with pytest.raises(ServiceError, match="already paid"), tx() as s:
        billing.mark_bill_paid(s, bill.id, "pi_svc_2", 2400)
    with pytest.raises(PermissionDenied), tx() as s:
        billing.complete_convenience_booking(s, w.ann, booking.id)
    with tx() as s:
        done = billing.complete_convenience_booking(s, w.staff, booking.id)
        assert [b.id for b in billing.list_convenience_bookings(s, w.staff, w.community.id, status="done")] == [booking.id]
    assert done.status == "done" and len(db.exec(select(BillPayment)).all()) == 1


def test_cancelled_booking_voids_its_bill_which_cannot_then_be_paid(tx, db, world):
    w = world
    sid = _service(tx, w)
    with tx() as s:
        booking = billing.book_convenience_service(s, w.bob, sid)
    with pytest.raises(NotFound), tx() as s:  # another household
        billing.cancel_convenience_booking(s, w.ann, booking.id)
    with tx() as s:
        billing.cancel_convenience_booking(s, w.bob, booking.id)
    with pytest.raises(ServiceError, match="cancelled and cannot be paid"), tx() as s:
        billing.mark_bill_paid(s, booking.bill_id, "pi_x", 800)
    with tx() as s:
        assert billing.statement_rows(s, w.bob) == []
    assert db.get(Bill, booking.bill_id).status == "void"


def test_paid_bookings_are_not_cancelled_here_and_service_bills_are_not_arrears(tx, world):
    w = world
    sid = _service(tx, w)
    past = utcnow() - timedelta(days=40)
    with tx() as s:
        old = billing.book_convenience_service(s, w.cat, sid, now=past)  # unpaid for 40 days
        paid = billing.book_convenience_service(s, w.cat, sid)
        billing.configure_billing(s, w.staff, w.community.id, late_fee_kind="fixed", late_fee_value=500)
    with tx() as s:
        billing.record_offline_payment(s, w.staff, paid.bill_id, 800, "cash")
    with pytest.raises(ServiceError, match="refund"), tx() as s:
        billing.cancel_convenience_booking(s, w.cat, paid.id)
    with tx() as s:
        assert billing.arrears(s, w.staff, w.community.id) == []
        assert billing.apply_late_fees(s, w.staff, w.community.id) == 0
        assert billing.send_reminders(s, w.staff, w.community.id) == 0
        assert billing.get_bill(s, w.cat, old.bill_id).status == "unpaid"


@pytest.mark.parametrize(("kw", "message"), [(dict(quantity=0), "between 1 and 5"), (dict(quantity=6), "between 1 and 5"),
                                             (dict(requested_for=utcnow() - timedelta(hours=1)), "future")])
def test_bad_bookings_create_no_bill(tx, db, world, kw, message):
    sid = _service(tx, world)
    with pytest.raises(ServiceError, match=message), tx() as s:
        billing.book_convenience_service(s, world.ann, sid, **kw)
    assert db.exec(select(Bill)).all() == []


def test_services_belong_to_their_community(tx, world):
    sid = _service(tx, world)
    with pytest.raises(NotFound), tx() as s:
        billing.book_convenience_service(s, world.outsider, sid)
    with pytest.raises(PermissionDenied), tx() as s:
        billing.add_convenience_service(s, world.ann, world.community.id, name="Hack", price_minor=1)
