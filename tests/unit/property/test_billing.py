"""Fee items, bill generation, payments, late fees and staff reports."""

from __future__ import annotations

import csv
import io
import threading
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models import OutboxMessage
from community_hub.models.billing import Bill, BillLine, BillPayment
from community_hub.property import billing

P = "2026-11"


def _setup_fees(tx, w):
    """Area 2.00/m², fixed 15.00, parking 40.00/slot (A-101 has 2), water 3.00/m³ (readings for A-101, B-201)."""
    with tx() as db:
        billing.configure_billing(db, w.staff, w.community.id, currency="USD", due_day=10,
                                  late_fee_kind="percent", late_fee_value=500, late_fee_grace_days=5)
        billing.add_fee_item(db, w.staff, w.community.id, name="Management", kind="area", rate_minor=200, unit_label="m²")
        billing.add_fee_item(db, w.staff, w.community.id, name="Cleaning", kind="fixed", rate_minor=1500)
        park = billing.add_fee_item(db, w.staff, w.community.id, name="Parking", kind="parking", rate_minor=4000, unit_label="slot")
        water = billing.add_fee_item(db, w.staff, w.community.id, name="Water", kind="metered", rate_minor=300, unit_label="m³")
        billing.add_fee_item(db, w.staff, w.community.id, name="Lift repair levy", kind="one_off", rate_minor=5000,
                             household_id=w.h_b1.id, period=P)
        billing.set_parking_slots(db, w.staff, park.id, w.h_a1.id, 2)
        billing.record_meter_reading(db, w.staff, water.id, w.h_a1.id, P, 10)
        billing.record_meter_reading(db, w.staff, water.id, w.h_b1.id, P, 4)


def _billed(tx, w) -> dict:
    """The fees of `_setup_fees` billed for P: each household's bill, by household id."""
    _setup_fees(tx, w)
    with tx() as s:
        billing.generate_bills(s, w.staff, w.community.id, P)
    return _bills(tx, w)


def _bills(tx, w) -> dict[int, billing.BillView]:
    with tx() as db:
        return {b.household_id: b for b in billing.list_bills(db, w.staff, w.community.id, period=P)}


def test_generation_builds_line_items_and_is_idempotent(tx, db, world):
    w = world
    _setup_fees(tx, w)
    with tx() as s:
        r = billing.generate_bills(s, w.staff, w.community.id, P)
    assert (r.created, r.skipped, r.missing_readings) == (3, 0, ["A-102: Water"])
    bills = _bills(tx, w)
    # 80 m² × 2.00 + 15.00 + 2 × 40.00 + 10 × 3.00
    assert bills[w.h_a1.id].total_minor == 16000 + 1500 + 8000 + 3000
    assert bills[w.h_a2.id].total_minor == 16000 + 1500
    # B-201: 120 m² × 2.00 + 15.00 + 4 × 3.00 + the one-off levy
    assert bills[w.h_b1.id].total_minor == 24000 + 1500 + 1200 + 5000
    assert [x.amount_minor for x in bills[w.h_a1.id].lines] == [16000, 1500, 8000, 3000]
    assert str(bills[w.h_a1.id].due_date) == "2026-11-10"
    with tx() as s:
        again = billing.generate_bills(s, w.staff, w.community.id, P)
    assert (again.created, again.skipped) == (0, 3)
    assert len(db.exec(select(Bill)).all()) == 3
    assert len(db.exec(select(BillLine)).all()) == 4 + 2 + 4


def test_concurrent_generation_makes_one_bill_per_household(engine, tx, db, world):
    w = world
    _setup_fees(tx, w)
    barrier, errors = threading.Barrier(3), []

    def run():
        barrier.wait()
        try:
            with session_scope(engine) as s:
                billing.generate_bills(s, w.staff, w.community.id, P)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(db.exec(select(Bill)).all()) == 3


def test_payment_marks_paid_and_a_second_payment_is_refused(tx, db, world):
    w = world
    bill = _billed(tx, w)[w.h_a2.id]
    with pytest.raises(ServiceError, match="does not match"), tx() as s:
        billing.mark_bill_paid(s, bill.id, "pi_1", 100)
    with tx() as s:
        billing.mark_bill_paid(s, bill.id, "pi_1", bill.total_minor)
    for ref in ("pi_2", "pi_1"):
        with pytest.raises(ServiceError, match="already"), tx() as s:
            billing.mark_bill_paid(s, bill.id, ref, bill.total_minor)
    with tx() as s:
        view = billing.get_bill(s, w.bob, bill.id)
    assert (view.status, view.paid_minor, view.outstanding_minor) == ("paid", bill.total_minor, 0)
    assert len(db.exec(select(BillPayment)).all()) == 1
    paid_notes = db.exec(select(OutboxMessage).where(OutboxMessage.template == "bill_paid")).all()
    assert [m.user_id for m in paid_notes] == [w.bob.user_id]


def test_residents_see_only_their_own_bills(tx, world):
    w = world
    bills = _billed(tx, w)
    with tx() as s:
        assert [b.id for b in billing.list_my_bills(s, w.amy)] == [bills[w.h_a1.id].id]
        assert [b.id for b in billing.list_my_bills(s, w.outsider)] == []
    for who in (w.bob, w.outsider):
        with pytest.raises(NotFound), tx() as s:
            billing.get_bill(s, who, bills[w.h_a1.id].id)
    with pytest.raises(PermissionDenied), tx() as s:
        billing.list_bills(s, w.other_staff, w.community.id)
    with pytest.raises(PermissionDenied), tx() as s:
        billing.statement_csv(s, w.bob, w.h_a1.id)


