"""The admins' fee table: the default in force (set or built in), every category of the real
category tree with the fee in force and where it comes from, fees set only on categories from the
list, and the audit log reading before and after as percentages."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.models import AuditEntry
from community_hub.models.catalog import Category
from community_hub.payments import fee_table, ledger, money_admin


@pytest.fixture
def tree(tx):
    with tx() as db:
        food = Category(slug="food", name="Food & drink", sort=0)
        home = Category(slug="home", name="Home & services", sort=1)
        db.add_all([food, home])
        db.flush()
        db.add_all([Category(slug="bakery", name="Bakery", parent_id=food.id, sort=0),
                    Category(slug="laundry", name="Laundry", parent_id=home.id, sort=0)])


def test_the_table_shows_the_default_in_force_and_every_category(tx, db, people, tree):
    t = fee_table.fee_table(db, people.admin)
    assert (t.default_bps, t.default_set) == (ledger.DEFAULT_FEE_BPS, False)
    assert [(r.label, r.in_force_bps, r.source) for r in t.rows] == [
        ("Food & drink", 500, "default"), ("Food & drink › Bakery", 500, "default"),
        ("Home & services", 500, "default"), ("Home & services › Laundry", 500, "default"),
        ("grocery (not in the category tree)", 500, "default"),
        ("restaurant (not in the category tree)", 500, "default"),
    ]
    with tx() as s:
        money_admin.set_fee_ratio(s, people.admin, "*", 300)
        money_admin.set_fee_ratio(s, people.admin, "food", 800)
        money_admin.set_fee_ratio(s, people.admin, "laundry", 450)
    t = fee_table.fee_table(db, people.admin)
    assert (t.default_bps, t.default_set) == (300, True)
    rows = {r.slug: (r.own_bps, r.in_force_bps, r.source) for r in t.rows}
    assert rows["food"] == (800, 800, "own")
    assert rows["bakery"] == (None, 800, "Food & drink")  # a parent's fee covers its children
    assert rows["home"] == (None, 300, "default")
    assert rows["laundry"] == (450, 450, "own")
    assert ledger.fee_bps(db, "bakery") == 800 and ledger.fee_bps(db, "grocery") == 300


def test_fees_are_set_only_on_categories_from_the_list(tx, db, people, tree):
    labels = [c.label for c in fee_table.fee_categories(db, people.admin)]
    assert labels[0].startswith("Default") and "Food & drink › Bakery" in labels
    with pytest.raises(ServiceError, match="Choose the category from the list"), tx() as s:
        money_admin.set_fee_ratio(s, people.admin, "bakrey", 100)  # a typo no longer makes a new fee
    with tx() as s:
        money_admin.set_fee_ratio(s, people.admin, "grocery", 100)  # a category shops use, outside the tree
    assert [r.category for r in money_admin.fee_ratios(db, people.admin)] == ["grocery"]


def test_only_admins_read_the_table(db, people, tree):
    with pytest.raises(PermissionDenied):
        fee_table.fee_table(db, people.merchant)
    with pytest.raises(PermissionDenied):
        fee_table.fee_categories(db, people.merchant)


def test_the_audit_log_reads_the_change_as_percentages(tx, db, people, tree):
    with tx() as s:
        money_admin.set_fee_ratio(s, people.admin, "bakery", 450)
    with tx() as s:
        money_admin.set_fee_ratio(s, people.admin, "bakery", 500)
    details = db.exec(select(AuditEntry.detail).where(AuditEntry.action == "fee_ratio.set")
                      .order_by(AuditEntry.id)).all()
    assert details == ["— → 4.50 %", "4.50 % → 5.00 %"]
