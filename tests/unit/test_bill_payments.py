"""Paying a property bill online (demo provider, the real payment path) or at the office: the bill
is paid once, the ledger holds exactly one balanced posting per payment, and replays change nothing."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models import Role, User
from community_hub.models.billing import Bill, BillPayment
from community_hub.models.ledger import LedgerTransaction
from community_hub.payments import ledger_report
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from community_hub.property import bill_payments, billing
from tests import factories as f


@pytest.fixture
def world(tx, tmp_path):
    registry.use_provider(DemoProvider("whsec_test_bills", store_path=str(tmp_path / "provider.db")))
    with tx() as s:
        c = f.community(s)
        h = f.household(s, c.id)
        staff = f.user(s, Role.PROPERTY_STAFF, community_id=c.id)
        resident = f.user(s, Role.RESIDENT, community_id=c.id, household_id=h.id)
        staff_actor = f.actor(s, staff)
        billing.add_fee_item(s, staff_actor, c.id, name="Cleaning", kind="fixed", rate_minor=1500)
        billing.generate_bills(s, staff_actor, c.id, "2026-11")
        bill_id = s.exec(select(Bill.id)).one()
    yield {"resident": resident.id, "staff": staff.id, "bill": bill_id}
    registry.reset()


def _actor(tx, user_id):
    with tx() as s:
        return f.actor(s, s.get(User, user_id))


def test_online_payment_pays_the_bill_once_and_posts_once(tx, db, world):
    resident = _actor(tx, world["resident"])
    with pytest.raises(ServiceError, match="declined"), tx() as s:
        bill_payments.pay_bill(s, resident, world["bill"], "4000 0000 0000 0002")
    assert db.get(Bill, world["bill"]).status == "unpaid"
    with tx() as s:
        payment = bill_payments.pay_bill(s, resident, world["bill"], "4242 4242 4242 4242")
    db.expire_all()
    assert db.get(Bill, world["bill"]).status == "paid"
    with pytest.raises(ServiceError, match="already paid"), tx() as s:
        bill_payments.pay_bill(s, resident, world["bill"], "4242 4242 4242 4242")
    with tx() as s:  # the provider's event arriving again changes nothing
        bill_payments.bill_paid(s, s.get(type(payment), payment.id))
    assert len(db.exec(select(BillPayment)).all()) == 1
    fee_posts = db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "property_fee_paid")).all()
    assert len(fee_posts) == 1
    assert ledger_report.check_ledger(db).ok


def test_someone_elses_household_cannot_pay_or_see_the_bill(tx, db, world):
    with tx() as s:
        c_id = s.get(Bill, world["bill"]).community_id
        other = f.user(s, Role.RESIDENT, community_id=c_id, household_id=f.household(s, c_id).id)
    outsider = _actor(tx, other.id)
    with pytest.raises(ServiceError), tx() as s:
        bill_payments.pay_bill(s, outsider, world["bill"], "4242 4242 4242 4242")
    assert db.get(Bill, world["bill"]).status == "unpaid"
    assert db.exec(select(BillPayment)).all() == []


def test_office_payment_posts_to_the_ledger(tx, db, world):
    staff = _actor(tx, world["staff"])
    with tx() as s:
        billing.record_offline_payment(s, staff, world["bill"], 1000, "cash", "part payment")
    with tx() as s:
        billing.record_offline_payment(s, staff, world["bill"], 500, "bank_transfer")
    db.expire_all()
    assert db.get(Bill, world["bill"]).status == "paid"
    posts = db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "property_fee_paid")).all()
    assert len(posts) == 2
    report = ledger_report.check_ledger(db)
    assert report.ok


def test_card_money_for_a_bill_paid_meanwhile_waits_in_suspense_until_an_admin_refunds_it(tx, db, world):
    """The resident opens the card payment for 15.00, the office takes 5.00 cash meanwhile, then
    the card goes through: the bill cannot take 15.00 any more. The money is on record in
    suspense, flagged for an admin, and goes back in full; it is never dropped or rolled back."""
    from community_hub.models.payments import Payment, PaymentStatus
    from community_hub.payments import held, intents, ledger, refunds

    resident, staff = _actor(tx, world["resident"]), _actor(tx, world["staff"])
    with tx() as s:
        admin = f.actor(s, f.user(s, Role.PLATFORM_ADMIN))
    with pytest.raises(ServiceError, match="declined"), tx() as s:  # the payment is open at the provider
        bill_payments.pay_bill(s, resident, world["bill"], "4000 0000 0000 0002")
    payment_id = db.exec(select(Payment.id)).one()
    with tx() as s:
        billing.record_offline_payment(s, staff, world["bill"], 500, "cash")
    with tx() as s:
        intents.confirm_payment(s, resident, payment_id, "4242 4242 4242 4242")
    db.expire_all()
    payment, bill = db.get(Payment, payment_id), db.get(Bill, world["bill"])
    assert payment.status == PaymentStatus.SUCCEEDED and payment.captured_minor == 1500
    assert "does not match" in payment.held_reason
    assert (bill.status, bill.paid_minor) == ("unpaid", 500)
    purpose = bill_payments.purpose_of(world["bill"])
    assert ledger.held_in_suspense(db, purpose, "USD") == 1500
    assert ledger_report.check_ledger(db).ok
    with pytest.raises(ServiceError), tx() as s:
        held.held_payments(s, resident)  # only admins see the suspense list
    with tx() as s:
        waiting = held.held_payments(s, admin)
        assert [(h.payment_id, h.amount_minor) for h in waiting] == [(payment_id, 1500)]
        with pytest.raises(ServiceError, match="still cannot be applied"):
            held.apply_held_payment(s, admin, payment_id)
    with tx() as s:
        refunds.refund_payment(s, admin, payment_id, reason="bill paid at the office")
    db.expire_all()
    assert db.get(Payment, payment_id).status == PaymentStatus.REFUNDED
    assert ledger.held_in_suspense(db, purpose, "USD") == 0
    with tx() as s:
        assert held.held_payments(s, admin) == []
    assert ledger_report.check_ledger(db).ok
