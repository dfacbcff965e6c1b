"""Member prices (the discount line and who funds it), region groups, priority (level rank, then
registration) and its use for the places of a full event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import cart, checkout, orders
from community_hub.membership import activation, cardholders, member_price, priority, programmes
from community_hub.models import Role
from community_hub.models.base import utcnow
from community_hub.models.ledger import LedgerTransaction
from community_hub.models.membership import MemberDiscount
from community_hub.models.orders import Order
from community_hub.payments import ledger, ledger_report
from community_hub.property import events
from tests import factories as f
from tests.unit.membership.conftest import MOBILE
from tests.unit.shopping.steps import deliver, pay

IDS = ["11010519491231002X", "440524188001010014", "110105194912310038"]


def _member(tx, club, level: str, ident: str | None = None, kind: str = "national_id") -> dict:
    """A resident of the club's community holding a card of `level` (its fee paid by the demo card)."""
    with tx() as s:
        u = f.user(s, Role.RESIDENT, community_id=club["community"], household_id=f.household(s, club["community"]).id)
        me = f.actor(s, u)
        step = activation.buy_online(s, me, club[level], kind if ident else "mobile", ident or MOBILE)
    if step.payment_id:
        with tx() as s:
            step = activation.pay_card_fee(s, me, step.payment_id, "4242424242424242")
    return {"actor": me, "user_id": u.id, "holding_id": step.holding_id}


def test_the_national_ids_used_here_have_valid_check_digits():
    from community_hub.membership import identity
    assert all(identity.national_id_ok(i) for i in IDS)


def test_the_member_price_line_and_who_pays_for_it(tx, db, club):
    gold = _member(tx, club, "gold")
    with tx() as s:
        line = member_price.price_line(s, gold["user_id"], 2400, "USD")
        assert member_price.price_line(s, club["resident"].user_id, 2400, "USD") is None  # no card
        assert member_price.price_line(s, gold["user_id"], 2400, "EUR") is None  # another currency
    assert (line.amount_minor, line.funded_by, str(line.label)) == (120, "platform", "Member price (Gold, 5 %)")

    with tx() as s:  # checkout shows the line and takes it off the total
        m = f.merchant(s)
        p = f.product(s, m.id, price_minor=1200)
        owner = f.actor(s, f.user(s, Role.MERCHANT, merchant_id=m.id))
        cart.add_to_cart(s, gold["actor"], p.id, 2)
        totals = checkout.preview(s, gold["actor"], m.id)
        assert (totals.member_discount_minor, str(totals.member_label), totals.total_minor) == (
            120, "Member price (Gold, 5 %)", 2280)
        oid = checkout.place_order(s, gold["actor"], m.id, idempotency_key="member-price-1", payment_method="card",
                                   address="A-1").id
    assert db.get(Order, oid).total_minor == 2280
    assert db.exec(select(MemberDiscount).where(MemberDiscount.order_id == oid)).one().amount_minor == 120
    pay(tx, gold["actor"], oid)
    deliver(tx, owner, oid)
    with tx() as s:
        orders.sign_order(s, gold["actor"], oid)
    posted = db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "member_discount")).all()
    assert len(posted) == 1
    fee = 114  # 5 % of the 22.80 paid
    assert ledger.owed_to(db, f"merchant:{m.id}", "USD") == 2280 - fee + 120  # the shop gets its full price less the fee
    assert ledger_report.check_ledger(db).ok
    with tx() as s:  # no card, no line
        plain = f.actor(s, f.user(s, Role.RESIDENT, community_id=club["community"]))
        cart.add_to_cart(s, plain, p.id, 1)
        assert checkout.preview(s, plain, m.id).member_discount_minor == 0


def test_a_merchant_funded_member_price_moves_no_money(tx, db, club):
    with tx() as s:
        programmes.edit_programme(s, club["admin"], club["programme"], discount_funded_by="merchant")
    silver = _member(tx, club, "silver")
    with tx() as s:
        line = member_price.price_line(s, silver["user_id"], 1000, "USD")
    assert (line.amount_minor, line.funded_by) == (30, "merchant")


def test_priority_is_level_rank_then_registration_then_the_request(tx, db, club):
    first_silver = _member(tx, club, "silver", IDS[0])
    gold = _member(tx, club, "gold", IDS[1])
    later_silver = _member(tx, club, "silver", IDS[2])
    nobody = club["resident"].user_id
    t0 = utcnow()
    requests = [(nobody, (t0, 1)), (later_silver["user_id"], (t0, 2)), (first_silver["user_id"], (t0, 3)),
                (gold["user_id"], (t0, 4))]
    with tx() as s:
        order = priority.in_priority(s, requests)
    assert [requests[i][0] for i in order] == [gold["user_id"], first_silver["user_id"], later_silver["user_id"], nobody]
    assert "higher level first" in str(priority.RULE)


def test_groups_by_community_district_city_and_id_prefix(tx, db, club):
    _member(tx, club, "standard", IDS[0])
    _member(tx, club, "standard", IDS[1])
    _member(tx, club, "standard", MOBILE, kind="mobile")
    with tx() as s:
        sizes = {(g.kind, g.name): g.members for g in priority.group_sizes(s, club["admin"], club["programme"])}
        members = priority.members_of(s, club["programme"], "id_prefix", "110105")
    assert sizes[("district", "Riverside")] == 3 and sizes[("city", "Springfield")] == 3
    assert sizes[("id_prefix", "110105")] == 1 and sizes[("id_prefix", "440524")] == 1
    assert len(members) == 1
    with pytest.raises(PermissionDenied), tx() as s:
        priority.group_sizes(s, club["resident"], club["programme"])
    with pytest.raises(ServiceError, match="community, district, city or ID prefix"), tx() as s:
        priority.members_of(s, club["programme"], "planet", "Earth")
    assert priority.region_of("88 Jiefang Rd，Haidian，Beijing") == ("Haidian", "Beijing")
    assert priority.region_of("Somewhere") == ("", "")