def test_offline_payments_and_collection_rate_by_building(tx, world):
    w = world
    bills = _billed(tx, w)
    a1, b1 = bills[w.h_a1.id], bills[w.h_b1.id]
    with pytest.raises(PermissionDenied), tx() as s:
        billing.record_offline_payment(s, w.ann, a1.id, 1000, "cash", "")
    with pytest.raises(ServiceError, match="more than"), tx() as s:
        billing.record_offline_payment(s, w.staff, a1.id, a1.total_minor + 1, "cash", "")
    with pytest.raises(ServiceError, match="Choose how"), tx() as s:
        billing.record_offline_payment(s, w.staff, a1.id, 100, "bitcoin", "")
    with tx() as s:
        billing.record_offline_payment(s, w.staff, a1.id, 10000, "cash", "at the desk")
        billing.record_offline_payment(s, w.staff, b1.id, b1.total_minor, "bank_transfer", "ref 991")
    with tx() as s:
        rep = billing.collection_rate(s, w.staff, w.community.id, P)
        assert billing.get_bill(s, w.ann, a1.id).status == "unpaid"
    a, b = rep.by_building
    assert (a.building, a.bills, a.paid_bills, a.collected_minor) == ("A", 2, 0, 10000)
    assert (b.building, b.paid_bills, b.rate_percent) == ("B", 1, 100.0)
    assert rep.total.billed_minor == sum(x.total_minor for x in bills.values())
    assert rep.total.rate_percent == round(100 * (10000 + b1.total_minor) / rep.total.billed_minor, 1)


def test_late_fee_is_applied_once_after_grace_and_shows_in_arrears(tx, world):
    w = world
    bills = _billed(tx, w)
    with tx() as s:
        billing.mark_bill_paid(s, bills[w.h_b1.id].id, "pi_b", bills[w.h_b1.id].total_minor)
    in_grace = datetime(2026, 11, 14, tzinfo=UTC)
    late = datetime(2026, 11, 20, tzinfo=UTC)
    with tx() as s:
        assert billing.apply_late_fees(s, w.staff, w.community.id, now=in_grace) == 0
    with tx() as s:
        assert billing.apply_late_fees(s, w.staff, w.community.id, now=late) == 2
    with tx() as s:
        assert billing.apply_late_fees(s, w.staff, w.community.id, now=late) == 0
    after = _bills(tx, w)
    a2 = after[w.h_a2.id]
    assert a2.total_minor == 17500 + 875  # 5% of the fees
    assert [x.is_late_fee for x in a2.lines] == [False, False, True]
    assert after[w.h_b1.id].total_minor == bills[w.h_b1.id].total_minor  # paid: no late fee
    with tx() as s:
        rows = billing.arrears(s, w.staff, w.community.id, now=late)
    assert [(r.building, r.unit, r.days_overdue) for r in rows] == [("A", "101", 10), ("A", "102", 10)]
    assert rows[1].outstanding_minor == 18375


def test_reminders_reach_households_with_unpaid_bills_once_a_day(tx, db, world):
    w = world
    b1 = _billed(tx, w)[w.h_b1.id]
    with tx() as s:
        billing.mark_bill_paid(s, b1.id, "pi_b", b1.total_minor)
    late = datetime(2026, 11, 20, tzinfo=UTC)
    with tx() as s:
        assert billing.send_reminders(s, w.staff, w.community.id, now=late) == 2
    with tx() as s:
        assert billing.send_reminders(s, w.staff, w.community.id, now=late) == 0
    msgs = db.exec(select(OutboxMessage).where(OutboxMessage.template == "bill_reminder")).all()
    assert {m.user_id for m in msgs} == {w.ann.user_id, w.amy.user_id, w.bob.user_id}
    assert any("A-102" in m.body and "$175.00" in m.body for m in msgs)


def test_statement_csv_has_running_balance(tx, world):
    w = world
    bill = _billed(tx, w)[w.h_a2.id]
    with tx() as s:
        billing.record_offline_payment(s, w.staff, bill.id, 5000, "cash")
    with tx() as s:
        text = billing.statement_csv(s, w.bob)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["amount"] for r in rows] == ["160.00", "15.00", "-50.00"]
    assert rows[-1]["balance"] == "125.00"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(name="", kind="fixed", rate_minor=1), "name"),
        (dict(name="X", kind="weird", rate_minor=1), "area, fixed"),
        (dict(name="X", kind="fixed", rate_minor=-5), "zero or more"),
        (dict(name="X", kind="one_off", rate_minor=5, period="2026-13"), "YYYY-MM"),
    ],
)
def test_bad_fee_input_is_refused(tx, db, world, kwargs, message):
    with pytest.raises(ServiceError, match=message), tx() as s:
        billing.add_fee_item(s, world.staff, world.community.id, **kwargs)
    with pytest.raises(ServiceError, match="YYYY-MM"), tx() as s:
        billing.generate_bills(s, world.staff, world.community.id, "Nov 2026")
    assert db.exec(select(Bill)).all() == []


def test_two_concurrent_payments_of_one_bill_record_one(engine, tx, db, world):
    w = world
    bill = _billed(tx, w)[w.h_a2.id]
    barrier, ok, refused = threading.Barrier(2), [], []

    def pay(ref):
        barrier.wait()
        try:
            with session_scope(engine) as s:
                billing.mark_bill_paid(s, bill.id, ref, bill.total_minor)
            ok.append(ref)
        except ServiceError as exc:
            refused.append(exc.code)

    threads = [threading.Thread(target=pay, args=(ref,)) for ref in ("pi_tab1", "pi_tab2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ok) == 1 and refused == ["already_paid"]
    [payment] = db.exec(select(BillPayment)).all()
    assert payment.reference == ok[0] and db.get(Bill, bill.id).paid_minor == bill.total_minor
