"""The cheap versions live resident pages poll (repairs, bills, care): each moves when another person
acts, and each answers only whoever may see what it describes."""

from __future__ import annotations

import pytest

from community_hub.core.errors import NotFound, NotLoggedIn, PermissionDenied
from community_hub.core.permissions import ANONYMOUS
from community_hub.property import billing, care
from community_hub.property import workorders as wo
from community_hub.property.billing import reading as bill_reading
from tests import factories as f
from tests.bell_rings import committed, rings

REFUSED = (PermissionDenied, NotLoggedIn)


def _refused(db, version, *people) -> None:
    """A resident's own version answers no one else: each of `people` is refused."""
    for who in people:
        with pytest.raises(REFUSED):
            version(db, who)


@pytest.fixture
def repair(tx, world):
    """A reported repair of ann's household and a worker with a login: (order id, fixer, fixer id)."""
    with tx() as db:
        cat = wo.add_category(db, world.staff, world.community.id, "Plumbing", 24)
        u = f.user(db)
        fixer = wo.add_worker(db, world.staff, world.community.id, "Fay Fixer", user_id=u.id)
        oid = wo.report_work_order(db, world.ann, category_id=cat.id, location="Kitchen",
                                   description="Leaking tap").id
        return oid, f.actor(db, u), fixer.id


def test_a_repair_version_moves_with_every_step_of_staff_and_the_worker(tx, world, repair):
    oid, fixer, fixer_id = repair
    seen = []
    with tx() as db:
        seen.append(wo.work_order_version(db, world.ann, oid))
        wo.triage(db, world.staff, oid)
    with tx() as db:
        seen.append(wo.work_order_version(db, world.amy, oid))  # the whole household follows it
        wo.dispatch(db, world.staff, oid, fixer_id)
    for step in ("accepted", "on_the_way", "in_progress", "done"):
        with tx() as db:
            seen.append(wo.work_order_version(db, fixer, oid))
            wo.worker_update(db, fixer, oid, step)
    with tx() as db:
        seen.append(wo.work_order_version(db, world.staff, oid))
    assert len(set(seen)) == len(seen)  # every move showed as a change
    assert seen[-1][0] == "done"


def test_a_repair_version_is_refused_to_neighbours_other_staff_and_strangers(tx, world, repair):
    oid, _, _ = repair
    with tx() as db:
        for who in (world.bob, world.outsider, world.other_staff, ANONYMOUS):
            with pytest.raises(NotFound):
                wo.work_order_version(db, who, oid)


def test_the_household_repairs_version_moves_when_staff_act_and_is_for_residents_only(tx, world, repair):
    oid, _, _ = repair
    with tx() as db:
        before = wo.my_work_orders_version(db, world.ann)
        assert wo.my_work_orders_version(db, world.bob) == (0, 0, "")  # the neighbour sees none of it
        wo.triage(db, world.staff, oid)
    with tx() as db:
        assert wo.my_work_orders_version(db, world.amy) != before
        _refused(db, wo.my_work_orders_version, world.staff, ANONYMOUS)


def test_the_bills_version_moves_on_a_bill_run_and_an_office_payment(tx, world):
    w = world
    with tx() as db:
        empty = bill_reading.my_bills_version(db, w.ann)
        billing.add_fee_item(db, w.staff, w.community.id, name="Cleaning", kind="fixed", rate_minor=2000)
        billing.generate_bills(db, w.staff, w.community.id, "2026-10")
    with tx() as db:
        issued = bill_reading.my_bills_version(db, w.amy)
        bill_id = billing.list_my_bills(db, w.ann)[0].id
        billing.record_offline_payment(db, w.staff, bill_id, 500, "cash")
    with tx() as db:
        part_paid = bill_reading.my_bills_version(db, w.ann)
    assert len({empty, issued, part_paid}) == 3
    with tx() as db:
        _refused(db, bill_reading.my_bills_version, w.staff, ANONYMOUS)
        assert bill_reading.my_bills_version(db, w.outsider) != issued  # another household's own bills


def test_bills_read_by_period_newest_first_whatever_order_the_runs_were_made_in(tx, world):
    w = world
    with tx() as db:
        billing.add_fee_item(db, w.staff, w.community.id, name="Cleaning", kind="fixed", rate_minor=2000)
        for period in ("2026-09", "2026-11", "2026-10"):  # a forgotten month generated last
            billing.generate_bills(db, w.staff, w.community.id, period)
    with tx() as db:
        assert [b.period for b in billing.list_my_bills(db, w.ann)] == ["2026-11", "2026-10", "2026-09"]


