"""A shop with its owner, another shop, a resident and the demo payment provider, for the public
API's services (keys, events, product and order moves)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from community_hub.models import Role
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from tests import factories as f


@pytest.fixture(autouse=True)
def demo() -> Iterator[DemoProvider]:
    provider = DemoProvider("whsec_test_" + "c3" * 16)
    registry.use_provider(provider)
    yield provider
    registry.reset()


@pytest.fixture
def shop(tx) -> dict:
    with tx() as db:
        c = f.community(db)
        m, other_m = f.merchant(db), f.merchant(db)
        p = f.product(db, m.id, price_minor=1200, stock=9)
        owner = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=m.id))
        rival = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=other_m.id))
        resident = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id))
        return {"merchant": m.id, "other_merchant": other_m.id, "product": p.id, "owner": owner, "rival": rival,
                "resident": resident}
