"""Care inbox: residents write in, staff answer, residents are notified and can follow up."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models import OutboxMessage
from community_hub.models.care import CareTicket
from community_hub.property import care


def _ask(tx, who, subject="Bike storage?", body="Is there room for bikes in the basement?", kind="question"):
    with tx() as db:
        return care.submit(db, who, kind=kind, subject=subject, body=body).id


def test_question_answered_notifies_and_resident_can_follow_up(tx, db, world):
    w = world
    tid = _ask(tx, w.ann)
    with tx() as s:
        assert [t.id for t in care.list_for_staff(s, w.staff, w.community.id, status="open")] == [tid]
        care.reply(s, w.staff, tid, "Yes, room B-02. Ask the desk for a key.")
    notes = db.exec(select(OutboxMessage).where(OutboxMessage.template == "care_reply")).all()
    assert {m.channel for m in notes} == {"in_app", "email"} and all(m.user_id == w.ann.user_id for m in notes)
    assert "room B-02" in notes[0].body
    with tx() as s:
        care.follow_up(s, w.ann, tid, "Thanks! Opening hours?")
    with tx() as s:
        view = care.get_ticket(s, w.ann, tid)
    assert view.status == "open" and view.unit == "A-101"
    assert [(m.from_staff, m.body[:5]) for m in view.messages] == [(False, "Is th"), (True, "Yes, "), (False, "Thank")]


def test_status_changes_notify_and_closed_conversations_take_no_follow_up(tx, db, world):
    w = world
    tid = _ask(tx, w.bob, kind="suggestion", subject="More benches", body="Near the playground please")
    with tx() as s:
        care.set_status(s, w.staff, tid, "closed")
    with pytest.raises(ServiceError, match="already closed"), tx() as s:
        care.set_status(s, w.staff, tid, "closed")
    with pytest.raises(ServiceError, match="closed; please start a new"), tx() as s:
        care.follow_up(s, w.bob, tid, "But why?")
    msg = db.exec(select(OutboxMessage).where(OutboxMessage.template == "care_status")).one()
    assert msg.user_id == w.bob.user_id and "closed" in msg.body


def test_conversations_are_private_to_author_and_staff(tx, world):
    w = world
    tid = _ask(tx, w.ann)
    for who in (w.amy, w.bob, w.other_staff):  # even someone of the same household
        with pytest.raises(NotFound), tx() as s:
            care.get_ticket(s, who, tid)
    with pytest.raises(NotFound), tx() as s:
        care.reply(s, w.bob, tid, "I answer for staff")
    with pytest.raises(PermissionDenied), tx() as s:
        care.list_for_staff(s, w.ann, w.community.id)
    with tx() as s:
        assert [t.id for t in care.list_mine(s, w.ann)] == [tid]
        assert care.list_mine(s, w.amy) == []


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(kind="rant"), "Choose suggestion"),
        (dict(subject=" "), "subject"),
        (dict(body=""), "Write your message"),
        (dict(body="x" * 5000), "too long"),
    ],
)
def test_bad_messages_are_refused(tx, db, world, kw, message):
    with pytest.raises(ServiceError, match=message):
        _ask(tx, world.ann, **kw)
    assert db.exec(select(CareTicket)).all() == []
