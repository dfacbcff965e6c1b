"""Platform announcements (issue 18): who gets one, the inbox message and the banner until it is
opened, and what is refused with nothing sent."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.permissions import AdminPermission
from community_hub.models import InboxItem, OutboxMessage, Role
from community_hub.models.announcements import PlatformAnnouncement
from community_hub.notify import announcements, inbox, worker
from tests import factories as f


@pytest.fixture
def people(tx):
    with tx() as db:
        here, there = f.community(db), f.community(db)
        shop = f.merchant(db)
        content = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.CONTENT)
        review = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.REVIEW)
        riley = f.actor(db, f.user(db, Role.RESIDENT, community_id=here.id,
                                   household_id=f.household(db, here.id).id))
        olga = f.actor(db, f.user(db, Role.RESIDENT, community_id=there.id,
                                  household_id=f.household(db, there.id).id))
        mona = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=shop.id))
        agent = f.actor(db, f.user(db, Role.AGENT))
        kiosk = f.actor(db, f.user(db, Role.KIOSK))
        return dict(content=content, review=review, riley=riley, olga=olga, mona=mona, agent=agent, kiosk=kiosk,
                    here=here.id, there=there.id)


def _send(tx, who, **kw):
    with tx() as s:
        return announcements.publish(s, who, **{"title": "Maintenance tonight", "body": "The app rests 1-2 am.",
                                                "audience": "everyone", **kw})


def _banner(tx, actor):
    with tx() as s:
        return [b.title for b in announcements.unread_banner(s, actor)]


def test_each_audience_reaches_exactly_its_people(tx, db, people):
    p = people
    cases = {"everyone": {"riley", "olga", "mona", "agent", "content", "review"}, "residents": {"riley", "olga"},
             "merchants": {"mona"}, "agents": {"agent"}, "community": {"riley"}}
    for audience, expected in cases.items():
        view = _send(tx, p["content"], title=f"To {audience}", audience=audience, community_id=p["here"])
        to = set(db.exec(select(OutboxMessage.user_id).where(OutboxMessage.link == announcements.link_of(view.id))).all())
        assert to == {p[name].user_id for name in expected}, audience
        assert view.recipients == len(expected)
        for name in ("riley", "olga", "mona", "agent", "kiosk"):
            assert (f"To {audience}" in _banner(tx, p[name])) == (name in expected), (audience, name)


def test_it_waits_in_the_inbox_and_the_banner_until_opened(tx, db, people):
    p = people
    view = _send(tx, p["content"], audience="residents")
    worker.deliver_due(db.get_bind())
    with tx() as s:
        assert inbox.unread_count(s, p["riley"]) == 1
        item = s.exec(select(InboxItem).where(InboxItem.user_id == p["riley"].user_id)).one()
        assert (item.title, item.link) == ("Announcement: Maintenance tonight", f"/announcements/{view.id}")
    assert _banner(tx, p["riley"]) == ["Maintenance tonight"]
    with tx() as s:
        opened = announcements.open_announcement(s, p["riley"], view.id)
    assert opened.body == "The app rests 1-2 am."
    assert _banner(tx, p["riley"]) == []
    with tx() as s:
        assert inbox.unread_count(s, p["riley"]) == 0
        again = announcements.open_announcement(s, p["riley"], view.id)  # opening twice is fine
    assert again.title == "Maintenance tonight"
    assert _banner(tx, p["olga"]) == ["Maintenance tonight"]  # her own banner is hers
    with tx() as s:
        assert [v.read for v in announcements.sent(s, p["content"])] == [1]


def test_someone_it_was_not_meant_for_cannot_open_it(tx, people):
    view = _send(tx, people["content"], audience="merchants")
    with pytest.raises(NotFound), tx() as s:
        announcements.open_announcement(s, people["riley"], view.id)


def test_refused_with_nothing_sent(tx, db, people):
    p = people
    cases = [
        (p["review"], dict(), PermissionDenied, "content back-office role"),
        (p["riley"], dict(), PermissionDenied, "Only a platform admin"),
        (p["content"], dict(title="  "), ServiceError, "Write a title"),
        (p["content"], dict(body=""), ServiceError, "Write a title"),
        (p["content"], dict(title="x" * 121), ServiceError, "at most 120 characters"),
        (p["content"], dict(body="x" * 2001), ServiceError, "text at most 2000"),
        (p["content"], dict(audience="aliens"), ServiceError, "Choose who"),
        (p["content"], dict(audience="community", community_id=None), NotFound, "community"),
        (p["content"], dict(audience="community", community_id=987654), NotFound, "community"),
    ]
    for who, kw, error, message in cases:
        with pytest.raises(error, match=message):
            _send(tx, who, **kw)
    assert db.exec(select(func.count(PlatformAnnouncement.id))).one() == 0
    assert db.exec(select(func.count(OutboxMessage.id))).one() == 0
