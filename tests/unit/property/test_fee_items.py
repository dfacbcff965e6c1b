"""Fee items on the staff page: listed in words, edited and withdrawn only by this community's staff,
a change applying from the next bill run while issued bills keep theirs."""

from __future__ import annotations

import pytest

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.property import billing

P = "2026-11"


def _fees(tx, w):
    with tx() as db:
        area = billing.add_fee_item(db, w.staff, w.community.id, name="Management", kind="area", rate_minor=200,
                                    unit_label="m²")
        fixed = billing.add_fee_item(db, w.staff, w.community.id, name="Cleaning", kind="fixed", rate_minor=1500)
        return area.id, fixed.id


def test_staff_see_their_fees_in_words(tx, world):
    w = world
    _fees(tx, w)
    with tx() as db:
        rows = billing.list_fee_items(db, w.staff, w.community.id)
    assert [(r.name, r.kind_label, r.rate_minor, r.unit_label, r.applies_to, r.active) for r in rows] == [
        ("Cleaning", "Fixed per home", 1500, "", "Every home", True),
        ("Management", "Per m² of the home", 200, "m²", "Every home", True),
    ]


def test_edit_applies_from_the_next_run_and_issued_bills_keep_theirs(tx, world):
    w = world
    area_id, _ = _fees(tx, w)
    with tx() as db:
        billing.generate_bills(db, w.staff, w.community.id, P)
    with tx() as db:
        item = billing.update_fee_item(db, w.staff, area_id, name="Management fee", rate_minor=250, unit_label="m²")
        assert (item.name, item.rate_minor) == ("Management fee", 250)
    with tx() as db:
        old = {b.household_id: b.total_minor for b in billing.list_bills(db, w.staff, w.community.id, period=P)}
        billing.generate_bills(db, w.staff, w.community.id, "2026-12")
    with tx() as db:
        new = {b.household_id: b.total_minor for b in billing.list_bills(db, w.staff, w.community.id,
                                                                          period="2026-12")}
    assert old[w.h_a1.id] == 80 * 200 + 1500
    assert new[w.h_a1.id] == 80 * 250 + 1500


def test_withdrawn_fee_is_left_out_and_can_be_billed_again(tx, world):
    w = world
    _, fixed_id = _fees(tx, w)
    with tx() as db:
        billing.deactivate_fee_item(db, w.staff, fixed_id)
    with tx() as db:
        assert billing.preview_bills(db, w.staff, w.community.id, P).total_minor == 200 * (80 + 80 + 120)
        assert [r.active for r in billing.list_fee_items(db, w.staff, w.community.id)] == [True, False]
    with tx() as db:
        billing.reactivate_fee_item(db, w.staff, fixed_id)
    with tx() as db, pytest.raises(ServiceError, match="already billed"):
        billing.reactivate_fee_item(db, w.staff, fixed_id)
    with tx() as db:
        assert billing.preview_bills(db, w.staff, w.community.id, P).total_minor == 200 * 280 + 3 * 1500


@pytest.mark.parametrize("who", ["other_staff", "ann"])
def test_only_this_communitys_staff_list_edit_or_withdraw(tx, world, who):
    w = world
    area_id, _ = _fees(tx, w)
    stranger = getattr(w, who)
    with tx() as db, pytest.raises(PermissionDenied):
        billing.list_fee_items(db, stranger, w.community.id)
    with tx() as db, pytest.raises(PermissionDenied):
        billing.update_fee_item(db, stranger, area_id, name="Mine now", rate_minor=1)
    with tx() as db, pytest.raises(PermissionDenied):
        billing.deactivate_fee_item(db, stranger, area_id)
    with tx() as db, pytest.raises(PermissionDenied):
        billing.add_fee_item(db, stranger, w.community.id, name="Sneaky", kind="fixed", rate_minor=100)
    with tx() as db:
        row = [r for r in billing.list_fee_items(db, w.staff, w.community.id) if r.id == area_id][0]
    assert (row.name, row.rate_minor, row.active) == ("Management", 200, True)


@pytest.mark.parametrize(("name", "rate", "unit", "message"), [
    ("", 100, "", "name"),
    ("x" * 81, 100, "", "name"),
    ("Water", -1, "m³", "rate"),
    ("Water", 100, "cubic metres of cold water", "unit"),
])
def test_bad_edits_are_refused_and_change_nothing(tx, world, name, rate, unit, message):
    w = world
    area_id, _ = _fees(tx, w)
    with tx() as db, pytest.raises(ServiceError, match=message):
        billing.update_fee_item(db, w.staff, area_id, name=name, rate_minor=rate, unit_label=unit)
    with tx() as db:
        row = [r for r in billing.list_fee_items(db, w.staff, w.community.id) if r.id == area_id][0]
    assert (row.name, row.rate_minor, row.unit_label) == ("Management", 200, "m²")
