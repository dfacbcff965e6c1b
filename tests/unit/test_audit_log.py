"""The audit log page's service: admins only, newest first, search and action filter, paging."""

from __future__ import annotations

import pytest

from community_hub.core import audit_log
from community_hub.core.errors import PermissionDenied
from community_hub.models import AuditEntry, Role
from community_hub.payments import points
from tests import factories as f


@pytest.fixture
def admin_and_shop(tx):
    with tx() as s:
        admin = f.user(s, Role.PLATFORM_ADMIN)
        admin.display_name = "Ada Admin"
        staff = f.user(s, Role.PROPERTY_STAFF, community_id=f.community(s).id)
        shop = f.merchant(s)
        s.flush()
        return f.actor(s, admin), f.actor(s, staff), shop.id


def test_admins_read_the_log_newest_first_and_filter_it(tx, admin_and_shop):
    admin, staff, shop_id = admin_and_shop
    with tx() as s:
        points.grant(s, admin, f"merchant:{shop_id}", 100, "Spring market sponsor")
        points.revoke(s, admin, f"merchant:{shop_id}", 40, "Granted twice by mistake")
        for i in range(30):
            s.add(AuditEntry(actor_user_id=None, action="payout.run", subject=f"payout:{i}", detail="weekly"))
    with pytest.raises(PermissionDenied), tx() as s:
        audit_log.list_entries(s, staff)
    with tx() as s:
        first, total = audit_log.list_entries(s, admin, page_size=25)
        assert total == 32 and len(first) == 25
        assert first[0].subject == "payout:29" and first[0].who == "system"  # newest first
        second, _ = audit_log.list_entries(s, admin, page=2, page_size=25)
        assert [r.action for r in second][-2:] == ["points.revoke", "points.grant"]
        grants, n = audit_log.list_entries(s, admin, action="points.grant")
        assert n == 1 and grants[0].who == "Ada Admin" and "Spring market sponsor" in grants[0].detail
        found, n = audit_log.list_entries(s, admin, query="by mistake")
        assert n == 1 and found[0].action == "points.revoke"
        by_name, n = audit_log.list_entries(s, admin, query="ada")
        assert n == 2
        assert audit_log.actions(s, admin) == ["payout.run", "points.grant", "points.revoke"]
