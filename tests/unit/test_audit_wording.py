"""The audit log reads as words: roles by name with before → after, fee changes as percentages
(also entries recorded before they were worded), members, shops and fees by name, points counted."""

from __future__ import annotations

import pytest

from community_hub.accounts import members_admin
from community_hub.core import audit_log
from community_hub.models import AuditEntry, Role
from community_hub.models.catalog import Category
from community_hub.payments import money_admin, points
from tests import factories as f


@pytest.fixture
def people(tx):
    with tx() as s:
        admin = f.user(s, Role.PLATFORM_ADMIN)
        noor = f.user(s, Role.RESIDENT)
        noor.display_name = "Noor Neighbour"
        shop = f.merchant(s)
        shop.name = "Corner Grocer"
        s.add(Category(slug="bakery", name="Bakery"))
        s.flush()
        return f.actor(s, admin), noor.id, shop.id


def _log(tx, admin):
    with tx() as s:
        rows, _ = audit_log.list_entries(s, admin)
    return [(r.action_label, r.subject_label, r.detail_label) for r in reversed(rows)]


def test_roles_fees_and_points_read_as_words(tx, people):
    admin, noor, shop = people
    with tx() as s:
        members_admin.set_roles(s, admin, noor, [Role.RESIDENT, Role.PROPERTY_STAFF])
        money_admin.set_fee_ratio(s, admin, "bakery", 450)
        money_admin.set_fee_ratio(s, admin, "*", 300)
        points.grant(s, admin, f"merchant:{shop}", 1500, "Spring market sponsor")
    assert _log(tx, admin) == [
        ("Roles changed", "Noor Neighbour", "Resident → Property staff, Resident"),
        ("Service fee set", "Fee on Bakery", "— → 4.50 %"),
        ("Service fee set", "Default fee (every category)", "— → 3.00 %"),
        ("Points granted", "Corner Grocer", "1,500 points — Spring market sponsor"),
    ]


def test_entries_recorded_before_the_wording_read_the_same_way(tx, people):
    admin, noor, _ = people
    with tx() as s:
        s.add(AuditEntry(actor_user_id=admin.user_id, action="fee_ratio.set", subject="category:bakery",
                         detail="None -> 450 bps"))
        s.add(AuditEntry(actor_user_id=admin.user_id, action="fee_ratio.set", subject="category:bakery",
                         detail="450 -> 500 bps"))
        s.add(AuditEntry(actor_user_id=admin.user_id, action="user.roles", subject=f"user:{noor}",
                         detail="platform_admin,resident"))
    assert [d for _, _, d in _log(tx, admin)] == ["— → 4.50 %", "4.50 % → 5.00 %", "Platform admin, Resident"]
