"""Ad slots: merchant bookings priced per day, capacity per day, house ads, schedule, clicks."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models import Role
from community_hub.models.ads import AdBooking
from community_hub.models.base import utcnow
from community_hub.property import ads
from tests import factories as f
from tests.images import PNG

TODAY = utcnow().date()


@pytest.fixture
def shops(tx, world):
    """Two merchants with owner logins; returns ((merchant id, actor), (merchant id, actor), slot id)."""
    with tx() as db:
        out = []
        for _ in range(2):
            m = f.merchant(db)
            out.append((m.id, f.actor(db, f.user(db, Role.MERCHANT, merchant_id=m.id))))
        slot = ads.create_slot(db, world.staff, world.community.id, placement="home_carousel", name="Home top",
                               price_per_day_minor=1000, price_per_day_points=500, capacity=1)
        return out[0], out[1], slot.id


def _book(tx, shop, slot_id, start=1, days=3, **kw):
    mid, actor = shop
    kw.setdefault("kind", "text")
    kw.setdefault("text", "Fresh bread daily")
    kw.setdefault("pay_with", "money")
    with tx() as db:
        return ads.book_slot(db, actor, slot_id, mid, starts_on=TODAY + timedelta(days=start),
                             ends_on=TODAY + timedelta(days=start + days - 1), **kw)


def test_booking_is_priced_per_day_and_shown_once_paid(tx, world, shops):
    a, _, slot = shops
    b = _book(tx, a, slot, link="https://bakery.example")
    assert (b.price_minor, b.status) == (3000, "pending_payment")
    day = TODAY + timedelta(days=2)
    with tx() as db:
        assert ads.ads_to_show(db, world.community.id, "home_carousel", today=day) == []
        ads.mark_ad_paid(db, b.id, "pi_ad_1")
    with pytest.raises(ServiceError, match="already paid"), tx() as db:
        ads.mark_ad_paid(db, b.id, "pi_ad_2")
    with tx() as db:
        shown = ads.ads_to_show(db, world.community.id, "home_carousel", today=day)
        assert ads.ads_to_show(db, world.community.id, "home_carousel", today=TODAY + timedelta(days=4)) == []
        assert [v.text for v in shown] == ["Fresh bread daily"]
        assert ads.record_click(db, world.ann, b.id) == "https://bakery.example"
        ads.record_click(db, world.bob, b.id)
    with tx() as db:
        [row] = ads.ad_report(db, world.staff, world.community.id)
    assert row.clicks == 2
    pts = _book(tx, a, slot, start=10, days=2, pay_with="points", kind="image", image=("ad.png", PNG))
    assert (pts.price_points, pts.price_minor, pts.image_path.endswith(".png")) == (1000, 0, True)


def test_clicks_count_once_a_day_per_resident_of_the_community_and_never_for_strangers(tx, world, shops):
    from community_hub.core.permissions import ANONYMOUS

    a, _, slot = shops
    b = _book(tx, a, slot, link="https://bakery.example")
    with tx() as db:
        ads.mark_ad_paid(db, b.id, "pi_ad_clicks")
    now = utcnow()
    for who in [world.ann] * 20 + [ANONYMOUS] * 20 + [world.outsider] * 5 + [world.bob]:
        with tx() as db:  # everyone is sent on; only some are counted
            assert ads.record_click(db, who, b.id, now=now) == "https://bakery.example"
    with tx() as db:
        assert ads.ad_report(db, world.staff, world.community.id)[0].clicks == 2  # Ann once, Bob once
        ads.record_click(db, world.ann, b.id, now=now + timedelta(days=1, minutes=1))  # a new day
        assert ads.ad_report(db, world.staff, world.community.id)[0].clicks == 3


def test_a_full_day_refuses_another_booking_until_the_hold_lapses(tx, db, world, shops):
    a, b, slot = shops
    _book(tx, a, slot, start=1, days=3)
    with pytest.raises(ServiceError, match="fully booked on"):
        _book(tx, b, slot, start=3, days=2)
    _book(tx, b, slot, start=4, days=2)  # the next free days are fine
    later = utcnow() + timedelta(hours=1)  # a's unpaid hold has lapsed by then
    with tx() as s:
        taken = ads.book_slot(s, b[1], slot, b[0], starts_on=TODAY + timedelta(days=1),
                              ends_on=TODAY + timedelta(days=1), kind="text", text="Mine now", pay_with="money",
                              now=later)
        ads.mark_ad_paid(s, taken.id, "pi_b", now=later)
    first = db.exec(select(AdBooking).order_by(AdBooking.id)).first()
    with pytest.raises(ServiceError, match="fully booked"), tx() as s:
        ads.mark_ad_paid(s, first.id, "pi_a", now=later)


def test_concurrent_bookings_of_the_last_day_let_one_through(engine, tx, db, world, shops):
    a, b, slot = shops
    barrier, ok, refused = threading.Barrier(2), [], []

    def go(shop):
        barrier.wait()
        try:
            with session_scope(engine) as s:
                ads.book_slot(s, shop[1], slot, shop[0], starts_on=TODAY + timedelta(days=5),
                              ends_on=TODAY + timedelta(days=5), kind="text", text="Hi", pay_with="money")
            ok.append(shop[0])
        except ServiceError as exc:
            refused.append(exc.code)

    threads = [threading.Thread(target=go, args=(s,)) for s in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ok) == 1 and refused == ["full"]
    assert len(db.exec(select(AdBooking)).all()) == 1


def test_house_ads_and_who_may_do_what(tx, world, shops):
    a, b, slot = shops
    with tx() as db:
        house = ads.place_house_ad(db, world.staff, slot, starts_on=TODAY, ends_on=TODAY, kind="text",
                                   text="Pay your fees online")
        assert [v.house for v in ads.ads_to_show(db, world.community.id, "home_carousel")] == [True]
    with pytest.raises(PermissionDenied), tx() as db:
        ads.place_house_ad(db, world.ann, slot, starts_on=TODAY, ends_on=TODAY, kind="text", text="x")
    with pytest.raises(PermissionDenied):  # a merchant books only for itself
        _book(tx, (a[0], b[1]), slot)
    mine = _book(tx, a, slot, start=20)
    with pytest.raises(NotFound), tx() as db:
        ads.cancel_booking(db, b[1], mine.id)
    with tx() as db:
        ads.cancel_booking(db, a[1], mine.id)
        ads.cancel_booking(db, world.staff, house.id)
        assert ads.ads_to_show(db, world.community.id, "home_carousel") == []
    with pytest.raises(NotFound), tx() as db:
        ads.record_click(db, world.ann, house.id)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(start=-1), "in the past"),
        (dict(days=120), "at most 90 days"),
        (dict(text=""), "Write the ad text"),
        (dict(kind="image", image=("ad.gif", b"GIF89a")), "not accepted"),
        (dict(kind="image", image=None), "Upload the ad image"),
        (dict(link="javascript:alert(1)"), "web address"),
        (dict(kind="video"), "image or a text"),
    ],
)
def test_bad_bookings_change_nothing(tx, db, world, shops, kw, message):
    with pytest.raises(ServiceError, match=message):
        _book(tx, shops[0], shops[2], **kw)
    assert db.exec(select(AdBooking)).all() == []


def test_slot_rules(tx, world):
    with tx() as db:
        slot = ads.create_slot(db, world.staff, world.community.id, placement="kiosk_attract", name="Lobby",
                               price_per_day_points=100)
    with pytest.raises(ServiceError, match="cannot be paid with money"):
        with tx() as db:
            m = f.merchant(db)
            actor = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=m.id))
        _book(tx, (m.id, actor), slot.id)
    with pytest.raises(ServiceError, match="already a slot"), tx() as db:
        ads.create_slot(db, world.staff, world.community.id, placement="kiosk_attract", name="Lobby")
    with pytest.raises(ServiceError, match="home carousel"), tx() as db:
        ads.create_slot(db, world.staff, world.community.id, placement="billboard", name="Roof")
    with pytest.raises(PermissionDenied), tx() as db:
        ads.create_slot(db, world.other_staff, world.community.id, placement="kiosk_attract", name="X")


def test_ad_days_follow_the_communitys_calendar_not_utcs(tx, world, shops):
    """At 23:30 on 1 Dec in New York it is already 2 Dec in UTC: a booking from 1 Dec is still
    allowed, and 1 Dec's ad is what the screens show."""
    from datetime import UTC, date, datetime

    from community_hub.models import Community

    with tx() as db:
        db.get(Community, world.community.id).time_zone = "America/New_York"
    evening = datetime(2031, 12, 2, 4, 30, tzinfo=UTC)  # 23:30 EST on 1 Dec 2031
    mid, actor = shops[0]
    with tx() as db:
        assert ads.community_today(db, world.community.id, evening) == date(2031, 12, 1)
        b = ads.book_slot(db, actor, shops[2], mid, starts_on=date(2031, 12, 1), ends_on=date(2031, 12, 1),
                          kind="text", text="Late opening tonight", pay_with="money", now=evening)
        ads.mark_ad_paid(db, b.id, "pi_evening", now=evening)
    with tx() as db:
        assert [v.text for v in ads.ads_to_show(db, world.community.id, "home_carousel",
                                                 today=ads.community_today(db, world.community.id, evening))] \
            == ["Late opening tonight"]
        with pytest.raises(ServiceError, match="cannot start in the past"):
            ads.book_slot(db, actor, shops[2], mid, starts_on=date(2031, 11, 30), ends_on=date(2031, 12, 1),
                          kind="text", text="Too late", pay_with="money", now=evening)
