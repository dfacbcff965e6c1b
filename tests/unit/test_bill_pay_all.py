"""Paying every due bill of a household in one card payment (demo provider, the real payment path):
one payment, one balanced ledger posting, each bill paid exactly once; a total that changed is
recomputed before any charge; money that arrives for bills paid meanwhile waits in suspense and a
new try pays only what is still owed."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models import Role, User
from community_hub.models.billing import Bill, BillPayment
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import held, intents, ledger, ledger_report, refunds
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from community_hub.property import bill_payments, billing
from tests import factories as f

GOOD, DECLINED = "4242 4242 4242 4242", "4000 0000 0000 0002"


@pytest.fixture
def world(tx, tmp_path):
    """Three monthly bills of 15.00 for one household (a neighbour has its own), and a booked service."""
    registry.use_provider(DemoProvider("whsec_test_pay_all", store_path=str(tmp_path / "provider.db")))
    with tx() as s:
        c = f.community(s)
        h, h2 = f.household(s, c.id), f.household(s, c.id)
        staff = f.user(s, Role.PROPERTY_STAFF, community_id=c.id)
        resident = f.user(s, Role.RESIDENT, community_id=c.id, household_id=h.id)
        partner = f.user(s, Role.RESIDENT, community_id=c.id, household_id=h.id)
        neighbour = f.user(s, Role.RESIDENT, community_id=c.id, household_id=h2.id)
        admin = f.user(s, Role.PLATFORM_ADMIN)
        staff_actor = f.actor(s, staff)
        billing.add_fee_item(s, staff_actor, c.id, name="Cleaning", kind="fixed", rate_minor=1500)
        for period in ("2026-09", "2026-10", "2026-11"):
            billing.generate_bills(s, staff_actor, c.id, period)
        service = billing.add_convenience_service(s, staff_actor, c.id, name="Printing", price_minor=200)
        billing.book_convenience_service(s, f.actor(s, resident), service.id, quantity=1)
        ids = s.exec(select(Bill.id).where(Bill.household_id == h.id, Bill.kind == "fees").order_by(Bill.id)).all()
    yield {"resident": resident.id, "partner": partner.id, "neighbour": neighbour.id, "staff": staff.id,
           "admin": admin.id, "bills": list(ids), "household": h.id}
    registry.reset()


def _actor(tx, user_id):
    with tx() as s:
        return f.actor(s, s.get(User, user_id))


def _statuses(db, ids):
    db.expire_all()
    return [db.get(Bill, i).status for i in ids]


def test_one_payment_pays_every_due_monthly_bill_once_and_posts_once(tx, db, world):
    resident = _actor(tx, world["resident"])
    with tx() as s:
        due = bill_payments.due_bills(s, resident)
    assert (due.count, due.total_minor, due.label) == (3, 4500, "3 bills · $45.00")
    with tx() as s:
        payment = bill_payments.pay_all_bills(s, resident, 4500, GOOD)
    assert _statuses(db, world["bills"]) == ["paid", "paid", "paid"]
    assert db.exec(select(Payment).where(Payment.status == PaymentStatus.SUCCEEDED)).one().captured_minor == 4500
    with tx() as s:  # the provider's event arriving again changes nothing
        bill_payments.bills_paid(s, s.get(Payment, payment.id))
    paid = db.exec(select(BillPayment)).all()
    assert sorted((p.bill_id, p.amount_minor) for p in paid) == [(i, 1500) for i in world["bills"]]
    posts = db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "property_fee_paid")).all()
    assert len(posts) == 1 and posts[0].reference == payment.purpose
    assert ledger_report.check_ledger(db).ok
    # The booked service is not part of it: it is paid (and refunded) on its own.
    with tx() as s:
        assert [b.kind for b in billing.list_my_bills(s, resident) if b.status == "unpaid"] == ["service"]
        assert bill_payments.due_bills(s, resident).count == 0
    with pytest.raises(ServiceError, match="Nothing is due"), tx() as s:
        bill_payments.pay_all_bills(s, resident, 4500, GOOD)


def test_a_total_that_changed_is_recomputed_and_nothing_is_charged(tx, db, world):
    resident, staff = _actor(tx, world["resident"]), _actor(tx, world["staff"])
    with tx() as s:  # the page showed 45.00; the office takes one bill in cash meanwhile
        billing.record_offline_payment(s, staff, world["bills"][0], 1500, "cash")
    with pytest.raises(ServiceError, match=r"now 2 bills · \$30.00"), tx() as s:
        bill_payments.pay_all_bills(s, resident, 4500, GOOD)
    assert db.exec(select(Payment)).all() == []  # the card never heard of it
    with tx() as s:
        bill_payments.pay_all_bills(s, resident, 3000, GOOD)
    assert _statuses(db, world["bills"]) == ["paid", "paid", "paid"]
    assert ledger_report.check_ledger(db).ok


def test_a_decline_leaves_every_bill_unpaid_and_the_retry_is_the_same_payment(tx, db, world):
    resident = _actor(tx, world["resident"])
    with pytest.raises(ServiceError, match="declined"), tx() as s:
        bill_payments.pay_all_bills(s, resident, 4500, DECLINED)
    assert _statuses(db, world["bills"]) == ["unpaid"] * 3
    with tx() as s:
        bill_payments.pay_all_bills(s, resident, 4500, GOOD)
    payments = db.exec(select(Payment)).all()
    assert len(payments) == 1 and payments[0].status == PaymentStatus.SUCCEEDED  # one attempt, charged once
    assert _statuses(db, world["bills"]) == ["paid"] * 3


def test_money_for_bills_paid_meanwhile_waits_in_suspense_and_a_new_try_pays_what_is_left(tx, db, world):
    """The card payment for 45.00 is open; the office takes one bill in cash; then the card goes
    through. The bills cannot take 45.00 any more: the money is on record in suspense (never
    dropped or rolled back), no bill is half-paid by it, and the next press pays the 30.00 still
    owed as a new payment; the admin gives the first one back."""
    resident, staff, admin = (_actor(tx, world[k]) for k in ("resident", "staff", "admin"))
    with pytest.raises(ServiceError, match="declined"), tx() as s:
        bill_payments.pay_all_bills(s, resident, 4500, DECLINED)
    first = db.exec(select(Payment)).one()
    with tx() as s:
        billing.record_offline_payment(s, staff, world["bills"][1], 1500, "cash")
    with tx() as s:
        intents.confirm_payment(s, resident, first.id, GOOD.replace(" ", ""))
    db.expire_all()
    first = db.get(Payment, first.id)
    assert first.status == PaymentStatus.SUCCEEDED and "bills changed" in first.held_reason
    assert ledger.held_in_suspense(db, first.purpose, "USD") == 4500
    assert _statuses(db, world["bills"]) == ["unpaid", "paid", "unpaid"]
    with tx() as s:
        bill_payments.pay_all_bills(s, resident, 3000, GOOD)
    assert _statuses(db, world["bills"]) == ["paid"] * 3
    assert sum(p.amount_minor for p in db.exec(select(BillPayment)).all()) == 4500  # each bill paid once
    with tx() as s:
        refunds.refund_payment(s, admin, first.id, reason="bills paid another way")
    db.expire_all()
    assert db.get(Payment, first.id).status == PaymentStatus.REFUNDED
    with tx() as s:
        assert held.held_payments(s, admin) == []
    assert ledger_report.check_ledger(db).ok


def test_only_a_member_pays_for_their_own_household(tx, db, world):
    partner, neighbour, staff = (_actor(tx, world[k]) for k in ("partner", "neighbour", "staff"))
    with pytest.raises(ServiceError), tx() as s:
        bill_payments.pay_all_bills(s, staff, 4500, GOOD)
    with tx() as s:  # the neighbour's "pay all" pays the neighbour's own three bills, never these
        bill_payments.pay_all_bills(s, neighbour, 4500, GOOD)
    assert _statuses(db, world["bills"]) == ["unpaid"] * 3
    with tx() as s:  # anyone of the household may pay
        bill_payments.pay_all_bills(s, partner, 4500, GOOD)
    assert _statuses(db, world["bills"]) == ["paid"] * 3


def test_property_staff_may_refund_a_payment_of_their_households_bills_and_others_not(tx, db, world):
    resident = _actor(tx, world["resident"])
    with tx() as s:
        payment = bill_payments.pay_all_bills(s, resident, 4500, GOOD)
        c2 = f.community(s)
        other_staff = f.actor(s, f.user(s, Role.PROPERTY_STAFF, community_id=c2.id))
        staff = f.actor(s, s.get(User, world["staff"]))
        assert bill_payments.may_refund_bills(s, staff, payment)
        assert not bill_payments.may_refund_bills(s, other_staff, payment)
        assert not bill_payments.may_refund_bills(s, resident, payment)
