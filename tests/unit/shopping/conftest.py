"""Shop orders paid through the demo provider: the provider for every test here and a placed order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from community_hub.marketplace import cart, checkout
from community_hub.models import Role
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from tests import factories as f


@pytest.fixture(autouse=True)
def demo() -> Iterator[DemoProvider]:
    provider = DemoProvider("whsec_test_" + "b2" * 16)
    registry.use_provider(provider)
    yield provider
    registry.reset()


@pytest.fixture
def shop(tx) -> dict:
    """A shop (its id under "merchant") with its owner and a product at 12.00, a resident with a
    household and one without, and a platform admin."""
    with tx() as db:
        c = f.community(db)
        m = f.merchant(db)
        p = f.product(db, m.id, price_minor=1200, stock=9)
        resident = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id,
                                       household_id=f.household(db, c.id).id))
        other = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id))
        owner = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=m.id))
        admin = f.actor(db, f.user(db, Role.PLATFORM_ADMIN))
        return {"resident": resident, "other": other, "owner": owner, "admin": admin, "product": p.id,
                "merchant": m.id}


@pytest.fixture
def world(tx, shop) -> dict:
    """`shop` with an order of two of its product placed by the resident (its id under "order_id")."""
    with tx() as db:
        cart.add_to_cart(db, shop["resident"], shop["product"], 2)
        order = checkout.place_order(db, shop["resident"], shop["merchant"], idempotency_key="test-key-123",
                                     payment_method="card", address="A-1")
        return {**shop, "order_id": order.id}
