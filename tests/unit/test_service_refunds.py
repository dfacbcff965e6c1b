"""Calling off a paid convenience service: the household's money goes back the way it came (card
through the provider, cash at the office), once, in balanced ledger entries, and only staff of the
community can do it. A provider outage leaves the bill paid and a second press finishes the job."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models import Role, User
from community_hub.models.billing import Bill, ServiceBooking
from community_hub.models.ledger import AccountKind, LedgerTransaction
from community_hub.models.notify import OutboxMessage
from community_hub.models.payments import Payment, Refund
from community_hub.payments import ledger, ledger_report, refunds
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from community_hub.property import bill_payments, billing, service_refunds
from tests import factories as f


@pytest.fixture
def demo(tmp_path):
    provider = DemoProvider("whsec_test_services", store_path=str(tmp_path / "provider.db"))
    registry.use_provider(provider)
    yield provider
    registry.reset()


@pytest.fixture
def world(tx, demo):
    with tx() as s:
        c = f.community(s)
        other = f.community(s)
        h = f.household(s, c.id)
        staff = f.user(s, Role.PROPERTY_STAFF, community_id=c.id)
        other_staff = f.user(s, Role.PROPERTY_STAFF, community_id=other.id)
        resident = f.user(s, Role.RESIDENT, community_id=c.id, household_id=h.id)
        svc = billing.add_convenience_service(s, f.actor(s, staff), c.id, name="Dry-cleaning pickup", price_minor=800,
                                              max_quantity=5)
        return {"staff": staff.id, "other_staff": other_staff.id, "resident": resident.id, "service": svc.id,
                "company": c.property_company_id}


def _actor(tx, user_id):
    with tx() as s:
        return f.actor(s, s.get(User, user_id))


def _book(tx, world, quantity=2) -> ServiceBooking:
    with tx() as s:
        return billing.book_convenience_service(s, _actor(tx, world["resident"]), world["service"], quantity=quantity)


def _collected(db, world) -> int:
    return ledger.owed_to(db, f"property:{world['company']}", "USD")


def test_card_payment_of_a_called_off_service_goes_back_to_the_card_once(tx, db, world, demo):
    booking = _book(tx, world)
    with tx() as s:
        payment = bill_payments.pay_bill(s, _actor(tx, world["resident"]), booking.bill_id, "4242 4242 4242 4242")
    assert _collected(db, world) == 1600
    staff = _actor(tx, world["staff"])
    with tx() as s:
        result = service_refunds.refund_service_booking(s, staff, booking.id, "driver unavailable")
    assert (result.refunded_minor, result.outstanding_minor, result.problem) == (1600, 0, "")
    db.expire_all()
    assert db.get(Bill, booking.bill_id).status == "refunded"
    assert db.get(ServiceBooking, booking.id).status == "cancelled"
    assert db.get(Payment, payment.id).status == "refunded"
    assert _collected(db, world) == 0  # it came out of the company's collected fees
    assert ledger_report.check_ledger(db).ok
    refund_rows = db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "refund")).all()
    assert len(refund_rows) == 1
    # The household hears of it, and its statement nets to zero.
    assert db.exec(select(OutboxMessage).where(OutboxMessage.template == "service_refunded")).first() is not None
    with tx() as s:
        rows = billing.statement_rows(s, _actor(tx, world["resident"]))
    assert [r["description"] for r in rows][-2:] == ["Refund", "Charge withdrawn"] and rows[-1]["balance_minor"] == 0
    # Pressing Refund again is refused and sends nothing more.
    with pytest.raises(ServiceError, match="already refunded"), tx() as s:
        service_refunds.refund_service_booking(s, staff, booking.id)
    assert len(db.exec(select(Refund)).all()) == 1


def test_cash_taken_at_the_office_is_handed_back_at_the_office(tx, db, world):
    booking = _book(tx, world, quantity=1)
    staff = _actor(tx, world["staff"])
    with tx() as s:
        billing.record_offline_payment(s, staff, booking.bill_id, 800, "cash")
    with tx() as s:
        result = service_refunds.refund_service_booking(s, staff, booking.id)
    assert result.refunded_minor == 800 and result.outstanding_minor == 0
    db.expire_all()
    assert db.get(Bill, booking.bill_id).status == "refunded"
    assert ledger.balance_of(db, AccountKind.PROVIDER_CLEARING, "provider_clearing:office", "USD") == 0
    assert _collected(db, world) == 0 and ledger_report.check_ledger(db).ok


def test_only_this_communitys_staff_refund_and_unpaid_bookings_are_cancelled_instead(tx, db, world):
    booking = _book(tx, world)
    staff = _actor(tx, world["staff"])
    with pytest.raises(ServiceError, match="not paid; cancel it instead"), tx() as s:
        service_refunds.refund_service_booking(s, staff, booking.id)
    with tx() as s:
        bill_payments.pay_bill(s, _actor(tx, world["resident"]), booking.bill_id, "4242424242424242")
    for who, error in ((world["resident"], PermissionDenied), (world["other_staff"], PermissionDenied)):
        with pytest.raises(error), tx() as s:
            service_refunds.refund_service_booking(s, _actor(tx, who), booking.id)
    with pytest.raises(NotFound), tx() as s:
        service_refunds.refund_service_booking(s, staff, 999_999)
    # Nor can another community's staff refund the payment directly.
    payment_id = db.exec(select(Payment.id)).one()
    with pytest.raises(PermissionDenied), tx() as s:
        refunds.refund_payment(s, _actor(tx, world["other_staff"]), payment_id)
    db.expire_all()
    assert db.get(Bill, booking.bill_id).status == "paid" and db.exec(select(Refund)).all() == []


def test_a_provider_outage_leaves_the_bill_paid_and_the_next_press_finishes(tx, db, world, demo):
    booking = _book(tx, world)
    with tx() as s:
        bill_payments.pay_bill(s, _actor(tx, world["resident"]), booking.bill_id, "4242424242424242")
    staff = _actor(tx, world["staff"])
    demo.outage = True
    with tx() as s:
        result = service_refunds.refund_service_booking(s, staff, booking.id)
    assert result.outstanding_minor == 1600 and "not answering" in result.problem
    db.expire_all()
    assert db.get(Bill, booking.bill_id).status == "paid"  # the money is not back yet
    assert db.get(ServiceBooking, booking.id).status == "cancelled"  # but the service is off
    assert _collected(db, world) == 1600
    demo.outage = False
    with tx() as s:
        result = service_refunds.refund_service_booking(s, staff, booking.id)
    assert (result.refunded_minor, result.outstanding_minor) == (1600, 0)
    db.expire_all()
    assert db.get(Bill, booking.bill_id).status == "refunded"
    assert len(db.exec(select(Refund)).all()) == 1  # the same refund was re-sent, not a second one
    assert _collected(db, world) == 0 and ledger_report.check_ledger(db).ok
