"""A platform campaign may pick products by name (issue 18): only approved products of shops that
are not suspended are found or accepted, and the campaign's home strip shows them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import catalog, promotions
from community_hub.models import MerchantStatus
from community_hub.models.base import utcnow
from tests import factories as f


def test_admins_find_approved_products_by_name_and_show_them_in_the_campaign(world, tx, db):
    w = world
    now = utcnow()
    with tx() as s:
        bread = catalog.create_product(s, w.merchant, w.shop.id, name="Rye bread", price_minor=300)
        catalog.create_product(s, w.merchant, w.shop.id, name="Milk", price_minor=100)
        hidden = f.product(s, w.shop.id)
        hidden.name, hidden.live = "Bread in review", False
        suspended = f.merchant(s, status=MerchantStatus.SUSPENDED)
        banned = f.product(s, suspended.id)
        banned.name = "Banned bread"
        s.add_all([hidden, banned])
        bread_id, hidden_id, banned_id = bread.id, hidden.id, banned.id
    found = promotions.search_products(db, w.admin, "  BREAD ")
    assert [(i, name) for i, name, _shop in found] == [(bread_id, "Rye bread")]
    assert found[0][2] == w.shop.name
    assert promotions.search_products(db, w.admin, "") == [] and promotions.search_products(db, w.admin, "%") == []
    for who in (w.resident, w.merchant):
        with pytest.raises(PermissionDenied):
            promotions.search_products(db, who, "bread")
    for refused in (hidden_id, banned_id):
        with pytest.raises(ServiceError, match=f"Product #{refused} is not one you can put"), tx() as s:
            promotions.create_platform_promotion(s, w.admin, title="Bread days", starts_at=now - timedelta(hours=1),
                                                 ends_at=now + timedelta(days=3), product_ids=[refused])
    with tx() as s:
        promotions.create_platform_promotion(s, w.admin, title="Bread days", starts_at=now - timedelta(hours=1),
                                             ends_at=now + timedelta(days=3), product_ids=[bread_id])
    banners = promotions.home_banners(db, w.resident)
    assert [(b.title, [p.name for p in b.products]) for b in banners] == [("Bread days", ["Rye bread"])]
