"""The card issuing centre: programmes and levels, batches of cards with hashed codes, assigning a
batch, disabling a card with a reason (audited), the PDF sheet; and every bad input refused
with nothing changed."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.membership import batches, card_codes, card_sheet, programmes
from community_hub.models import AuditEntry, Role
from community_hub.models.membership import CardBatch, CardLevel, CardProgramme, MembershipCard
from tests import factories as f
from tests.unit.membership.conftest import code_of, make_agent


def test_a_programme_lists_its_levels_highest_rank_first(tx, club):
    with tx() as db:
        view = programmes.programme_view(db, club["admin"], club["programme"])
    assert [lv.name for lv in view.levels] == ["Gold", "Silver", "Standard"]
    gold = view.levels[0]
    assert (gold.fee_minor, gold.fee_period, gold.discount_bps, gold.points_multiplier_pct) == (2500, "yearly", 500, 200)
    assert gold.permissions == ["post_demands", "book_services_first"]


@pytest.mark.parametrize("fields, message", [
    ({"name": ""}, "Enter the level name"),
    ({"name": "x" * 41}, "at most 40 characters"),
    ({"name": "Gold"}, "already has a level called Gold"),
    ({"name": "Bronze", "fee_minor": -1}, "fee must be a whole number"),
    ({"name": "Bronze", "fee_minor": 1.5}, "fee must be a whole number"),
    ({"name": "Bronze", "discount_bps": 5001}, "member discount"),
    ({"name": "Bronze", "fee_period": "monthly"}, "one-off or yearly"),
    ({"name": "Bronze", "rank": 0}, "priority rank"),
    ({"name": "Bronze", "permissions": ["fly"]}, "not a permission"),
])
def test_bad_levels_are_refused_and_nothing_is_added(tx, db, club, fields, message):
    with pytest.raises(ServiceError, match=message), tx() as s:
        programmes.add_level(s, club["admin"], club["programme"], **fields)
    assert len(db.exec(select(CardLevel)).all()) == 3


def test_only_admins_run_the_issuing_centre(tx, db, club):
    for call in (lambda s: programmes.create_programme(s, club["resident"], name="Mine"),
                 lambda s: programmes.add_level(s, club["resident"], club["programme"], name="X"),
                 lambda s: batches.create_batch(s, club["resident"], club["programme"], club["gold"], 2)):
        with pytest.raises(PermissionDenied), tx() as s:
            call(s)
    assert len(db.exec(select(CardProgramme)).all()) == 1
    assert db.exec(select(CardBatch)).all() == []


def test_a_duplicate_programme_or_a_bad_identity_kind_is_refused(tx, club):
    with pytest.raises(ServiceError, match="already a programme called Neighbours"), tx() as s:
        programmes.create_programme(s, club["admin"], name="Neighbours")
    with pytest.raises(ServiceError, match="not a kind of identity"), tx() as s:
        programmes.create_programme(s, club["admin"], name="Other", identity_kinds=["fingerprint"])
    with pytest.raises(ServiceError, match="paid by the platform or by the shop"), tx() as s:
        programmes.create_programme(s, club["admin"], name="Other", discount_funded_by="bank")


def test_a_batch_makes_cards_whose_codes_are_only_stored_hashed(tx, db, club):
    with tx() as s:
        batch = batches.create_batch(s, club["admin"], club["programme"], club["gold"], 3, note="Spring fair")
    assert batch.counts["issued"] == 3 and batch.level == "Gold"
    cards = db.exec(select(MembershipCard).where(MembershipCard.batch_id == batch.id)).all()
    assert len({c.number for c in cards}) == 3
    for card in cards:
        number, code = code_of(db, card.id)
        assert card_codes.number_ok(number) and len(code) == 8
        assert code not in (card.code_hash, card.code_salt)  # never stored as it is
        assert card_codes.code_matches(card.code_salt, card.code_hash, code.lower())
        assert card_codes.read_qr(card_codes.qr_payload(number, code)) == (number, code)


@pytest.mark.parametrize("count", [0, -1, 501, "5", True])
def test_a_batch_of_a_bad_size_is_refused(tx, db, club, count):
    with pytest.raises(ServiceError, match="1 to 500 cards"), tx() as s:
        batches.create_batch(s, club["admin"], club["programme"], club["gold"], count)
    assert db.exec(select(MembershipCard)).all() == []


def test_a_batch_goes_to_an_agent_and_its_sheet_prints_for_them_only(tx, db, club):
    agent = make_agent(tx, club["admin"])
    with tx() as s:
        batch = batches.create_batch(s, club["admin"], club["programme"], club["silver"], 2)
    with pytest.raises(ServiceError, match="agent or a staff member"), tx() as s:
        batches.assign_batch(s, club["admin"], batch.id, club["resident"].user_id)
    with tx() as s:
        assigned = batches.assign_batch(s, club["admin"], batch.id, agent["user_id"])
    assert assigned.counts["assigned"] == 2 and assigned.assigned_to
    with tx() as s:
        assert [b.id for b in batches.list_batches(s, agent["actor"])] == [batch.id]
        pdf = card_sheet.batch_sheet_pdf(s, agent["actor"], batch.id)
    assert pdf.startswith(b"%PDF")
    with pytest.raises(PermissionDenied), tx() as s:
        card_sheet.batch_sheet_pdf(s, club["resident"], batch.id)
    with tx() as s:
        assert batches.list_batches(s, club["resident"]) == []


def test_disabling_a_card_needs_a_reason_and_is_audited(tx, db, club):
    with tx() as s:
        batch = batches.create_batch(s, club["admin"], club["programme"], club["gold"], 1)
        card_id = batches.batch_cards(s, club["admin"], batch.id)[0].id
    with pytest.raises(ServiceError, match="Enter the reason"), tx() as s:
        batches.disable_card(s, club["admin"], card_id, "  ")
    with pytest.raises(PermissionDenied), tx() as s:
        batches.disable_card(s, club["resident"], card_id, "lost")
    assert db.get(MembershipCard, card_id).state == "issued"
    with tx() as s:
        row = batches.disable_card(s, club["admin"], card_id, "Reported lost")
    assert row.state == "disabled" and row.disabled_reason == "Reported lost"
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "membership.card_disabled")).one()
    assert entry.subject == f"card:{card_id}" and "Reported lost" in entry.detail
    with pytest.raises(ServiceError, match="already disabled"), tx() as s:
        batches.disable_card(s, club["admin"], card_id, "again")


def test_staff_can_be_handed_a_batch(tx, club):
    with tx() as s:
        staff = f.user(s, Role.PROPERTY_STAFF, community_id=club["community"])
        batch = batches.create_batch(s, club["admin"], club["programme"], club["standard"], 1)
        assert batches.assign_batch(s, club["admin"], batch.id, staff.id).counts["assigned"] == 1


def test_the_audit_log_words_the_issuing_centre(tx, club):
    from community_hub.core import audit_log

    with tx() as s:
        batches.create_batch(s, club["admin"], club["programme"], club["gold"], 1)
        rows, _ = audit_log.list_entries(s, club["admin"])
    labels = {str(r.action_label) for r in rows}
    assert {"Card programme made", "Card level added", "Card batch made"} <= labels
