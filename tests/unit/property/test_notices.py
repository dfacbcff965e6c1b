"""Notices: staff publish to an audience, residents see what is live, urgent ones reach people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.models import OutboxMessage
from community_hub.models.base import utcnow
from community_hub.models.notices import Notice
from community_hub.property import notices
from community_hub.property.notices import NoticeInput
from tests.images import PNG


def _publish(tx, w, data: NoticeInput, *, now=None) -> int:
    with tx() as db:
        n = notices.create_notice(db, w.staff, w.community.id, data)
        notices.publish_notice(db, w.staff, n.id, now=now)
        return n.id


def _titles(tx, actor, now=None) -> list[str]:
    with tx() as db:
        return [n.title for n in notices.list_notices_for_resident(db, actor, now=now)]


def test_audience_decides_who_sees_a_notice(tx, world):
    w = world
    _publish(tx, w, NoticeInput("Everyone"))
    _publish(tx, w, NoticeInput("Building B lift", audience="buildings", buildings=("B",)))
    _publish(tx, w, NoticeInput("Bob's pipe", audience="households", household_ids=(w.h_a2.id,)))
    assert _titles(tx, w.ann) == ["Everyone"]
    assert sorted(_titles(tx, w.bob)) == ["Bob's pipe", "Everyone"]
    assert sorted(_titles(tx, w.cat)) == ["Building B lift", "Everyone"]
    assert _titles(tx, w.outsider) == []


def test_drafts_scheduled_and_expired_notices_are_hidden_and_pinned_come_first(tx, world):
    w = world
    now = utcnow()
    with tx() as db:
        notices.create_notice(db, w.staff, w.community.id, NoticeInput("Draft only"))
    _publish(tx, w, NoticeInput("Old news"), now=now - timedelta(days=2))
    _publish(tx, w, NoticeInput("Pinned rules", pinned=True), now=now - timedelta(days=3))
    _publish(tx, w, NoticeInput("Tomorrow", publish_at=now + timedelta(days=1)), now=now)
    _publish(tx, w, NoticeInput("Short lived", expire_at=now + timedelta(hours=1)), now=now)
    assert _titles(tx, w.ann, now) == ["Pinned rules", "Short lived", "Old news"]
    later = now + timedelta(days=2)
    assert _titles(tx, w.ann, later) == ["Pinned rules", "Tomorrow", "Old news"]


def test_urgent_notice_is_queued_by_sms_email_and_in_app_for_the_audience_once(tx, db, world):
    w = world
    nid = _publish(tx, w, NoticeInput("Water off", body="10:00-12:00", urgent=True,
                                      audience="buildings", buildings=("A",)))
    msgs = db.exec(select(OutboxMessage).where(OutboxMessage.template == "notice_urgent")).all()
    by_user = {}
    for m in msgs:
        by_user.setdefault(m.user_id, set()).add(m.channel)
    assert by_user == {
        w.ann.user_id: {"sms", "email", "in_app"},  # ann has a phone number too
        w.amy.user_id: {"email", "in_app"},
        w.bob.user_id: {"email", "in_app"},
    }
    assert all("Water off" in m.subject for m in msgs)
    with tx() as s:  # editing it afterwards does not send again
        notices.update_notice(s, w.staff, nid, NoticeInput("Water off (update)", urgent=True,
                                                             audience="buildings", buildings=("A",)))
    assert len(db.exec(select(OutboxMessage)).all()) == len(msgs)


def test_scheduled_urgent_notice_is_delivered_at_its_publish_time(tx, db, world):
    when = utcnow() + timedelta(hours=5)
    _publish(tx, world, NoticeInput("Drill", urgent=True, publish_at=when))
    msgs = db.exec(select(OutboxMessage)).all()
    assert msgs and all(abs((m.next_attempt_at - when).total_seconds()) < 1 for m in msgs)


def test_read_receipts_show_who_read_and_who_did_not(tx, world):
    w = world
    nid = _publish(tx, w, NoticeInput("Gas check", urgent=True))
    with tx() as db:
        first = notices.mark_read(db, w.ann, nid)
    with tx() as db:
        assert notices.mark_read(db, w.ann, nid) == first  # reading twice keeps the first time
        notices.mark_read(db, w.cat, nid)
    with tx() as db:
        r = notices.read_receipts(db, w.staff, nid)
        assert notices.get_notice_for_resident(db, w.ann, nid).is_read
        assert not notices.get_notice_for_resident(db, w.bob, nid).is_read
    assert {x.user_id for x in r.read} == {w.ann.user_id, w.cat.user_id}
    assert {x.user_id for x in r.unread} == {w.amy.user_id, w.bob.user_id}
    with pytest.raises(PermissionDenied), tx() as db:
        notices.read_receipts(db, w.other_staff, nid)


def test_only_staff_of_the_community_write_notices(tx, db, world):
    w = world
    for who in (w.ann, w.other_staff):
        with pytest.raises(PermissionDenied), tx() as s:
            notices.create_notice(s, who, w.community.id, NoticeInput("Hack"))
    nid = _publish(tx, w, NoticeInput("Real"))
    with pytest.raises(PermissionDenied), tx() as s:
        notices.withdraw_notice(s, w.other_staff, nid)
    with pytest.raises(ServiceError, match="not yours"), tx() as s:
        notices.mark_read(s, w.outsider, nid)
    assert [n.title for n in db.exec(select(Notice)).all()] == ["Real"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (NoticeInput("  "), "title"),
        (NoticeInput("x" * 200), "too long"),
        (NoticeInput("B", audience="buildings", buildings=("Z",)), "no building Z"),
        (NoticeInput("B", audience="households"), "at least one household"),
        (NoticeInput("B", audience="everyone"), "Choose who"),
    ],
)
def test_bad_notice_input_is_refused_and_nothing_saved(tx, db, world, data, message):
    with pytest.raises(ServiceError, match=message), tx() as s:
        notices.create_notice(s, world.staff, world.community.id, data)
    assert db.exec(select(Notice)).all() == []


def test_other_community_households_cannot_be_targeted(tx, db, world):
    other = world.outsider.household_id
    with pytest.raises(ServiceError, match="not in this community"), tx() as s:
        notices.create_notice(s, world.staff, world.community.id,
                              NoticeInput("x", audience="households", household_ids=(other,)))


def test_withdrawn_notice_disappears_and_attachments_are_checked(tx, world):
    w = world
    nid = _publish(tx, w, NoticeInput("With plan"))
    with tx() as db:
        notices.add_attachment(db, w.staff, nid, "plan.png", PNG)
    with pytest.raises(ServiceError, match="not accepted"), tx() as db:
        notices.add_attachment(db, w.staff, nid, "evil.png", b"MZ\x90\x00binary")
    with tx() as db:
        [view] = notices.list_notices_for_resident(db, w.ann)
        assert [name for name, _ in view.attachments] == ["plan.png"]
        notices.withdraw_notice(db, w.staff, nid)
    assert _titles(tx, w.ann) == []


def test_the_notices_page_reads_its_attachments_in_one_query_however_many_notices(tx, world):
    """Each notice asked for its own attachments (a query per notice on the page residents open
    most after home); now the page costs the same few queries for 2 notices as for 6, with each
    notice's files still its own."""
    from tests.query_count import counted

    w = world

    def queries() -> tuple[list, int]:
        with tx() as db:
            return counted(db, lambda: notices.list_notices_for_resident(db, w.ann))

    for i in range(2):
        nid = _publish(tx, w, NoticeInput(f"Notice {i}"))
        with tx() as db:
            notices.add_attachment(db, w.staff, nid, f"plan{i}.png", PNG)
    views, few = queries()
    assert {v.title: [name for name, _ in v.attachments] for v in views} == {
        "Notice 0": ["plan0.png"], "Notice 1": ["plan1.png"]}
    for i in range(2, 6):
        _publish(tx, w, NoticeInput(f"Notice {i}"))
    views, many = queries()
    assert len(views) == 6 and many == few


