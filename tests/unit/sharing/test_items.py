"""Items sold, swapped or given away: posting rules and limits, conversations only the two read,
reserving (the others told), the buyer's money in escrow released on confirmation or after 72 h,
give-aways done by both sides, withdrawal refunds, expiry after 30 days — on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models import OutboxMessage, Role
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.models.sharing import ItemStatus, SharedItem
from community_hub.payments import ledger, ledger_report
from community_hub.sharing import blocks, conversations, item_deals, item_money, items
from community_hub.sharing import settings as sharing_settings
from community_hub.sharing.items import active_posts
from tests import factories as f
from tests.images import PNG
from tests.unit.sharing.booking_steps import CARD, DECLINED
from tests.unit.sharing.people import residents
from tests.unit.sharing.slots import share_slot

PHOTO = [("lamp.png", PNG)]


def _post(tx, who, **kw) -> int:
    fields = dict(kind="sell", title="Desk lamp", price="12.00", photos=PHOTO, pickup_place="Lobby B")
    fields.update(kw)
    with tx() as db:
        return items.post_item(db, who, **fields).id


def _state(db, item_id: int) -> SharedItem:
    db.expire_all()
    return db.get(SharedItem, item_id)


def test_posting_refuses_bad_input_and_stores_nothing(tx, db):
    _, (ann,) = residents(tx, 1)
    for kw, message in (
        (dict(kind="rent"), "for sale, for a swap or given away"),
        (dict(title=" "), "Enter the title"),
        (dict(title="t" * 81), "at most 80"),
        (dict(price="0"), "price"),
        (dict(price=""), "Enter the price"),
        (dict(photos=[]), "at least one photo"),
        (dict(photos=[("x.png", b"not a picture")]), "x.png"),
        (dict(kind="swap", swap_for=""), "Enter the thing you want in exchange"),
        (dict(condition="broken"), "condition"),
        (dict(description="d" * 2001), "at most 2000"),
        (dict(audience="circles"), "at least one circle"),
    ):
        with pytest.raises(ServiceError, match=message):
            _post(tx, ann, **kw)
    assert items.my_items(db, ann) == []
    _post(tx, ann, kind="give", photos=[], price="")  # a give-away may go without a photo
    assert [i.kind for i in items.my_items(db, ann)] == ["give"]


def test_at_most_the_admins_number_of_active_posts(tx):
    _, (ann,) = residents(tx, 1)
    with tx() as db:
        sharing_settings.set_sharing_settings(db, f.actor(db, f.user(db, Role.PLATFORM_ADMIN)), fee_bps=0,
                                              max_active_posts=3)
    share_slot(tx, ann)
    first = _post(tx, ann)
    _post(tx, ann, kind="give", photos=[])
    with pytest.raises(ServiceError, match="3 active posts"):
        _post(tx, ann)
    with pytest.raises(ServiceError, match="3 active posts"):
        share_slot(tx, ann)
    with tx() as db:
        item_deals.withdraw(db, ann, first)
    _post(tx, ann)
    with tx() as db:
        assert active_posts(db, ann.user_id) == 3


def test_a_sale_end_to_end_conversation_reserve_pay_confirm(tx, db):
    _, (ann, bob, cy) = residents(tx, 3, names=["Ann", "Bob", "Cy"])
    with tx() as s:
        sharing_settings.set_sharing_settings(s, f.actor(s, f.user(s, Role.PLATFORM_ADMIN)), fee_bps=500,
                                              max_active_posts=20)
    lamp = _post(tx, ann)
    with tx() as s:
        bob_talk = conversations.ask_about(s, bob, lamp, "Is it still there?").id
        conversations.ask_about(s, cy, lamp, "I'd take it")
    with tx() as s:
        conversations.write(s, ann, bob_talk, "Yes, tomorrow at 6 in the lobby?")
    with tx() as s:
        assert [(m.mine, m.body) for m in conversations.messages(s, bob, bob_talk)] == [
            (True, "Is it still there?"), (False, "Yes, tomorrow at 6 in the lobby?")]
        assert conversations.conversation_version(s, bob, bob_talk) > 0
        assert [c.other_name for c in conversations.my_conversations(s, ann)] == ["Bob", "Cy"]
    with pytest.raises(ServiceError, match="does not exist"), tx() as s:
        conversations.messages(s, cy, bob_talk)  # only the two read it
    for bad, message in (("", "Write a message"), ("m" * 1001, "at most 1000")):
        with pytest.raises(ServiceError, match=message), tx() as s:
            conversations.write(s, bob, bob_talk, bad)
    with pytest.raises(ServiceError, match="not reserved for you|not available"), tx() as s:
        item_money.pay_item(s, bob, lamp, CARD)  # not reserved yet
    with tx() as s:
        item_deals.reserve(s, ann, lamp, bob.user_id)
    told = db.exec(select(OutboxMessage).where(OutboxMessage.template == "sharing_item_reserved")).all()
    assert {m.user_id for m in told} == {cy.user_id}
    with tx() as s:
        assert items.visible_items(s, cy) == []  # reserved: no longer offered in the list
    with pytest.raises(ServiceError, match="declined"), tx() as s:
        item_money.pay_item(s, bob, lamp, DECLINED)
    assert _state(db, lamp).paid_at is None and ledger.held_in_escrow(db, f"share:item-{lamp}", "USD") == 0
    with tx() as s:
        item_money.pay_item(s, bob, lamp, CARD)
    assert ledger.held_in_escrow(db, f"share:item-{lamp}", "USD") == 1200
    with pytest.raises(ServiceError, match="paid for this item already"), tx() as s:
        item_money.pay_item(s, bob, lamp, CARD)
    with pytest.raises(ServiceError, match="not available"), tx() as s:
        item_money.confirm_receipt(s, cy, lamp)
    with tx() as s:
        item_money.confirm_receipt(s, bob, lamp)
    assert _state(db, lamp).status == ItemStatus.COMPLETED
    assert ledger.owed_to(db, f"resident:{ann.user_id}", "USD") == 1140  # less the 5% sharing fee
    assert ledger_report.check_ledger(db).ok


def test_unconfirmed_sale_released_after_72_hours_unless_a_problem_is_reported(tx, db):
    _, (ann, bob) = residents(tx, 2)
    quiet, disputed = _post(tx, ann), _post(tx, ann, title="Chair")
    for item in (quiet, disputed):
        with tx() as s:
            conversations.ask_about(s, bob, item, "Mine?")
        with tx() as s:
            item_deals.reserve(s, ann, item, bob.user_id)
        with tx() as s:
            item_money.pay_item(s, bob, item, CARD)
    with tx() as s:
        item_money.report_problem(s, bob, disputed)
    paid_at = _state(db, quiet).paid_at
    with tx() as s:
        assert item_money.release_unconfirmed(s, paid_at + timedelta(hours=71)) == []
    with tx() as s:
        assert item_money.release_unconfirmed(s, paid_at + timedelta(hours=73)) == [quiet]
    assert _state(db, quiet).status == ItemStatus.COMPLETED and _state(db, disputed).status == ItemStatus.RESERVED
    assert ledger.held_in_escrow(db, f"share:item-{disputed}", "USD") == 1200
    assert ledger.owed_to(db, f"resident:{ann.user_id}", "USD") == 1200


def test_withdrawing_a_paid_item_refunds_the_buyer(tx, db):
    _, (ann, bob) = residents(tx, 2)
    lamp = _post(tx, ann)
    with tx() as s:
        conversations.ask_about(s, bob, lamp, "Mine?")
    with tx() as s:
        item_deals.reserve(s, ann, lamp, bob.user_id)
    with tx() as s:
        item_money.pay_item(s, bob, lamp, CARD)
    with pytest.raises(ServiceError, match="withdraw the item"), tx() as s:
        item_deals.release(s, ann, lamp)
    with tx() as s:
        item_deals.withdraw(s, ann, lamp)
    pay = db.exec(select(Payment).where(Payment.purpose == f"share:item-{lamp}")).one()
    assert pay.status == PaymentStatus.REFUNDED and ledger.held_in_escrow(db, f"share:item-{lamp}", "USD") == 0
    assert _state(db, lamp).status == ItemStatus.CANCELLED
    assert ledger_report.check_ledger(db).ok


def test_give_away_is_completed_by_both_sides(tx, db):
    _, (ann, bob, cy) = residents(tx, 3)
    toys = _post(tx, ann, kind="give", photos=[], price="")
    with tx() as s:
        conversations.ask_about(s, bob, toys, "For my kids?")
    with pytest.raises(ServiceError, match="who wrote to you"), tx() as s:
        item_deals.reserve(s, ann, toys, cy.user_id)
    with tx() as s:
        item_deals.reserve(s, ann, toys, bob.user_id)
    with tx() as s:
        item_deals.mark_done(s, ann, toys)
    assert _state(db, toys).status == ItemStatus.RESERVED
    with pytest.raises(ServiceError, match="not available"), tx() as s:
        item_deals.mark_done(s, cy, toys)
    with tx() as s:
        item_deals.mark_done(s, bob, toys)
    assert _state(db, toys).status == ItemStatus.COMPLETED


def test_blocked_neighbours_cannot_see_or_message_and_items_expire(tx, db):
    _, (ann, bob) = residents(tx, 2)
    lamp = _post(tx, ann)
    with tx() as s:
        talk = conversations.ask_about(s, bob, lamp, "Hi").id
    with tx() as s:
        blocks.block(s, ann, bob.user_id)
    with pytest.raises(ServiceError, match="^This item is not available.$"), tx() as s:
        items.item_view(s, bob, lamp)
    with pytest.raises(ServiceError, match="^This neighbour is not available.$"), tx() as s:
        conversations.write(s, bob, talk, "Hello?")
    with pytest.raises(ServiceError, match="not available"), tx() as s:
        item_deals.reserve(s, ann, lamp, bob.user_id)
    created = _state(db, lamp).renewed_at
    with tx() as s:
        assert item_money.expire_items(s, created + timedelta(days=29)) == []
        items.renew_item(s, ann, lamp, now=created + timedelta(days=20))
    with tx() as s:
        assert item_money.expire_items(s, created + timedelta(days=31)) == []
    with tx() as s:
        assert item_money.expire_items(s, created + timedelta(days=51)) == [lamp]
    with tx() as s:
        items.renew_item(s, ann, lamp)  # an expired item can come back
    assert _state(db, lamp).status == ItemStatus.AVAILABLE
