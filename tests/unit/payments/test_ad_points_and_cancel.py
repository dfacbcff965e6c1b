"""Ad slots bought with points, and paid ads called off: points and money go back for the days not
shown, once, through balanced ledger entries; who may cancel and when is decided by the service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models import Role
from community_hub.models.ads import AdBooking, AdSlot, AdStatus
from community_hub.models.base import utcnow
from community_hub.models.ledger import AccountKind, LedgerPosting
from community_hub.models.notify import OutboxMessage
from community_hub.models.payments import Payment, PaymentStatus, Refund
from community_hub.payment_hooks import register_payment_hooks
from community_hub.payments import ledger, ledger_report, points
from community_hub.property import ad_payments
from tests import factories as f
from tests.unit.payments.helpers import fresh


@pytest.fixture(autouse=True)
def _ad_hooks():
    # The payments conftest starts each test with no hooks; this module needs the app's (ads paid, refunds).
    register_payment_hooks()


@pytest.fixture
def staff(tx, people):
    with tx() as s:
        return f.actor(s, f.user(s, Role.PROPERTY_STAFF, community_id=people.community_id))


@pytest.fixture
def slot_id(tx, people) -> int:
    with tx() as s:
        slot = AdSlot(community_id=people.community_id, placement="home_carousel", name="Home", currency="USD",
                      price_per_day_minor=1000, price_per_day_points=100, capacity=1)
        s.add(slot)
        s.flush()
        return slot.id


def _owner(people) -> str:
    return f"merchant:{people.merchant_id}"


def _bookings(db) -> int:
    return db.exec(select(func.count(AdBooking.id))).one()


def _points_sum(db) -> int:
    return db.exec(select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0))
                   .where(LedgerPosting.currency == "PTS")).one()


def test_points_pay_for_an_ad_at_once_and_a_short_balance_books_nothing(tx, db, people, slot_id):
    today = utcnow().date()
    with pytest.raises(PermissionDenied), tx() as s:  # only admins grant points
        points.grant(s, people.merchant, _owner(people), 500, "self-service")
    with tx() as s:
        points.grant(s, people.admin, _owner(people), 500, "Opening month promotion")
        booking = ad_payments.book_with_points(s, people.merchant, slot_id, people.merchant_id, starts_on=today,
                                               ends_on=today + timedelta(days=2), kind="text", text="Fresh bread")
    assert fresh(db, AdBooking, booking.id).status == AdStatus.SCHEDULED
    assert points.balance(db, _owner(people)) == 200
    assert _points_sum(db) == 0 and ledger_report.check_ledger(db).ok
    with pytest.raises(ServiceError, match="needs 300 points and the shop has 200"), tx() as s:
        ad_payments.book_with_points(s, people.merchant, slot_id, people.merchant_id,
                                     starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=7),
                                     kind="text", text="More bread")
    assert _bookings(db) == 1 and points.balance(db, _owner(people)) == 200
    with pytest.raises(ServiceError, match="holds only 200"), tx() as s:
        points.revoke(s, people.admin, _owner(people), 201, "mistake")
    with tx() as s:
        history = points.history(s, people.merchant, _owner(people))
    assert [(h.kind, h.points) for h in history] == [("points_spent", -300), ("points_granted", 500)]
    with pytest.raises(ServiceError), tx() as s:  # another shop cannot read it
        points.history(s, people.other_merchant, _owner(people))


def test_merchant_cancels_a_card_paid_ad_before_it_starts_and_gets_all_of_it_back(tx, db, people, slot_id, demo):
    start = utcnow().date() + timedelta(days=3)
    with tx() as s:
        from community_hub.property import ads

        booking = ads.book_slot(s, people.merchant, slot_id, people.merchant_id, starts_on=start,
                                ends_on=start + timedelta(days=1), kind="text", pay_with="money", text="Sale")
    with tx() as s:
        payment = ad_payments.pay_ad(s, people.merchant, booking.id, "4242424242424242")
    revenue = ledger.balance_of(db, AccountKind.PLATFORM_REVENUE, "platform", "USD")
    with pytest.raises(NotFound), tx() as s:
        ad_payments.cancel_ad(s, people.other_merchant, booking.id)
    with tx() as s:
        result = ad_payments.cancel_ad(s, people.merchant, booking.id)
    assert (result.refund_minor, result.problem) == (2000, "")
    assert fresh(db, Payment, payment.id).status == PaymentStatus.REFUNDED
    assert fresh(db, AdBooking, booking.id).status == AdStatus.CANCELLED
    assert ledger.balance_of(db, AccountKind.PLATFORM_REVENUE, "platform", "USD") == revenue + 2000
    assert ledger_report.check_ledger(db).ok
    with pytest.raises(ServiceError, match="already cancelled"), tx() as s:
        ad_payments.cancel_ad(s, people.merchant, booking.id)
    assert len(db.exec(select(Refund)).all()) == 1


def test_staff_take_down_a_running_ad_and_only_the_days_not_shown_go_back(tx, db, people, slot_id, staff, demo):
    yesterday = utcnow() - timedelta(days=1)
    with tx() as s:
        from community_hub.property import ads

        booking = ads.book_slot(s, people.merchant, slot_id, people.merchant_id, starts_on=yesterday.date(),
                                ends_on=yesterday.date() + timedelta(days=3), kind="text", pay_with="money",
                                text="Sale", now=yesterday)
    with tx() as s:
        payment = ad_payments.pay_ad(s, people.merchant, booking.id, "4242424242424242")
    with pytest.raises(PermissionDenied, match="started showing"), tx() as s:
        ad_payments.cancel_ad(s, people.merchant, booking.id)
    with tx() as s:
        result = ad_payments.cancel_ad(s, staff, booking.id, reason="Wrong opening hours in the ad")
    # Four days booked from yesterday: yesterday and today were shown, the last two go back.
    assert result.refund_minor == 2000 and result.problem == ""
    paid = fresh(db, Payment, payment.id)
    assert (paid.refunded_minor, paid.status) == (2000, PaymentStatus.PARTIALLY_REFUNDED)
    note = db.exec(select(OutboxMessage).where(OutboxMessage.template == "ad_cancelled")).one()
    assert "Wrong opening hours" in note.body and "20.00" in note.body
    assert ledger_report.check_ledger(db).ok


def test_points_go_back_when_staff_cancel_and_a_refund_outage_is_retried(tx, db, people, slot_id, staff, demo):
    start = utcnow().date() + timedelta(days=1)
    with tx() as s:
        points.grant(s, people.admin, _owner(people), 1000, "Launch")
        by_points = ad_payments.book_with_points(s, people.merchant, slot_id, people.merchant_id, starts_on=start,
                                                 ends_on=start + timedelta(days=4), kind="text", text="Points ad")
    assert points.balance(db, _owner(people)) == 500
    with tx() as s:
        ad_payments.cancel_ad(s, staff, by_points.id)
    assert points.balance(db, _owner(people)) == 1000 and _points_sum(db) == 0
    # A money ad whose refund meets a provider outage: cancelled at once, the refund waits.
    with tx() as s:
        from community_hub.property import ads

        money_ad = ads.book_slot(s, people.merchant, slot_id, people.merchant_id, starts_on=start,
                                 ends_on=start, kind="text", pay_with="money", text="Card ad")
    with tx() as s:
        ad_payments.pay_ad(s, people.merchant, money_ad.id, "4242424242424242")
    demo.outage = True
    with tx() as s:
        result = ad_payments.cancel_ad(s, staff, money_ad.id)
    assert "not answering" in result.problem and fresh(db, AdBooking, money_ad.id).status == AdStatus.CANCELLED
    demo.outage = False
    with tx() as s:
        result = ad_payments.cancel_ad(s, staff, money_ad.id)
    assert result.problem == "" and len(db.exec(select(Refund)).all()) == 1
    assert fresh(db, Payment, db.exec(select(Payment.id)).one()).status == PaymentStatus.REFUNDED
    assert ledger_report.check_ledger(db).ok


def test_two_bookings_at_once_cannot_both_spend_the_last_points(engine, tx, db, people, slot_id):
    """Each booking alone is affordable (300 of 400 points); together they are not: one wins."""
    import threading

    from community_hub.core.db import session_scope
    from community_hub.models.ads import AdSlot as Slot

    with tx() as s:
        points.grant(s, people.admin, _owner(people), 400, "Launch")
        other = Slot(community_id=people.community_id, placement="kiosk_attract", name="Lobby", currency="USD",
                     price_per_day_points=100, capacity=1)
        s.add(other)
        s.flush()
        slots = [slot_id, other.id]
    start = utcnow().date() + timedelta(days=1)
    barrier, ok, short, other_errors = threading.Barrier(2), [], [], []

    def book(sid):
        barrier.wait()
        try:
            with session_scope(engine) as s:
                ad_payments.book_with_points(s, people.merchant, sid, people.merchant_id, starts_on=start,
                                             ends_on=start + timedelta(days=2), kind="text", text="Race")
            ok.append(sid)
        except ServiceError as exc:
            short.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - any other failure fails the test below
            other_errors.append(exc)

    threads = [threading.Thread(target=book, args=(sid,)) for sid in slots]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other_errors == [] and len(ok) == 1 and short == ["points_short"]
    assert points.balance(db, _owner(people)) == 100
    assert _bookings(db) == 1 and _points_sum(db) == 0 and ledger_report.check_ledger(db).ok
