"""A small marketplace world for the marketplace tests: one community, shops around it, people.

`engine` is overridden here with the same two databases as tests/conftest.py but a cheaper reset
(tests/engines.py `copied_and_emptied`); the schema carries the search index.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from community_hub.core.geo import offset
from community_hub.core.permissions import Actor
from community_hub.marketplace.search import ensure_search_index
from community_hub.models import Community, Merchant, Role
from tests import engines
from tests import factories as f

_sqlite_template, _pg_engine, engine = engines.copied_and_emptied("market", ensure_search_index)


@dataclass
class World:
    community: Community
    shop: Merchant  # 400 m north, approved, grocery
    resident: Actor
    resident2: Actor
    merchant: Actor  # owns `shop`
    other_merchant: Actor  # owns a different shop
    admin: Actor


@pytest.fixture
def world(engine, tx) -> World:
    ensure_search_index(engine)
    with tx() as db:
        c = f.community(db, lat=40.0, lon=-75.0)
        lat, lon = offset(40.0, -75.0, 400, 0)
        shop = f.merchant(db, lat=lat, lon=lon)
        shop.delivery_fee_minor, shop.delivery_radius_m = 300, 2000
        other = f.merchant(db, lat=lat, lon=lon)
        h = f.household(db, c.id)
        r1 = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h.id)
        r2 = f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id)
        m = f.user(db, Role.MERCHANT, merchant_id=shop.id)
        om = f.user(db, Role.MERCHANT, merchant_id=other.id)
        a = f.user(db, Role.PLATFORM_ADMIN)
        return World(c, shop, f.actor(db, r1), f.actor(db, r2), f.actor(db, m), f.actor(db, om), f.actor(db, a))


def fresh(db, model, ident):
    """Read a row as it is now (the probe session may hold an older copy)."""
    db.expire_all()
    return db.get(model, ident)