def test_the_care_version_moves_when_staff_answer_and_is_the_authors_own(tx, world):
    w = world
    with tx() as db:
        tid = care.submit(db, w.ann, kind="question", subject="Bikes?", body="Where do bikes go?").id
    with tx() as db:
        asked = care.my_tickets_version(db, w.ann)
        assert care.my_tickets_version(db, w.amy) == (0, "", 0)  # a conversation is its author's
        care.reply(db, w.staff, tid, "Room B-02.")
    with tx() as db:
        answered = care.my_tickets_version(db, w.ann)
        care.set_status(db, w.staff, tid, "closed")
    with tx() as db:
        closed = care.my_tickets_version(db, w.ann)
    assert len({asked, answered, closed}) == 3
    with tx() as db:
        _refused(db, care.my_tickets_version, w.staff, ANONYMOUS)


# The change bell (core/change_bell.py): an open page of these waits on its keys instead of polling
# every second, so each write the other side makes must ring them, and another household's must not.



def test_an_open_repair_page_is_rung_by_staff_and_the_worker_and_not_by_a_neighbours_repair(engine, tx, world, repair):
    oid, fixer, fixer_id = repair
    with tx() as db:
        cat = wo.list_categories(db, world.community.id)[0]
        bobs = wo.report_work_order(db, world.bob, category_id=cat.id, location="Hall", description="Bulb").id
    with tx() as db:
        keys, wake_in = wo.work_order_keys(db, world.amy, oid)  # the household's other member follows it
        with pytest.raises(NotFound):
            wo.work_order_keys(db, world.bob, oid)
    assert wake_in is None
    assert rings(engine, committed(tx, lambda db: wo.triage(db, world.staff, oid)), keys)
    assert rings(engine, committed(tx, lambda db: wo.dispatch(db, world.staff, oid, fixer_id)), keys)
    with tx() as db:
        keys = wo.work_order_keys(db, fixer, oid)[0]  # now with the worker's row: whether fixer may see it
    assert rings(engine, committed(tx, lambda db: wo.worker_update(db, fixer, oid, "accepted")), keys)
    with tx() as db:
        neighbours = wo.work_order_keys(db, world.bob, bobs)[0]
    assert not rings(engine, committed(tx, lambda db: wo.triage(db, world.staff, bobs)), keys, heard=neighbours)


def test_the_household_repairs_list_is_rung_when_staff_move_an_order_and_not_for_another_household(
        engine, tx, world, repair):
    oid, _, _ = repair
    with tx() as db:
        keys, wake_in = wo.my_work_orders_keys(db, world.amy)
        bobs = wo.my_work_orders_keys(db, world.bob)[0]
        _refused(db, wo.my_work_orders_keys, world.staff, ANONYMOUS)
    assert wake_in is None
    assert rings(engine, committed(tx, lambda db: wo.triage(db, world.staff, oid)), keys)
    assert not rings(engine, committed(tx, lambda db: wo.cancel(db, world.staff, oid)), bobs, heard=keys)


def test_the_bills_page_is_rung_by_a_bill_run_and_an_office_payment_and_not_by_a_neighbours(engine, tx, world):
    w = world
    with tx() as db:
        keys, wake_in = bill_reading.my_bills_keys(db, w.amy)
        bobs = bill_reading.my_bills_keys(db, w.bob)[0]
        _refused(db, bill_reading.my_bills_keys, w.staff, ANONYMOUS)
        billing.add_fee_item(db, w.staff, w.community.id, name="Cleaning", kind="fixed", rate_minor=2000)
    assert wake_in is None
    assert rings(engine, committed(tx, lambda db: billing.generate_bills(db, w.staff, w.community.id, "2026-10")), keys)
    with tx() as db:
        anns, bobs_bill = (billing.list_my_bills(db, who)[0].id for who in (w.ann, w.bob))
    assert rings(engine, committed(tx, lambda db: billing.record_offline_payment(db, w.staff, anns, 500, "cash")), keys)
    assert not rings(engine, committed(tx, lambda db: billing.record_offline_payment(db, w.staff, bobs_bill, 500, "cash")),
                     keys, heard=bobs)


def test_the_care_page_is_rung_when_staff_answer_and_not_by_a_neighbours_conversation(engine, tx, world):
    w = world
    with tx() as db:
        mine = care.submit(db, w.ann, kind="question", subject="Bikes?", body="Where do bikes go?").id
        theirs = care.submit(db, w.bob, kind="question", subject="Bins?", body="Which day?").id
    with tx() as db:
        keys, wake_in = care.my_tickets_keys(db, w.ann)
        bobs = care.my_tickets_keys(db, w.bob)[0]
        _refused(db, care.my_tickets_keys, w.staff, ANONYMOUS)
    assert wake_in is None
    assert rings(engine, committed(tx, lambda db: care.reply(db, w.staff, mine, "Room B-02.")), keys)
    assert rings(engine, committed(tx, lambda db: care.set_status(db, w.staff, mine, "closed")), keys)
    assert not rings(engine, committed(tx, lambda db: care.reply(db, w.staff, theirs, "Tuesday.")), keys, heard=bobs)
