"""The issuing centre's screens' services: the programmes overview with plan and counts, a level and
a plan as typed (percentages and amounts as text), finding a card by number, who can take a batch,
the versions the pages poll, and who may see and write to groups (each back-office role its own)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.permissions import AdminPermission
from community_hub.membership import batches, group_messages, issuing_centre, priority
from community_hub.models import AuditEntry, Role
from community_hub.models.membership import CardLevel
from community_hub.models.referrals import CommissionPlan
from tests import factories as f
from tests.bell_rings import committed, rings
from tests.unit.membership.test_member_price_and_priority import IDS, _member


def test_the_overview_shows_levels_plan_counts_and_the_rules(tx, club):
    with tx() as s:
        issuing_centre.save_plan(s, club["admin"], club["programme"], ratios=["10", "5"], cap="20", freeze_days="7",
                                 card_fees_earn=True)
    _member(tx, club, "gold", IDS[0])
    with tx() as s:
        [summary] = issuing_centre.programmes_overview(s, club["admin"])
    assert [lv.name for lv in summary.programme.levels] == ["Gold", "Silver", "Standard"]
    assert (summary.holders, summary.cards) == (1, 1)
    assert summary.plan.ratios_bps == [1000, 500] and summary.plan.cap_bps == 2000
    assert "suspended agent's level" in summary.plan.rule
    assert "higher level first" in issuing_centre.PRIORITY_RULE and "registered first" in issuing_centre.PRIORITY_RULE


def test_a_level_is_saved_as_typed_and_an_edit_keeps_what_members_paid(tx, db, club):
    with tx() as s:
        lv = issuing_centre.save_level(s, club["admin"], club["programme"], 0, name="Platinum", fee="49.90",
                                       fee_period="yearly", discount_percent="7.5%", multiplier="1.5", rank="4",
                                       permissions=["share_parking"])
    assert (lv.fee_minor, lv.discount_bps, lv.points_multiplier_pct, lv.rank) == (4990, 750, 150, 4)
    gold = _member(tx, club, "gold", IDS[0])
    with tx() as s:
        issuing_centre.save_level(s, club["admin"], club["programme"], club["gold"], name="ignored", fee="30",
                                  fee_period="yearly", discount_percent="6", multiplier="2", rank="3",
                                  permissions=[], active=True)
        from community_hub.membership import cardholders
        [card] = cardholders.my_cards(s, gold["actor"])
    assert db.get(CardLevel, club["gold"]).fee_minor == 3000
    assert card.paid_minor == 2500  # what the member paid stays


@pytest.mark.parametrize("fields, message", [
    ({"fee": "-1"}, "cannot be negative"),
    ({"fee": "abc"}, "as a number"),
    ({"discount_percent": "51"}, "percentage from 0 to 50"),
    ({"discount_percent": "2.555"}, "at most two decimals"),
    ({"discount_percent": "nan"}, "percentage"),
    ({"multiplier": "11"}, "points multiplier"),
    ({"rank": "0"}, "priority rank"),
    ({"rank": "x"}, "priority rank"),
    ({"fee_period": "monthly"}, "one-off or yearly"),
])
def test_a_badly_typed_level_is_refused_and_nothing_is_added(tx, db, club, fields, message):
    typed = dict(name="Bronze", fee="0", fee_period="one_off", discount_percent="0", multiplier="1", rank="1",
                 permissions=[]) | fields
    with pytest.raises(ServiceError, match=message), tx() as s:
        issuing_centre.save_level(s, club["admin"], club["programme"], 0, **typed)
    assert len(db.exec(select(CardLevel)).all()) == 3


def test_a_plan_over_its_cap_or_too_deep_is_refused(tx, db, club):
    with pytest.raises(ServiceError, match="more than the cap"), tx() as s:
        issuing_centre.save_plan(s, club["admin"], club["programme"], ratios=["10", "15"], cap="20", freeze_days="7",
                                 card_fees_earn=True)
    with pytest.raises(ServiceError, match="1 to 3 levels"), tx() as s:
        issuing_centre.save_plan(s, club["admin"], club["programme"], ratios=["1", "1", "1", "1"], cap="20",
                                 freeze_days="7", card_fees_earn=True)
    with pytest.raises(ServiceError, match="freeze window"), tx() as s:
        issuing_centre.save_plan(s, club["admin"], club["programme"], ratios=["1"], cap="20", freeze_days="-1",
                                 card_fees_earn=True)
    assert db.exec(select(CommissionPlan)).all() == []


def test_a_card_is_found_by_its_number_as_typed_and_disabled_with_the_number_in_the_log(tx, db, club):
    with tx() as s:
        batch = batches.create_batch(s, club["admin"], club["programme"], club["silver"], 2)
        card = batches.batch_cards(s, club["admin"], batch.id)[0]
    spaced = " ".join(card.number[i:i + 4] for i in range(0, 12, 4))
    with tx() as s:
        found = issuing_centre.find_card(s, club["admin"], spaced)
    assert (found.number, found.state, found.level, found.batch_id, found.holder) == \
        (card.number, "issued", "Silver", batch.id, "")
    with tx() as s:
        batches.disable_card(s, club["admin"], card.id, "Lost in the post")
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "membership.card_disabled")).one()
    assert card.number in entry.detail and "Lost in the post" in entry.detail
    with pytest.raises(ServiceError, match="No card has the number"), tx() as s:
        issuing_centre.find_card(s, club["admin"], "000000000000")
    with pytest.raises(ServiceError, match="Type a card number"), tx() as s:
        issuing_centre.find_card(s, club["admin"], "abc")


def test_batches_go_to_agents_and_staff_listed_by_name(tx, club):
    with tx() as s:
        staff = f.user(s, Role.PROPERTY_STAFF, community_id=club["community"])
        f.user(s, Role.RESIDENT)
        people = issuing_centre.hand_out_people(s, club["admin"])
    assert [p.id for p in people] == [staff.id]
    assert people[0].role == Role.PROPERTY_STAFF


def test_the_version_moves_on_a_batch_and_on_an_activation(tx, club):
    with tx() as s:
        before = issuing_centre.cards_version(s, club["admin"])
        batches.create_batch(s, club["admin"], club["programme"], club["gold"], 1)
    with tx() as s:
        after_batch = issuing_centre.cards_version(s, club["admin"])
    _member(tx, club, "standard", IDS[1])
    with tx() as s:
        after_member = issuing_centre.cards_version(s, club["admin"])
        assert issuing_centre.programmes_version(s, club["admin"]) == after_member
    assert before != after_batch != after_member


def test_each_back_office_role_reaches_its_own_screens(tx, club):
    """Programmes and plans are finance's; batches, cards and cardholders customer service's."""
    with tx() as s:
        finance = f.sub_roles(s, f.user(s, Role.PLATFORM_ADMIN), AdminPermission.FINANCE)
        service = f.sub_roles(s, f.user(s, Role.PLATFORM_ADMIN), AdminPermission.CUSTOMER_SERVICE)
        issuing_centre.programmes_overview(s, finance)
        issuing_centre.programme_choices(s, service)
        priority.group_sizes(s, service, club["programme"])
        for refused in (lambda: issuing_centre.programmes_overview(s, service),
                        lambda: issuing_centre.find_card(s, finance, "1"),
                        lambda: issuing_centre.hand_out_people(s, club["resident"]),
                        lambda: priority.group_sizes(s, finance, club["programme"]),
                        lambda: group_messages.message_group(s, finance, club["programme"], "city", "Springfield",
                                                             "Hi", "Hello")):
            with pytest.raises(PermissionDenied):
                refused()


def test_an_admin_writes_to_any_group(tx, db, club):
    from community_hub.models import OutboxMessage

    _member(tx, club, "gold", IDS[0])
    with tx() as s:
        sizes = {(g.kind, g.name): g.members for g in priority.group_sizes(s, club["admin"], club["programme"])}
        sent = group_messages.message_group(s, club["admin"], club["programme"], "city", "Springfield", "Fair",
                                            "Saturday at 10.")
    assert sizes[("city", "Springfield")] == 1 and sent == 1
    assert db.exec(select(OutboxMessage).where(OutboxMessage.template == "cardholder_group_message")).one()


def test_the_cardholders_list_shows_each_members_region_group(tx, club):
    from community_hub.membership import cardholders

    _member(tx, club, "silver", IDS[0])
    _member(tx, club, "gold", IDS[1])
    with tx() as s:
        rows, total = cardholders.programme_members(s, club["admin"], club["programme"])
    assert total == 2 and [r.level for r in rows] == ["Silver", "Gold"]  # registration order, not rank
    assert all(r.group.endswith(" · Riverside · Springfield") for r in rows)


def test_the_cards_pages_are_rung_by_a_batch_a_plan_and_a_members_new_card(engine, tx, club):
    """The issuing centre's pages wait on the change bell instead of polling: an admin's batch or
    plan (logged) and a member's new card of any programme ring them; each page's own back-office
    role only may wait on it, as it may read its version."""
    admin = club["admin"]
    with tx() as s:
        finance = f.sub_roles(s, f.user(s, Role.PLATFORM_ADMIN), AdminPermission.FINANCE)
        service = f.sub_roles(s, f.user(s, Role.PLATFORM_ADMIN), AdminPermission.CUSTOMER_SERVICE)
        keys, wake_in = issuing_centre.cards_keys(s, service)
        assert issuing_centre.programmes_keys(s, finance) == (keys, None) and wake_in is None
        for refused in (lambda: issuing_centre.cards_keys(s, finance), lambda: issuing_centre.programmes_keys(s, service),
                        lambda: issuing_centre.cards_keys(s, club["resident"])):
            with pytest.raises(PermissionDenied):
                refused()
    cards = [k for k in keys if k[0] == "cardholding"]  # without the log: the card itself rings

    assert rings(engine, committed(tx, lambda s: batches.create_batch(s, admin, club["programme"], club["gold"], 1)), keys)
    assert rings(engine, committed(tx, lambda s: issuing_centre.save_plan(
        s, admin, club["programme"], ratios=["10"], cap="20", freeze_days="7", card_fees_earn=True)), keys)
    assert rings(engine, lambda: _member(tx, club, "standard", IDS[1]), cards)
    with tx() as s:  # a new programme is logged; its cards ring the keys read after it
        from community_hub.membership import programmes
        second = programmes.create_programme(s, admin, name="Second", identity_kinds=["mobile"])
        level = programmes.add_level(s, admin, second.id, name="Basic", rank=1).id
        cards = [k for k in issuing_centre.cards_keys(s, service)[0] if k[0] == "cardholding"]
    assert rings(engine, lambda: _member(tx, {**club, "basic": level}, "basic"), cards)
