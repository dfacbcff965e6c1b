"""What the item screens read and do beyond the deal rules (test_items.py): the item page's one
read and its version, unread messages first, the reviews a member may still write and a deal's
review box, reports of abuse through the moderation queue, the kind filter — on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.models import Role
from community_hub.models.sharing import ItemStatus, SharedItem
from community_hub.sharing import (
    blocks,
    conversations,
    item_deals,
    item_money,
    item_overview,
    items,
    reports,
    reviews,
)
from tests import factories as f
from tests.bell_rings import heard_all, rang
from tests.images import PNG
from tests.unit.sharing.booking_steps import CARD
from tests.unit.sharing.people import residents


def _post(tx, who, **kw) -> int:
    fields = dict(kind="sell", title="Desk lamp", price="12.00", photos=[("lamp.png", PNG)], pickup_place="Lobby B")
    fields.update(kw)
    with tx() as db:
        return items.post_item(db, who, **fields).id


def _sold(tx, seller, buyer) -> int:
    item_id = _post(tx, seller)
    with tx() as db:
        conversations.ask_about(db, buyer, item_id, "Still there?")
    with tx() as db:
        item_deals.reserve(db, seller, item_id, buyer.user_id)
    with tx() as db:
        item_money.pay_item(db, buyer, item_id, CARD)
    with tx() as db:
        item_money.confirm_receipt(db, buyer, item_id)
    return item_id


def test_the_item_page_shows_each_side_their_own_conversations_and_changes_version(tx):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann", "Bob", "Cy"])
    item_id = _post(tx, ann)
    with tx() as db:
        before = item_overview.item_version(db, ann, item_id)
        conversations.ask_about(db, bob, item_id, "Is it still there?")
    with tx() as db:
        conversations.ask_about(db, cy, item_id, "I'd take it")
    with tx() as db:
        mine = item_overview.item_overview(db, ann, item_id)
        assert [t.other_name for t in mine.talks] == ["Cy", "Bob"]  # the newest first
        assert [t.unread for t in mine.talks] == [1, 1]
        assert [t.other_name for t in item_overview.item_overview(db, bob, item_id).talks] == ["Ann"]
        assert item_overview.item_version(db, ann, item_id) != before
    with tx() as db:
        blocks.block(db, ann, cy.user_id)
    with pytest.raises(ServiceError, match="not available"), tx() as db:
        item_overview.item_overview(db, cy, item_id)
    with pytest.raises(ServiceError, match="not available"), tx() as db:
        item_overview.item_version(db, cy, item_id)


def test_unread_conversations_come_first_until_read(tx):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann", "Bob", "Cy"])
    lamp, chair = _post(tx, ann), _post(tx, ann, title="Chair")
    with tx() as db:
        first = conversations.ask_about(db, bob, lamp, "Lamp?").id
    with tx() as db:
        conversations.ask_about(db, cy, chair, "Chair?")
    with tx() as db:
        conversations.mark_read(db, ann, first)
    with tx() as db:  # Bob writes again: his conversation is unread and the newest
        conversations.write(db, bob, first, "Hello?")
    with tx() as db:
        assert [(r.item_title, r.unread) for r in conversations.my_conversations(db, ann)] == [("Desk lamp", 1),
                                                                                              ("Chair", 1)]
        v = conversations.inbox_version(db, ann)
    with tx() as db:
        conversations.mark_read(db, ann, first)
    with tx() as db:
        assert [(r.item_title, r.unread) for r in conversations.my_conversations(db, ann)] == [("Chair", 1),
                                                                                              ("Desk lamp", 0)]
        assert conversations.inbox_version(db, ann) != v
        assert [r.unread for r in conversations.my_conversations(db, bob)] == [0]  # his own words are not unread
    with pytest.raises(ServiceError), tx() as db:
        conversations.mark_read(db, cy, first)  # not one of the two


def test_what_is_left_to_review_and_a_deals_review_box(tx):
    _, (ann, bob) = residents(tx, 2, names=["Ann", "Bob"])
    item_id = _sold(tx, ann, bob)
    with tx() as db:
        todo = reviews.to_review(db, bob)
        assert [(r.kind, r.deal_id, r.other_name, r.title) for r in todo] == [("item", item_id, "Ann", "Desk lamp")]
        assert reviews.deal_reviews(db, bob, "item", item_id).can_write
        reviews.write_review(db, bob, "item", item_id, 5, "Smooth")
    with tx() as db:
        assert reviews.to_review(db, bob) == []
        box = reviews.deal_reviews(db, bob, "item", item_id)
        assert (box.can_write, box.mine.rating, box.theirs, box.waiting_for_other) == (False, 5, None, True)
        assert reviews.deal_reviews(db, ann, "item", item_id).theirs is None  # not before Ann wrote
        reviews.write_review(db, ann, "item", item_id, 4, "Paid at once")
    with tx() as db:
        box = reviews.deal_reviews(db, bob, "item", item_id)
        assert (box.theirs.rating, box.theirs.comment, box.waiting_for_other) == (4, "Paid at once", False)
        assert [(r.rating, r.author_name) for r in reviews.reviews_about(db, ann, ann.user_id)] == [(5, "Bob")]
    with tx() as db:
        later = box.window_ends + timedelta(minutes=1)
        assert not reviews.deal_reviews(db, ann, "item", item_id, now=later).can_write
        assert reviews.to_review(db, ann, now=later) == []


def test_reports_reach_the_moderation_queue_and_an_upheld_one_takes_the_thing_down(tx):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann", "Bob", "Cy"])
    item_id = _post(tx, ann, kind="give", photos=[], price="")
    with tx() as db:
        conv = conversations.ask_about(db, bob, item_id, "rude words")
        msg_id = conversations.messages(db, ann, conv.id)[0].message_id
    for who, kind, target, reason, message in (
        (cy, "item", item_id, " ", "Say what is wrong"),
        (cy, "item", item_id, "x" * 501, "at most 500"),
        (ann, "item", item_id, "spam", "your own item"),
        (cy, "message", msg_id, "rude", "message"),  # not in the conversation
        (bob, "message", msg_id, "rude", "message"),  # his own words
        (cy, "post", item_id, "spam", "report"),
    ):
        with pytest.raises(ServiceError, match=message), tx() as db:
            reports.report(db, who, kind, target, reason)
    with tx() as db:
        reports.report(db, cy, "item", item_id, "Looks like a scam")
        reports.report(db, ann, "message", msg_id, "Rude")
    with pytest.raises(ServiceError, match="already reported"), tx() as db:
        reports.report(db, cy, "item", item_id, "Again")
    with tx() as db:
        admin = f.actor(db, f.user(db, Role.PLATFORM_ADMIN))
        queue = reports.open_reports(db, admin)
        assert [(r.target_kind, r.author_name, r.reporter_name) for r in queue] == [("item", "Ann", "Cy"),
                                                                                    ("message", "Bob", "Ann")]
    with pytest.raises(PermissionDenied), tx() as db:
        reports.open_reports(db, ann)
    with tx() as db:
        reports.decide(db, admin, queue[0].report_id, uphold=False)
        reports.decide(db, admin, queue[1].report_id, uphold=True)
    with pytest.raises(ServiceError, match="already been decided"), tx() as db:
        reports.decide(db, admin, queue[1].report_id, uphold=True)
    with tx() as db:
        assert reports.open_reports(db, admin) == []
        shown = conversations.messages(db, bob, conv.id)
        assert (shown[0].hidden, shown[0].body) == (True, "")
        assert db.get(SharedItem, item_id).status == ItemStatus.AVAILABLE  # dismissed: it stays
        reports.report(db, bob, "item", item_id, "Not what it says")
    with tx() as db:
        reports.decide(db, admin, reports.open_reports(db, admin)[0].report_id, uphold=True)
    with tx() as db:
        assert db.get(SharedItem, item_id).status == ItemStatus.CANCELLED


def test_a_review_can_be_reported_by_whom_it_is_about_and_hidden(tx):
    _, (ann, bob) = residents(tx, 2)
    item_id = _sold(tx, ann, bob)
    with tx() as db:
        rid = reviews.write_review(db, bob, "item", item_id, 1, "Awful person").id
        reviews.write_review(db, ann, "item", item_id, 5, "")
    with pytest.raises(ServiceError, match="review"), tx() as db:
        reports.report(db, bob, "review", rid, "mine")  # one's own review
    with tx() as db:
        reports.report(db, ann, "review", rid, "Insulting")
    with tx() as db:
        admin = f.actor(db, f.user(db, Role.PLATFORM_ADMIN))
        reports.decide(db, admin, reports.open_reports(db, admin)[0].report_id, uphold=True)
    with tx() as db:
        assert reviews.reviews_about(db, bob, ann.user_id) == []


def test_the_list_filters_by_kind_and_photos_wait_only_for_residents(tx):
    _, (ann, bob) = residents(tx, 2)
    _post(tx, ann)
    _post(tx, ann, kind="give", photos=[], price="", title="Books")
    with tx() as db:
        assert [i.title for i in items.visible_items(db, bob, kind="give")] == ["Books"]
        assert len(items.visible_items(db, bob)) == 2
        with pytest.raises(ServiceError, match="for sale"):
            items.visible_items(db, bob, kind="rent")
        assert len(items.stage_photo(db, bob, PNG)) == 32
        merchant = f.actor(db, f.user(db, Role.MERCHANT))
    with pytest.raises(PermissionDenied), tx() as db:
        items.stage_photo(db, merchant, PNG)


def test_the_messages_page_hears_a_neighbours_message_and_not_other_neighbours_talk(tx, engine):
    """/share/messages waits on the change bell (state/shared/live_watch): Bob's message about Ann's
    lamp rings her keys; Dee writing to Cy about Cy's chair does not."""
    _, (ann, bob, cy, dee) = residents(tx, 4)
    lamp, chair = _post(tx, ann), _post(tx, cy, title="Chair")
    with tx() as db:
        talk = conversations.ask_about(db, bob, lamp, "Lamp?").id
        keys, wake_in = conversations.inbox_keys(db, ann)
        cys_keys, _ = conversations.inbox_keys(db, cy)
    assert wake_in is None
    m = heard_all(engine)
    with tx() as db:
        conversations.ask_about(db, dee, chair, "Chair?")
    assert rang(engine, cys_keys, m) and not rang(engine, keys, m), "Dee's message to Cy woke Ann's page"
    m = heard_all(engine)
    with tx() as db:
        conversations.write(db, bob, talk, "Still there?")
    assert rang(engine, keys, m), "Bob's message did not wake Ann's messages page"


def test_the_item_page_hears_its_reservation_and_not_another_items_deal(tx, engine):
    """An item's page waits on the change bell: Ann's reserving her lamp for Bob rings the keys of
    Bob's open page; Cy reserving her chair for Dee does not."""
    _, (ann, bob, cy, dee) = residents(tx, 4)
    lamp, chair = _post(tx, ann), _post(tx, cy, title="Chair")
    with tx() as db:
        conversations.ask_about(db, bob, lamp, "Lamp?")
        conversations.ask_about(db, dee, chair, "Chair?")
    with tx() as db:
        keys, wake_in = item_overview.item_keys(db, bob, lamp)
        chairs_keys, _ = item_overview.item_keys(db, dee, chair)
    assert wake_in is None
    m = heard_all(engine)
    with tx() as db:
        item_deals.reserve(db, cy, chair, dee.user_id)
    assert rang(engine, chairs_keys, m) and not rang(engine, keys, m), "the chair's reservation woke the lamp's page"
    m = heard_all(engine)
    with tx() as db:
        item_deals.reserve(db, ann, lamp, bob.user_id)
    assert rang(engine, keys, m), "Ann's reservation did not wake Bob's item page"
