"""Each community's time zone: who may change it, and which zone a person's Actor carries
(on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.config import load_settings, override_settings
from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.models import AuditEntry, Community, KioskDevice, Role
from community_hub.property import community_settings
from tests import factories as f


@pytest.fixture
def world(tx):
    with tx() as db:
        maple, oak = f.community(db), f.community(db)
        maple.time_zone, oak.time_zone = "America/New_York", "Europe/London"
        home = f.household(db, maple.id)
        ids = {
            "maple": maple.id, "oak": oak.id,
            "resident": f.user(db, Role.RESIDENT, community_id=maple.id, household_id=home.id).id,
            "staff": f.user(db, Role.PROPERTY_STAFF, community_id=maple.id).id,
            "oak_staff": f.user(db, Role.PROPERTY_STAFF, community_id=oak.id).id,
            "admin": f.user(db, Role.PLATFORM_ADMIN).id,
            "merchant": f.user(db, Role.MERCHANT, merchant_id=f.merchant(db).id).id,
        }
        kiosk_user = f.user(db, Role.KIOSK)
        db.add(KioskDevice(code="lobby-t", name="Lobby", community_id=oak.id, user_id=kiosk_user.id))
        ids["kiosk"] = kiosk_user.id
    return ids


def _actor(db, user_id):
    from community_hub.models import User

    return f.actor(db, db.get(User, user_id))


def test_actor_carries_its_community_zone_and_others_the_first_community_zone(tx, world):
    with tx() as db:
        assert _actor(db, world["resident"]).time_zone == "America/New_York"
        assert _actor(db, world["staff"]).time_zone == "America/New_York"
        assert _actor(db, world["kiosk"]).time_zone == "Europe/London"
        # No community of their own: the deployment default, here the lowest-id community's.
        assert _actor(db, world["merchant"]).time_zone == "America/New_York"
        assert _actor(db, world["admin"]).time_zone == "America/New_York"


def test_hub_time_zone_setting_wins_for_people_without_a_community(tx, world):
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "t", "HUB_TIME_ZONE": "Asia/Tokyo"}))
    with tx() as db:
        assert _actor(db, world["merchant"]).time_zone == "Asia/Tokyo"
        assert _actor(db, world["resident"]).time_zone == "America/New_York"


def test_a_bad_hub_time_zone_stops_start_up_with_a_clear_message():
    from community_hub.core.config import ConfigError

    with pytest.raises(ConfigError, match="HUB_TIME_ZONE: Mars/Base is not a time zone"):
        load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "t", "HUB_TIME_ZONE": "Mars/Base"})


def test_no_community_at_all_means_utc(tx):
    with tx() as db:
        merchant = f.user(db, Role.MERCHANT, merchant_id=f.merchant(db).id)
        assert f.actor(db, merchant).time_zone == "UTC"


def test_staff_change_their_zone_and_residents_see_it_next_call(tx, db, world):
    with tx() as s:
        done = community_settings.set_time_zone(s, _actor(s, world["staff"]), world["maple"], " America/Chicago ")
    assert done.time_zone == "America/Chicago"
    with tx() as s:
        assert _actor(s, world["resident"]).time_zone == "America/Chicago"
        assert community_settings.get_settings(s, _actor(s, world["staff"]), world["maple"]).time_zone == "America/Chicago"
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "community.time_zone")).one()
    assert entry.subject == f"community:{world['maple']}" and entry.detail == "America/New_York -> America/Chicago"
    assert entry.actor_user_id == world["staff"]
    # An admin may change any community's zone.
    with tx() as s:
        community_settings.set_time_zone(s, _actor(s, world["admin"]), world["oak"], "Europe/Paris")
    assert db.get(Community, world["oak"]).time_zone == "Europe/Paris"


@pytest.mark.parametrize("who", ["resident", "oak_staff", "merchant"])
def test_only_that_communitys_staff_may_change_its_zone(tx, db, world, who):
    with pytest.raises(PermissionDenied, match="Only this community's property staff"), tx() as s:
        community_settings.set_time_zone(s, _actor(s, world[who]), world["maple"], "Asia/Tokyo")
    assert db.get(Community, world["maple"]).time_zone == "America/New_York"
    assert db.exec(select(AuditEntry)).first() is None


def test_an_unknown_zone_changes_nothing(tx, db, world):
    with pytest.raises(ServiceError, match="Mars/Base is not a time zone"), tx() as s:
        community_settings.set_time_zone(s, _actor(s, world["staff"]), world["maple"], "Mars/Base")
    assert db.get(Community, world["maple"]).time_zone == "America/New_York"
    assert db.exec(select(AuditEntry)).first() is None


def test_seed_gives_maple_court_new_york_and_keeps_a_chosen_zone(tx, db):
    from community_hub.seed import seed

    with tx() as s:
        seed(s)
    maple = db.exec(select(Community).where(Community.slug == "maple-court")).one()
    assert maple.time_zone == "America/New_York"
    with tx() as s:
        c = s.get(Community, maple.id)
        c.time_zone = "America/Toronto"
        s.add(c)
    with tx() as s:
        seed(s)  # idempotent: staff's choice survives a re-seed
    db.expire_all()
    assert db.get(Community, maple.id).time_zone == "America/Toronto"


def test_event_messages_tell_residents_the_time_on_their_own_clock(tx, db, world):
    from datetime import UTC, datetime

    from community_hub.models import OutboxMessage
    from community_hub.property import events

    with tx() as s:
        home = f.household(s, world["maple"])
        other = f.user(s, Role.RESIDENT, community_id=world["maple"], household_id=home.id).id
    starts = datetime(2031, 1, 15, 23, 30, tzinfo=UTC)  # 18:30 in New York (EST)
    with tx() as s:
        eid = events.create_event(s, _actor(s, world["staff"]), world["maple"], title="Winter quiz",
                                  starts_at=starts, ends_at=starts.replace(hour=23, minute=59), capacity=1).id
        events.sign_up(s, _actor(s, world["resident"]), eid)
        events.sign_up(s, _actor(s, other), eid, join_waitlist=True)
    with tx() as s:
        events.cancel_signup(s, _actor(s, world["resident"]), eid)  # the waiting resident gets the place
    msg = db.exec(select(OutboxMessage).where(OutboxMessage.template == "event_promoted")).first()
    assert "2031-01-15 18:30 EST" in msg.body and "UTC" not in msg.body
    checked_in = datetime(2031, 1, 15, 23, 40, tzinfo=UTC)
    with tx() as s:
        ticket = next(a.ticket_code for a in events.attendees(s, _actor(s, world["staff"]), eid) if a.user_id == other)
        events.check_in(s, _actor(s, world["staff"]), eid, ticket, now=checked_in)
    with pytest.raises(ServiceError, match="Already checked in at 18:40 EST"), tx() as s:
        events.check_in(s, _actor(s, world["staff"]), eid, ticket)


def test_merchant_today_and_sales_chart_follow_the_local_day(tx, world):
    from datetime import UTC, datetime

    from community_hub.marketplace import orders
    from community_hub.models.orders import Order

    afternoon = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)  # 15:00 on 22 Nov in New York
    evening = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 21:00 on 22 Nov in New York, 23 Nov in UTC
    with tx() as s:
        shop = f.merchant(s)
        owner = f.user(s, Role.MERCHANT, merchant_id=shop.id)
        s.add(Order(user_id=world["resident"], merchant_id=shop.id, state="paid", total_minor=1200,
                    idempotency_key="tz-1", created_at=afternoon))
    with tx() as s:
        actor = f.actor(s, owner)
        assert actor.time_zone == "America/New_York"  # the deployment default: the first community's
        today = orders.merchant_today(s, actor, shop.id, now=evening)
        chart = orders.sales_by_day(s, actor, shop.id, days=2, now=evening)
    # Still 22 November for the shop: the afternoon order is today's, not yesterday's.
    assert (today.orders_today, today.revenue_today_minor) == (1, 1200)
    assert [(d.day, d.orders) for d in chart] == [("2026-11-21", 0), ("2026-11-22", 1)]
