"""Repair work orders: the state machine per role, timeline, follow-ups, SLA and export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models import OutboxMessage, User
from community_hub.models.base import utcnow
from community_hub.models.workorders import WorkOrder, WorkOrderPhoto
from community_hub.property import workorders as wo
from tests import factories as f
from tests.images import JPEG, PNG


@pytest.fixture
def shop(tx, world):
    """Two categories, two workers with logins; returns (plumbing id, electrical id, fixer, stranger, fixer id)."""
    with tx() as db:
        plumbing = wo.add_category(db, world.staff, world.community.id, "Plumbing", 24)
        electric = wo.add_category(db, world.staff, world.community.id, "Electrical", 4)
        u1, u2 = f.user(db), f.user(db)
        fixer = wo.add_worker(db, world.staff, world.community.id, "Fay Fixer", "+15550009999", user_id=u1.id)
        wo.add_worker(db, world.staff, world.community.id, "Sam Other", user_id=u2.id)
        return plumbing.id, electric.id, f.actor(db, u1), f.actor(db, u2), fixer.id


def _report(tx, w, category_id, **kw):
    with tx() as db:
        return wo.report_work_order(db, w.ann, category_id=category_id, location=kw.pop("location", "Kitchen sink"),
                                    description=kw.pop("description", "Leaking under the sink"), **kw).id


def _to_done(tx, w, oid, fixer, fixer_id, photos=None):
    with tx() as db:
        wo.triage(db, w.staff, oid)
        wo.dispatch(db, w.staff, oid, fixer_id)
    for step in ("accepted", "on_the_way", "in_progress"):
        with tx() as db:
            wo.worker_update(db, fixer, oid, step)
    with tx() as db:
        wo.worker_update(db, fixer, oid, "done", note="Replaced the trap", photos=photos)


def test_full_lifecycle_writes_a_timeline_and_notifies_the_resident(tx, db, world, shop):
    w = world
    plumbing, _, fixer, _, fixer_id = shop
    oid = _report(tx, w, plumbing, preferred_time="Weekday evenings", photos=[("leak.png", PNG)])
    _to_done(tx, w, oid, fixer, fixer_id, photos=[("after.jpg", JPEG)])
    with tx() as s:
        wo.confirm(s, w.amy, oid, 5, "Quick and tidy")  # anyone of the household may confirm
        steps = wo.timeline(s, w.staff, oid)
        view = wo.get_work_order(s, w.ann, oid)
    assert [(x.to_status, x.actor_role) for x in steps] == [
        ("reported", "resident"), ("triaged", "staff"), ("dispatched", "staff"), ("accepted", "worker"),
        ("on_the_way", "worker"), ("in_progress", "worker"), ("done", "worker"), ("confirmed", "resident"),
    ]
    assert steps[6].note == "Replaced the trap"
    assert (view.status, view.rating, view.worker_name) == ("confirmed", 5, "Fay Fixer")
    assert [stage for stage, _ in view.photos] == ["reported", "done"]
    notes = db.exec(select(OutboxMessage).where(OutboxMessage.template == "workorder_status")).all()
    assert {m.user_id for m in notes} == {w.ann.user_id} and len(notes) == 6
    assigned = db.exec(select(OutboxMessage).where(OutboxMessage.template == "workorder_assigned")).all()
    assert {m.channel for m in assigned} == {"sms", "in_app"}


def test_each_move_is_allowed_only_to_its_role(tx, world, shop):
    w = world
    plumbing, _, fixer, stranger, fixer_id = shop
    oid = _report(tx, w, plumbing)
    with pytest.raises(PermissionDenied, match="staff"), tx() as db:
        wo.triage(db, w.ann, oid)
    with pytest.raises(NotFound), tx() as db:
        wo.triage(db, w.other_staff, oid)
    with pytest.raises(NotFound), tx() as db:  # bob is another household: cannot even see it
        wo.cancel(db, w.bob, oid)
    with tx() as db:
        wo.triage(db, w.staff, oid)
        wo.dispatch(db, w.staff, oid, fixer_id)
    with pytest.raises(NotFound), tx() as db:  # a worker not assigned to it
        wo.worker_update(db, stranger, oid, "accepted")
    with pytest.raises(PermissionDenied, match="worker"), tx() as db:
        wo.worker_update(db, w.staff, oid, "accepted")
    with pytest.raises(PermissionDenied, match="staff"), tx() as db:  # resident cannot cancel once dispatched
        wo.cancel(db, w.ann, oid)
    with pytest.raises(ServiceError, match="cannot become in progress"), tx() as db:
        wo.worker_update(db, fixer, oid, "in_progress")  # must accept and set off first
    with pytest.raises(ServiceError, match="cannot become confirmed"), tx() as db:
        wo.confirm(db, w.ann, oid, 5)
    with tx() as db:
        assert wo.allowed_moves(db, fixer, oid) == ["accepted", "triaged"]
        assert wo.allowed_moves(db, w.ann, oid) == []
        assert wo.get_work_order(db, w.ann, oid).status == "dispatched"


def test_unhappy_resident_gets_a_follow_up_visit(tx, world, shop):
    w = world
    plumbing, _, fixer, _, fixer_id = shop
    oid = _report(tx, w, plumbing)
    _to_done(tx, w, oid, fixer, fixer_id)
    with pytest.raises(ServiceError, match="still wrong"), tx() as db:
        wo.reopen(db, w.ann, oid, " ")
    with pytest.raises(PermissionDenied), tx() as db:
        wo.reopen(db, fixer, oid, "I changed my mind")
    with tx() as db:
        wo.reopen(db, w.ann, oid, "Still dripping")
    with tx() as db:
        wo.dispatch(db, w.staff, oid, fixer_id, note="Follow-up visit")
    for step in ("accepted", "on_the_way", "in_progress", "done"):
        with tx() as db:
            wo.worker_update(db, fixer, oid, step)
    with pytest.raises(ServiceError, match="1 to 5"), tx() as db:
        wo.confirm(db, w.ann, oid, 7)
    with tx() as db:
        wo.confirm(db, w.ann, oid, 3)
        view = wo.get_work_order(db, w.staff, oid)
        steps = [x.to_status for x in wo.timeline(db, w.ann, oid)]
    assert (view.visits, view.rating, view.status) == (2, 3, "confirmed")
    assert steps.count("done") == 2 and "reopened" in steps


def test_worker_declines_and_resident_or_staff_cancel(tx, world, shop):
    w = world
    plumbing, _, fixer, _, fixer_id = shop
    oid = _report(tx, w, plumbing)
    with tx() as db:
        wo.triage(db, w.staff, oid)
        wo.dispatch(db, w.staff, oid, fixer_id)
    with tx() as db:
        wo.worker_update(db, fixer, oid, "triaged", note="No parts today")
        assert wo.get_work_order(db, w.staff, oid).worker_name is None
    with pytest.raises(NotFound), tx() as db:  # no longer theirs
        wo.get_work_order(db, fixer, oid)
    with tx() as db:
        wo.cancel(db, w.ann, oid, "Fixed it myself")
    with pytest.raises(ServiceError, match="cannot become"), tx() as db:
        wo.triage(db, w.staff, oid)


def test_sla_per_category_makes_the_overdue_list(tx, world, shop):
    w = world
    plumbing, electric, fixer, _, fixer_id = shop
    past = utcnow() - timedelta(hours=5)
    late = _report(tx, w, electric, location="Hall light", description="Sparks", now=past)  # 4h SLA
    fine = _report(tx, w, plumbing, location="Bath", description="Slow drain", now=past)  # 24h SLA
    finished = _report(tx, w, electric, location="Socket", description="Dead", now=past)
    _to_done(tx, w, finished, fixer, fixer_id)
    with tx() as db:
        rows = wo.overdue(db, w.staff, w.community.id)
        assert [r.id for r in rows] == [late]
        triaged = wo.triage(db, w.staff, fine, category_id=electric)  # recategorised: the 4h SLA applies
        assert triaged.due_at == triaged.created_at + timedelta(hours=4)
    with tx() as db:
        assert [r.id for r in wo.overdue(db, w.staff, w.community.id)] == [late, fine]
        text = wo.export_csv(db, w.staff, w.community.id)
    lines = text.strip().splitlines()
    assert lines[0].startswith("id,status,category") and len(lines) == 4
    assert any(line.startswith(f"{late},reported,Electrical,A,101,Hall light") and ",yes," in line for line in lines)
    with pytest.raises(PermissionDenied), tx() as db:
        wo.export_csv(db, w.other_staff, w.community.id)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(photos=[("virus.png", b"MZ\x90\x00" * 10)]), "virus.png: That file type is not accepted"),
        (dict(photos=[("doc.pdf", b"%PDF-1.4 ...")]), "not accepted"),
        (dict(photos=[("huge.png", PNG + b"\0" * (5 * 1024 * 1024))]), "too large"),
        (dict(description="  "), "Describe the problem"),
        (dict(location=""), "where the problem is"),
    ],
)
def test_bad_reports_create_nothing(tx, db, world, shop, kw, message):
    with pytest.raises(ServiceError, match=message):
        _report(tx, world, shop[0], **kw)
    assert db.exec(select(WorkOrder)).all() == [] and db.exec(select(WorkOrderPhoto)).all() == []


def test_category_of_another_community_is_refused(tx, world):
    with tx() as db:
        other = wo.add_category(db, world.other_staff, world.other_community.id, "Roof", 72)
    with pytest.raises(ServiceError, match="Choose a repair category"):
        _report(tx, world, other.id)


def test_what_residents_typed_is_exported_as_text_never_as_a_formula(tx, world, shop):
    w = world
    plumbing = shop[0]
    _report(tx, w, plumbing, location="@SUM(A1:A9)", description="=cmd|' /C calc'!A0")
    with tx() as db:
        text = wo.export_csv(db, w.staff, w.community.id)
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["location"], row["description"]) == ("'@SUM(A1:A9)", "'=cmd|' /C calc'!A0")


def test_the_dispatched_worker_sees_how_to_reach_the_resident_and_nobody_else_does(tx, world, shop):
    w = world
    plumbing, _, fixer, stranger, fixer_id = shop
    oid = _report(tx, w, plumbing)
    with tx() as db:
        assert wo.resident_contacts(db, fixer, [oid]) == {}  # not dispatched yet
        wo.triage(db, w.staff, oid)
        wo.dispatch(db, w.staff, oid, fixer_id)
    with tx() as db:
        name, phone = wo.resident_contacts(db, fixer, [oid])[oid]
        assert phone == (db.get(User, w.ann.user_id).phone or "") and name
        assert wo.resident_contacts(db, stranger, [oid]) == {}  # another worker
        assert wo.resident_contacts(db, w.bob, [oid]) == {}  # a neighbour


def test_a_phone_too_long_for_its_column_is_refused_with_a_message(tx, db, world):
    with tx() as txdb, pytest.raises(ServiceError, match="at most 20"):
        wo.add_worker(txdb, world.staff, world.community.id, "Long Line", "+1 555 000 0000 ext 12345")
    assert wo.list_workers(db, world.staff, world.community.id) == []
