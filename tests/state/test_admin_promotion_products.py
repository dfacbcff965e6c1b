"""The admin's promotion form picks products by name: the search lists approved products, one is
added (twice is once) and taken off again, and the saved campaign holds the picked product."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import select

from community_hub.accounts import auth
from community_hub.core.db import session_scope
from community_hub.models import Merchant, MerchantStatus, Product
from community_hub.models.base import utcnow
from community_hub.models.promotions import Promotion, PromotionItem
from community_hub.seed import DEMO_PASSWORD
from state.admin.promotions import AdminPromotionsState as S
from tests.state import harness


def _a_live_product() -> tuple[int, str, str]:
    """(id, name) of an approved product, and a session token of the demo's super admin."""
    with session_scope() as db:
        token = auth.login(db, identifier="admin@demo.hub", password=DEMO_PASSWORD)[0]
        p = db.exec(select(Product).join(Merchant, Merchant.id == Product.merchant_id)
                    .where(Product.live, Merchant.status == MerchantStatus.APPROVED).order_by(Product.id)).first()
        return p.id, p.name, token


def test_an_admin_picks_products_for_a_campaign(demo):
    product_id, name, token = _a_live_product()
    today = utcnow().date()

    async def run():
        async with harness.Server() as server:
            admin = await server.browser(token, path="/admin/promotions")
            await admin.send(S.event_handlers["load"], {})
            await admin.send(S.event_handlers["set_product_query"], {"value": name})
            await admin.send(S.event_handlers["search_products"], {})
            async with admin.root() as root:
                page = await root.get_state(S)
                found = [dict(p) for p in page.found_products]
            assert str(product_id) in [p["id"] for p in found], (found, page.error)
            for _twice in range(2):
                await admin.send(S.event_handlers["add_product"], {"product_id": str(product_id)})
            await admin.send(S.event_handlers["add_product"], {"product_id": "999999999"})  # not found: ignored
            async with admin.root() as root:
                assert [p["id"] for p in (await root.get_state(S)).promo_products] == [str(product_id)]
            await admin.send(S.event_handlers["create_promotion"], {"form": {
                "title": "Picked products week", "banner": "", "p_starts": today.isoformat(),
                "p_ends": (today + timedelta(days=3)).isoformat()}})
            async with admin.root() as root:
                page = await root.get_state(S)
                return page.error, page.notice, list(page.promo_products)

    error, notice, left = asyncio.run(run())
    assert not error, error
    assert "Picked products week" in notice and left == []
    with session_scope() as db:
        promo = db.exec(select(Promotion).where(Promotion.title == "Picked products week")).one()
        items = db.exec(select(PromotionItem.product_id).where(PromotionItem.promotion_id == promo.id)).all()
    assert list(items) == [product_id]
