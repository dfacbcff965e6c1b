"""Mutual reviews after a completed deal: within 14 days, 1-5 with a comment, published when both
wrote or the window closed, never before — on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community_hub.core.errors import ServiceError
from community_hub.sharing import (
    blocks,
    conversations,
    item_deals,
    items,
    parking_jobs,
    parking_money,
    reviews,
)
from tests.bell_rings import heard_all, rang
from tests.unit.sharing.booking_steps import CARD, book_and_pay, tomorrow_at
from tests.unit.sharing.people import outsider, residents
from tests.unit.sharing.slots import share_slot


def _done_booking(tx, owner, renter) -> tuple[int, object]:
    slot = share_slot(tx, owner)
    start = tomorrow_at(10)
    bid = book_and_pay(tx, renter, slot, start, 2)
    end = start + timedelta(hours=2)
    with tx() as db:
        parking_money.pay_balance(db, renter, bid, CARD, now=end)
    with tx() as db:
        parking_jobs.pay_out_finished(db, end + timedelta(hours=1))
    return bid, end + timedelta(hours=1)


def test_reviews_are_hidden_until_both_wrote_or_the_window_closed(tx):
    _, (ann, bob, cy) = residents(tx, 3)
    bid, closed = _done_booking(tx, ann, bob)
    with pytest.raises(ServiceError, match="completed booking or item of yours"), tx() as db:
        reviews.write_review(db, cy, "booking", bid, 5, "Great")
    for rating, comment, message in ((0, "", "from 1 to 5"), (6, "", "from 1 to 5"), (5, "c" * 501, "at most 500")):
        with pytest.raises(ServiceError, match=message), tx() as db:
            reviews.write_review(db, bob, "booking", bid, rating, comment)
    with tx() as db:
        reviews.write_review(db, bob, "booking", bid, 5, "Easy to find", now=closed + timedelta(days=1))
    with pytest.raises(ServiceError, match="already reviewed"), tx() as db:
        reviews.write_review(db, bob, "booking", bid, 4)
    with tx() as db:  # Ann has not written: Bob's review of her is not shown yet, not even to her
        assert reviews.reviews_about(db, ann, ann.user_id, now=closed + timedelta(days=2)) == []
        assert reviews.reviews_about(db, cy, ann.user_id, now=closed + timedelta(days=15)) != []  # window closed
    with tx() as db:
        reviews.write_review(db, ann, "booking", bid, 4, "On time", now=closed + timedelta(days=3))
    with tx() as db:
        shown = reviews.reviews_about(db, cy, bob.user_id, now=closed + timedelta(days=3))
        assert [(r.rating, r.comment) for r in shown] == [(4, "On time")]
    with pytest.raises(ServiceError, match="not available"), tx() as db:
        reviews.reviews_about(db, outsider(tx), bob.user_id)


def test_too_late_blocked_or_not_completed_is_refused(tx):
    _, (ann, bob) = residents(tx, 2)
    bid, closed = _done_booking(tx, ann, bob)
    with pytest.raises(ServiceError, match="within 14 days"), tx() as db:
        reviews.write_review(db, bob, "booking", bid, 5, now=closed + timedelta(days=15))
    with tx() as db:
        blocks.block(db, ann, bob.user_id)
    with pytest.raises(ServiceError, match="^This neighbour is not available.$"), tx() as db:
        reviews.write_review(db, bob, "booking", bid, 5, now=closed)
    with pytest.raises(ServiceError, match="does not exist"), tx() as db:
        reviews.write_review(db, bob, "party", bid, 5)


def test_a_completed_give_away_is_reviewed_both_ways(tx):
    _, (ann, bob) = residents(tx, 2)
    with tx() as db:
        toys = items.post_item(db, ann, kind="give", title="Toys").id
    with tx() as db:
        conversations.ask_about(db, bob, toys, "Please!")
    with pytest.raises(ServiceError, match="completed booking or item"), tx() as db:
        reviews.write_review(db, bob, "item", toys, 5)
    with tx() as db:
        item_deals.reserve(db, ann, toys, bob.user_id)
    for who in (ann, bob):
        with tx() as db:
            item_deals.mark_done(db, who, toys)
    for who, rating in ((ann, 5), (bob, 4)):
        with tx() as db:
            reviews.write_review(db, who, "item", toys, rating)
    with tx() as db:
        assert [r.rating for r in reviews.reviews_about(db, ann, bob.user_id)] == [5]
        assert [r.rating for r in reviews.reviews_about(db, bob, ann.user_id)] == [4]


def _given_away(tx, giver, taker) -> int:
    with tx() as db:
        toys = items.post_item(db, giver, kind="give", title="Toys").id
    with tx() as db:
        conversations.ask_about(db, taker, toys, "Please!")
    with tx() as db:
        item_deals.reserve(db, giver, toys, taker.user_id)
    for who in (giver, taker):
        with tx() as db:
            item_deals.mark_done(db, who, toys)
    return toys


def test_the_reviews_page_hears_a_review_of_me_and_not_other_neighbours_reviews(tx, engine):
    """/share/reviews waits on the change bell (state/shared/live_watch): Bob reviewing Ann rings
    her keys; Dee reviewing Cy does not."""
    _, (ann, bob, cy, dee) = residents(tx, 4)
    anns, cys = _given_away(tx, ann, bob), _given_away(tx, cy, dee)
    with tx() as db:
        keys, wake_in = reviews.reviews_keys(db, ann)
        cys_keys, _ = reviews.reviews_keys(db, cy)
    assert wake_in is None
    m = heard_all(engine)
    with tx() as db:
        reviews.write_review(db, dee, "item", cys, 5)
    assert rang(engine, cys_keys, m) and not rang(engine, keys, m), "Dee's review of Cy woke Ann's page"
    m = heard_all(engine)
    with tx() as db:
        reviews.write_review(db, bob, "item", anns, 4)
    assert rang(engine, keys, m), "Bob's review did not wake Ann's reviews page"
