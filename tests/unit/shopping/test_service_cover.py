"""Platform customer-service cover (issue 18): a shop applies, review approves, the shop pays the
month by card (platform revenue), and residents' questions then go to the platform's queue;
before that, and for other shops, the shop answers its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.permissions import AdminPermission
from community_hub.marketplace import service_cover, shop_questions
from community_hub.models import AuditEntry, OutboxMessage, Role
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.service_cover import ServiceCover, ShopQuestion
from community_hub.payments import ledger_report
from tests import factories as f

CARD = "4242 4242 4242 4242"


@pytest.fixture
def team(tx, shop):
    with tx() as db:
        review = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.REVIEW)
        service = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.CUSTOMER_SERVICE)
    return dict(shop, review=review, service=service)


def _ask(tx, t, text="Do you deliver on Sundays?"):
    with tx() as db:
        return shop_questions.ask(db, t["resident"], t["merchant"], text)


def test_apply_approve_pay_and_the_questions_go_to_the_platform(tx, db, team):
    t = team
    before = _ask(tx, t)
    assert not before.to_platform  # no cover yet: the shop answers
    with tx() as s:
        cover = service_cover.apply_for_cover(s, t["owner"], t["merchant"], "We are two people.")
    assert cover.status == "applied" and not cover.covered
    with tx() as s:
        assert [v.status for v in service_cover.cover_applications(s, t["review"])] == ["applied"]
        service_cover.decide_cover(s, t["review"], cover.id, True)
    assert not _ask(tx, t).to_platform  # approved but not paid: still the shop's
    with tx() as s:
        paid = service_cover.pay_month(s, t["owner"], t["merchant"], CARD)
    assert paid.status == "active" and paid.covered
    tx_kinds = db.exec(select(LedgerTransaction.kind).where(LedgerTransaction.reference.like("cover:%"))).all()
    assert tx_kinds == ["cover_fee_paid"]
    assert ledger_report.check_ledger(db).ok
    covered = _ask(tx, t, "Can I return an opened bag?")
    assert covered.to_platform
    with tx() as s:
        queue = shop_questions.service_queue(s, t["service"])
        assert [q.text for q in queue] == ["Can I return an opened bag?"]
        assert [q.text for q in shop_questions.shop_questions(s, t["owner"], t["merchant"])] == [
            "Do you deliver on Sundays?", "Do you deliver on Sundays?"]
    with pytest.raises(PermissionDenied), tx() as s:  # the shop does not answer what the platform covers
        shop_questions.answer(s, t["owner"], covered.id, "Yes")
    with tx() as s:
        shop_questions.answer(s, t["service"], covered.id, "Unopened only, within 14 days.")
    with tx() as s:
        mine = {q.text: q.answer for q in shop_questions.my_questions(s, t["resident"])}
    assert mine["Can I return an opened bag?"] == "Unopened only, within 14 days."
    told = db.exec(select(OutboxMessage.user_id).where(OutboxMessage.template == "shop_question_answered")).all()
    assert told == [t["resident"].user_id]


def test_a_second_month_extends_and_an_ended_cover_sends_questions_back_to_the_shop(tx, db, team):
    t = team
    with tx() as s:
        cover = service_cover.apply_for_cover(s, t["owner"], t["merchant"])
        service_cover.decide_cover(s, t["review"], cover.id, True)
    with tx() as s:
        first = service_cover.pay_month(s, t["owner"], t["merchant"], CARD).paid_until
    with tx() as s:
        second = service_cover.pay_month(s, t["owner"], t["merchant"], CARD).paid_until
    assert second - first == timedelta(days=30)
    with tx() as s:
        f.change(s, ServiceCover, cover.id, paid_until=first - timedelta(days=40))
    assert not _ask(tx, t).to_platform


def test_refusals_change_nothing(tx, db, team):
    t = team
    with tx() as s:
        cover = service_cover.apply_for_cover(s, t["owner"], t["merchant"])
    cases = [
        (lambda s: service_cover.apply_for_cover(s, t["owner"], t["merchant"]), ServiceError, "already asked"),
        (lambda s: service_cover.apply_for_cover(s, t["resident"], t["merchant"]), PermissionDenied, "your own shop"),
        (lambda s: service_cover.apply_for_cover(s, t["owner"], t["merchant"], "x" * 301), ServiceError, "at most 300"),
        (lambda s: service_cover.decide_cover(s, t["service"], cover.id, True), PermissionDenied, "review"),
        (lambda s: service_cover.decide_cover(s, t["review"], cover.id, False, " "), ServiceError, "Say why"),
        (lambda s: service_cover.decide_cover(s, t["review"], 987654, True), NotFound, "cover application"),
        (lambda s: service_cover.pay_month(s, t["owner"], t["merchant"], CARD), ServiceError, "once the platform approved"),
        (lambda s: shop_questions.ask(s, t["resident"], t["merchant"], "  "), ServiceError, "Write your question"),
        (lambda s: shop_questions.ask(s, t["resident"], t["merchant"], "x" * 1001), ServiceError, "at most 1000"),
        (lambda s: shop_questions.ask(s, t["resident"], 987654, "Hi"), NotFound, "shop"),
        (lambda s: shop_questions.service_queue(s, t["review"]), PermissionDenied, "customer service"),
    ]
    before = (db.exec(select(AuditEntry.id)).all(), db.exec(select(ShopQuestion.id)).all())
    for call, error, message in cases:
        with pytest.raises(error, match=message), tx() as s:
            call(s)
    assert (db.exec(select(AuditEntry.id)).all(), db.exec(select(ShopQuestion.id)).all()) == before
    with tx() as s:
        service_cover.decide_cover(s, t["review"], cover.id, False, "Answer your customers yourselves for now.")
    with pytest.raises(ServiceError, match="already decided"), tx() as s:
        service_cover.decide_cover(s, t["review"], cover.id, True)
    with tx() as s:  # a rejected shop may ask again
        assert service_cover.apply_for_cover(s, t["owner"], t["merchant"]).status == "applied"