def test_the_open_pages_poll_reads_what_the_list_shows_and_moves_with_it(tx, world):
    """The notices page polls `resident_notices_version` every second, from columns: for every
    resident it is the version of the list they see (audience, schedule, pins, reads), and it moves
    when a notice is published, edited or read."""
    w = world
    now = utcnow()
    _publish(tx, w, NoticeInput("Everyone"), now=now - timedelta(hours=2))
    _publish(tx, w, NoticeInput("Building B lift", audience="buildings", buildings=("B",), pinned=True))
    _publish(tx, w, NoticeInput("Bob's pipe", audience="households", household_ids=(w.h_a2.id,)))
    _publish(tx, w, NoticeInput("Tomorrow", publish_at=now + timedelta(days=1)), now=now)

    def both(actor, when=None) -> tuple[str, str]:
        with tx() as db:
            listed = notices.version_of(notices.list_notices_for_resident(db, actor, now=when))
            return listed, notices.resident_notices_version(db, actor, now=when)

    for actor in (w.ann, w.bob, w.cat, w.outsider):
        listed, polled = both(actor)
        assert polled == listed
    assert both(w.ann, now + timedelta(days=2))[1] != both(w.ann)[1]  # the scheduled one is out
    before = both(w.bob)[1]
    with tx() as db:
        seen = notices.list_notices_for_resident(db, w.bob)[0]
        notices.mark_read(db, w.bob, seen.id)
    after_read = both(w.bob)
    assert after_read[0] == after_read[1] != before
    nid = _publish(tx, w, NoticeInput("Water off", urgent=True))
    with tx() as db:
        notices.update_notice(db, w.staff, nid, NoticeInput("Water off until noon", urgent=True))
    assert both(w.bob)[0] == both(w.bob)[1] != after_read[1]


def test_a_live_notices_page_is_told_when_a_notice_starts_or_ends_on_its_own(tx, world):
    """The change bell wakes a watcher for writes, not for time passing: the keys read also say how
    long until the next published notice of the community starts or ends (state/shared/live_watch)."""
    w = world
    now = utcnow()
    with tx() as db:
        keys, wake_in = notices.resident_keys(db, w.ann, now=now)
    assert wake_in is None, "nothing scheduled, yet the page was told to wake"
    assert ("notice", "community_id", str(w.community.id)) in keys
    _publish(tx, w, NoticeInput("Tomorrow", publish_at=now + timedelta(days=1)), now=now)
    _publish(tx, w, NoticeInput("Short lived", expire_at=now + timedelta(hours=1)), now=now)
    with tx() as db:
        _, wake_in = notices.resident_keys(db, w.ann, now=now)
    assert wake_in == pytest.approx(3600, abs=1), "not woken when the short-lived notice ends"
