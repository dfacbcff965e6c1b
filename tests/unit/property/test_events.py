"""Events: capacity, full events, waiting list promotion, check-in."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models import OutboxMessage
from community_hub.models.base import utcnow
from community_hub.models.events import EventSignup
from community_hub.property import events


def _event(tx, w, capacity=2, **kw):
    start = utcnow() + timedelta(days=2)
    with tx() as db:
        return events.create_event(db, w.staff, w.community.id, title=kw.pop("title", "Summer BBQ"),
                                   starts_at=start, ends_at=start + timedelta(hours=3), capacity=capacity, **kw).id


def test_full_event_refuses_then_waiting_list_is_promoted_in_order(tx, db, world):
    w = world
    eid = _event(tx, w)
    with tx() as s:
        events.sign_up(s, w.ann, eid)
        events.sign_up(s, w.bob, eid)
    with pytest.raises(ServiceError, match=r"full \(2 places\)"), tx() as s:
        events.sign_up(s, w.cat, eid)
    assert len(db.exec(select(EventSignup)).all()) == 2
    with tx() as s:
        events.sign_up(s, w.cat, eid, join_waitlist=True)
        events.sign_up(s, w.amy, eid, join_waitlist=True)
    with tx() as s:
        assert events.get_event(s, w.amy, eid).my_waitlist_position == 2
        view = events.get_event(s, w.cat, eid)
    assert (view.my_status, view.my_waitlist_position, view.places_left, view.waitlisted) == ("waitlisted", 1, 0, 2)
    with tx() as s:
        promoted = events.cancel_signup(s, w.bob, eid)
    assert promoted.user_id == w.cat.user_id
    with tx() as s:
        assert events.get_event(s, w.cat, eid).my_status == "confirmed"
        assert events.get_event(s, w.amy, eid).my_waitlist_position == 1
        rows = [(a.user_id, a.status) for a in events.attendees(s, w.staff, eid)]
    assert rows == [(w.ann.user_id, "confirmed"), (w.cat.user_id, "confirmed"), (w.amy.user_id, "waitlisted")]
    msgs = db.exec(select(OutboxMessage).where(OutboxMessage.template == "event_promoted")).all()
    assert [m.user_id for m in msgs] == [w.cat.user_id]


def test_signing_up_twice_is_refused(tx, world):
    eid = _event(tx, world)
    with tx() as s:
        events.sign_up(s, world.ann, eid)
    with pytest.raises(ServiceError, match="already signed up"), tx() as s:
        events.sign_up(s, world.ann, eid)
    with tx() as s:  # cancelling then signing up again is fine
        events.cancel_signup(s, world.ann, eid)
        events.sign_up(s, world.ann, eid)
    with pytest.raises(ServiceError, match="not signed up"), tx() as s:
        events.cancel_signup(s, world.bob, eid)


def test_last_place_goes_to_one_of_many_concurrent_sign_ups(engine, tx, db, world):
    w = world
    eid = _event(tx, w, capacity=1)
    barrier, ok, refused = threading.Barrier(3), [], []

    def go(actor):
        barrier.wait()
        try:
            with session_scope(engine) as s:
                events.sign_up(s, actor, eid)
            ok.append(actor.user_id)
        except ServiceError as exc:
            refused.append(exc.code)

    threads = [threading.Thread(target=go, args=(a,)) for a in (w.ann, w.bob, w.cat)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ok) == 1 and refused == ["full", "full"]
    assert [s.status for s in db.exec(select(EventSignup)).all()] == ["confirmed"]


def test_check_in_by_ticket_or_door_code(tx, world):
    w = world
    eid = _event(tx, w, capacity=1)
    with tx() as s:
        ticket = events.sign_up(s, w.ann, eid).ticket_code
        events.sign_up(s, w.bob, eid, join_waitlist=True)
    with tx() as s:
        row = events.check_in(s, w.staff, eid, ticket.lower())
    assert row.user_id == w.ann.user_id and row.checked_in_at is not None
    with pytest.raises(ServiceError, match="Already checked in"), tx() as s:
        events.check_in(s, w.staff, eid, ticket)
    with pytest.raises(ServiceError, match="No sign-up"), tx() as s:
        events.check_in(s, w.staff, eid, "NOPE1234")
    with pytest.raises(PermissionDenied), tx() as s:
        events.check_in(s, w.other_staff, eid, ticket)
    with tx() as s:
        code = s.get(events.CommunityEvent, eid).checkin_code
    with pytest.raises(ServiceError, match="not right"), tx() as s:
        events.self_check_in(s, w.bob, eid, "WRONG")
    with pytest.raises(ServiceError, match="waiting list"), tx() as s:
        events.self_check_in(s, w.bob, eid, code)


def test_cancelled_foreign_and_bad_events(tx, world):
    w = world
    eid = _event(tx, w)
    with pytest.raises(NotFound), tx() as s:
        events.sign_up(s, w.outsider, eid)
    with tx() as s:
        events.cancel_event(s, w.staff, eid)
    with pytest.raises(ServiceError, match="cancelled"), tx() as s:
        events.sign_up(s, w.ann, eid)
    start = utcnow() + timedelta(days=1)
    for kw, msg in ((dict(capacity=0), "capacity"), (dict(ends_at=start - timedelta(hours=1)), "end after"),
                    (dict(title=""), "title")):
        args = dict(title="Party", starts_at=start, ends_at=start + timedelta(hours=1), capacity=5) | kw
        with pytest.raises(ServiceError, match=msg), tx() as s:
            events.create_event(s, w.staff, w.community.id, **args)
    with tx() as s:
        assert [e.title for e in events.list_events(s, w.ann)] == ["Summer BBQ"]
