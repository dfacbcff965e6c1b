"""Convenience services with places per day (issue 16's priority): a full day is refused with the
choice to wait; a freed place goes to the waiting request first in priority — a Gold cardholder
before an earlier neighbour without a card — who is told; each resident sees their place in the
queue, staff see the queue in that order with the card levels; withdrawing, staff adding places."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.membership import batches
from community_hub.models import OutboxMessage
from community_hub.models.base import utcnow
from community_hub.models.billing import ServiceBooking
from community_hub.models.membership import Cardholding, CardLevel, CardProgramme
from community_hub.models.service_waiting import ServiceWaiting
from community_hub.property import billing, service_waiting
from tests.bell_rings import committed, rings


def _gold_level(db) -> tuple[int, int]:
    """A card programme with a Gold level: (programme id, level id)."""
    prog = CardProgramme(name="Neighbours")
    db.add(prog)
    db.flush()
    gold = CardLevel(programme_id=prog.id, name="Gold", rank=3)
    db.add(gold)
    db.flush()
    return prog.id, gold.id


def _card_at(db, user_id: int, prog_id: int, level_id: int) -> None:
    card = batches.new_card(db, prog_id, level_id, None)
    db.flush()
    db.add(Cardholding(user_id=user_id, programme_id=prog_id, level_id=level_id, card_id=card.id,
                       identity_kind="mobile", identity_value=f"+1555{user_id:07d}"))


def _gold_card(db, user_id: int) -> None:
    _card_at(db, user_id, *_gold_level(db))


def test_a_full_day_waits_and_a_freed_place_goes_by_priority(tx, db, world):
    w = world
    with tx() as s:
        sid = billing.add_convenience_service(s, w.staff, w.community.id, name="Sofa cleaning", price_minor=3000,
                                              places_per_day=1).id
        _gold_card(s, w.cat.user_id)
    # A morning two days ahead: an hour later is the same day whatever the time the test runs at
    # (after 23:00 it was the next day, which had a place, and the test failed).
    when = (utcnow() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    with tx() as s:
        first = billing.book_convenience_service(s, w.ann, sid, requested_for=when)
    with pytest.raises(ServiceError, match="fully booked") as full, tx() as s:
        billing.book_convenience_service(s, w.bob, sid, requested_for=when + timedelta(hours=1))
    assert full.value.code == "full"
    with tx() as s:
        bob_wait = service_waiting.wait_for_place(s, w.bob, sid, requested_for=when, notes="blue sofa")
    with tx() as s:  # later, but a Gold cardholder
        cat_wait = service_waiting.wait_for_place(s, w.cat, sid, requested_for=when)
    with pytest.raises(ServiceError, match="already waiting"), tx() as s:
        service_waiting.wait_for_place(s, w.bob, sid, requested_for=when)
    with pytest.raises(ServiceError, match="still has places"), tx() as s:  # another day is free: book it
        service_waiting.wait_for_place(s, w.bob, sid, requested_for=when + timedelta(days=1))

    with tx() as s:
        assert [(r.service, r.position) for r in service_waiting.my_waiting(s, w.bob)] == [("Sofa cleaning", 2)]
        assert [r.position for r in service_waiting.my_waiting(s, w.cat)] == [1]
        queue = service_waiting.waiting_for_staff(s, w.staff, w.community.id)
    assert [(r.id, r.position, r.level) for r in queue] == [(cat_wait.id, 1, "Gold"), (bob_wait.id, 2, "")]
    with pytest.raises(PermissionDenied), tx() as s:
        service_waiting.waiting_for_staff(s, w.other_staff, w.community.id)
    with pytest.raises((NotFound, PermissionDenied)), tx() as s:
        service_waiting.withdraw(s, w.outsider, bob_wait.id)

    with tx() as s:  # Ann cancels: the place goes to Cat, who is told
        billing.cancel_convenience_booking(s, w.ann, first.id)
    cat_row = db.get(ServiceWaiting, cat_wait.id)
    db.refresh(cat_row)
    assert cat_row.state == "booked" and cat_row.booking_id
    booking = db.get(ServiceBooking, cat_row.booking_id)
    assert (booking.household_id, booking.status, booking.requested_for) == (w.h_b1.id, "awaiting_payment", when)
    told = db.exec(select(OutboxMessage).where(OutboxMessage.template == "service_place_given",
                                               OutboxMessage.user_id == w.cat.user_id)).all()
    assert told
    with tx() as s:
        assert [r.position for r in service_waiting.my_waiting(s, w.bob)] == [1]
        assert service_waiting.my_waiting(s, w.cat) == []

    with tx() as s:  # staff give a second place: Bob is served at once
        service_waiting.set_places_per_day(s, w.staff, sid, 2)
    bob_row = db.get(ServiceWaiting, bob_wait.id)
    db.refresh(bob_row)
    assert bob_row.state == "booked"
    assert db.get(ServiceBooking, bob_row.booking_id).notes == "blue sofa"
    with pytest.raises(ServiceError, match="Places per day"), tx() as s:
        service_waiting.set_places_per_day(s, w.staff, sid, -1)
    with pytest.raises(PermissionDenied), tx() as s:
        service_waiting.set_places_per_day(s, w.other_staff, sid, 5)


def test_withdrawing_leaves_the_list_and_no_limit_means_no_waiting(tx, db, world):
    w = world
    with tx() as s:
        limited = billing.add_convenience_service(s, w.staff, w.community.id, name="Key cutting", price_minor=500,
                                                  places_per_day=1).id
        open_ = billing.add_convenience_service(s, w.staff, w.community.id, name="Printing", price_minor=10).id
    with tx() as s:
        billing.book_convenience_service(s, w.ann, limited)  # today, no time asked
        for _ in range(3):  # no limit: everyone is booked
            billing.book_convenience_service(s, w.bob, open_)
    with tx() as s:
        waiting = service_waiting.wait_for_place(s, w.bob, limited)
    with pytest.raises(ServiceError, match="still has places"), tx() as s:
        service_waiting.wait_for_place(s, w.bob, open_)
    with pytest.raises(NotFound), tx() as s:  # another household's request
        service_waiting.withdraw(s, w.amy, waiting.id)
    with tx() as s:
        service_waiting.withdraw(s, w.bob, waiting.id)
    with pytest.raises(ServiceError, match="no longer waiting"), tx() as s:
        service_waiting.withdraw(s, w.bob, waiting.id)
    with pytest.raises(ServiceError, match="Places per day"), tx() as s:
        billing.add_convenience_service(s, w.staff, w.community.id, name="Bad", price_minor=1, places_per_day=5000)


def test_staff_see_an_events_waiting_list_in_priority_order(tx, world):
    from community_hub.property import events

    w = world
    with tx() as s:
        start = utcnow() + timedelta(days=3)
        eid = events.create_event(s, w.staff, w.community.id, title="Quiz night", starts_at=start,
                                  ends_at=start + timedelta(hours=2), capacity=1).id
        _gold_card(s, w.cat.user_id)
    for who in (w.ann, w.bob, w.cat):
        with tx() as s:
            events.sign_up(s, who, eid, join_waitlist=True)
    with tx() as s:
        rows = events.attendees(s, w.staff, eid)
    assert [(r.user_id, r.status) for r in rows] == [(w.ann.user_id, "confirmed"), (w.cat.user_id, "waitlisted"),
                                                     (w.bob.user_id, "waitlisted")]


def test_the_services_page_is_rung_when_its_place_in_a_queue_moves_and_not_by_another_households(engine, tx, world):
    """The resident's services page waits on the change bell (core/change_bell.py) instead of
    polling: a neighbour joining its queue, or getting a card that puts them first, rings it."""
    from state.resident.services import _resident_keys, _resident_version

    w = world
    with tx() as s:
        sid = billing.add_convenience_service(s, w.staff, w.community.id, name="Sofa cleaning", price_minor=3000,
                                              places_per_day=1).id
        prog_id, gold_id = _gold_level(s)
    when = (utcnow() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    with tx() as s:
        billing.book_convenience_service(s, w.ann, sid, requested_for=when)
    with tx() as s:
        service_waiting.wait_for_place(s, w.bob, sid, requested_for=when)

    with tx() as s:
        keys, wake_in = _resident_keys(s, w.bob)
        anns = _resident_keys(s, w.ann)[0]
    assert wake_in is None
    assert rings(engine, committed(tx, lambda s: service_waiting.wait_for_place(s, w.cat, sid, requested_for=when)), keys)
    with tx() as s:
        keys, before = _resident_keys(s, w.bob)[0], _resident_version(s, w.bob)
    assert rings(engine, committed(tx, lambda s: _card_at(s, w.cat.user_id, prog_id, gold_id)), keys)
    with tx() as s:
        assert _resident_version(s, w.bob) != before  # Cat is first now
        mine = [r.id for r in service_waiting.my_waiting(s, w.bob)]
    assert not rings(engine, committed(tx, lambda s: service_waiting.withdraw(s, w.bob, mine[0])), anns, heard=keys)