def test_the_directory_shows_names_levels_and_what_they_offer_only(tx, db, club):
    a = _member(tx, club, "gold", IDS[0])
    _member(tx, club, "standard", IDS[1])
    with tx() as s:
        rows = priority.my_group_directory(s, a["actor"], club["programme"])
        assert priority.my_group_directory(s, club["resident"], club["programme"]) == []
    assert [r.level for r in rows] == ["Gold", "Standard"] and all(r.holder_type == "needs" for r in rows)


def test_a_freed_event_place_goes_to_the_highest_level_waiting(tx, db, club):
    with tx() as s:
        staff = f.actor(s, f.user(s, Role.PROPERTY_STAFF, community_id=club["community"]))
        start = utcnow() + timedelta(days=2)
        eid = events.create_event(s, staff, club["community"], title="Concert", starts_at=start,
                                  ends_at=start + timedelta(hours=2), capacity=1).id
    holder = club["resident"]
    plain = _member(tx, club, "standard", IDS[0])
    gold = _member(tx, club, "gold", IDS[1])
    with tx() as s:
        events.sign_up(s, holder, eid)
    with tx() as s:
        events.sign_up(s, plain["actor"], eid, join_waitlist=True)  # first in the queue, lower level
    with tx() as s:
        events.sign_up(s, gold["actor"], eid, join_waitlist=True)
    with tx() as s:
        assert events.get_event(s, gold["actor"], eid).my_waitlist_position == 1
        assert events.get_event(s, plain["actor"], eid).my_waitlist_position == 2
    with tx() as s:
        promoted = events.cancel_signup(s, holder, eid)
    assert promoted.user_id == gold["user_id"]


def test_kiosks_and_shops_identify_a_cardholder_by_the_card_qr(tx, db, club):
    gold = _member(tx, club, "gold")
    with tx() as s:
        [card] = cardholders.my_cards(s, gold["actor"])
        m = f.merchant(s)
        shop = f.actor(s, f.user(s, Role.MERCHANT, merchant_id=m.id))
        who = cardholders.identify(s, shop, card.qr_payload)
    assert (who.user_id, who.level, who.discount_bps) == (gold["user_id"], "Gold", 500)
    with pytest.raises(PermissionDenied), tx() as s:
        cardholders.identify(s, club["resident"], card.qr_payload)
    with pytest.raises(ServiceError, match="not an active membership card"), tx() as s:
        cardholders.identify(s, shop, "hub-member:812345678903")


def test_staff_message_a_group_of_their_own_cardholders(tx, db, club):
    from community_hub.membership import group_messages
    from community_hub.models import OutboxMessage

    a = _member(tx, club, "gold", IDS[0])
    b = _member(tx, club, "standard", IDS[1])
    with tx() as s:
        staff = f.actor(s, f.user(s, Role.PROPERTY_STAFF, community_id=club["community"]))
        other_staff = f.actor(s, f.user(s, Role.PROPERTY_STAFF, community_id=f.community(s).id))
        sent = group_messages.message_group(s, staff, club["programme"], "district", "Riverside", "Water off",
                                            "No water on Tuesday 9-12.")
    assert sent == 2
    notes = db.exec(select(OutboxMessage).where(OutboxMessage.template == "cardholder_group_message")
                    .order_by(OutboxMessage.id)).all()
    assert [n.user_id for n in notes] == [a["user_id"], b["user_id"]]  # in priority order
    with pytest.raises(ServiceError, match="No cardholder of yours"), tx() as s:
        group_messages.message_group(s, other_staff, club["programme"], "district", "Riverside", "Hi", "Hello")
    with pytest.raises(ServiceError, match="at most 120 characters"), tx() as s:
        group_messages.message_group(s, staff, club["programme"], "district", "Riverside", "x" * 121, "Hello")
    with pytest.raises(PermissionDenied), tx() as s:
        group_messages.message_group(s, a["actor"], club["programme"], "district", "Riverside", "Hi", "Hello")
    assert len(db.exec(select(OutboxMessage).where(OutboxMessage.template == "cardholder_group_message")).all()) == 2


def test_the_cardholder_groups_page_is_rung_by_a_new_card_and_a_communitys_new_address(engine, tx, club):
    """The groups page waits on the change bell instead of polling: a member's new card of the
    programme and a community's edited address (its district and city) ring it; who may not read
    the groups may not wait on them."""
    from community_hub.core.permissions import AdminPermission
    from community_hub.models import Community
    from community_hub.property import communities
    from tests.bell_rings import rings

    with tx() as s:
        staff = f.actor(s, f.user(s, Role.PROPERTY_STAFF, community_id=club["community"]))
        finance = f.sub_roles(s, f.user(s, Role.PLATFORM_ADMIN), AdminPermission.FINANCE)
        keys, wake_in = priority.group_keys(s, staff, club["programme"])
        c = s.get(Community, club["community"])
        place = dict(name=c.name, slug=c.slug, lat=c.lat, lon=c.lon, time_zone=c.time_zone)
    assert wake_in is None
    for refused in (club["resident"], finance):
        with pytest.raises(PermissionDenied), tx() as s:
            priority.group_keys(s, refused, club["programme"])

    def moved():
        with tx() as s:
            communities.edit_community(s, staff, club["community"], address="1 Elm Street, Hillside, Springfield",
                                       **place)

    assert rings(engine, lambda: _member(tx, club, "standard", IDS[0]), keys)
    assert rings(engine, moved, keys)
