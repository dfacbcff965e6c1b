"""The public API (/api/v1) served by the app's own Starlette routes on the test's database (SQLite
and PostgreSQL through `engine`), a shop with its owner, another shop, a resident, and keys.
The fixtures `api` and `shop` are in tests/api/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

from starlette.testclient import TestClient

from community_hub.api.app import build_api
from community_hub.core.config import load_settings, override_settings
from community_hub.marketplace import cart, checkout
from community_hub.models import Role
from community_hub.models.orders import Fulfilment
from community_hub.partner_api import keys
from community_hub.partner_api.scopes import SCOPES
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from tests import factories as f
from tests.unit.shopping.steps import pay


def serve_api(engine) -> Iterator[TestClient]:
    url = engine.url.render_as_string(hide_password=False)
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "test-secret", "REFLEX_DB_URL": url}))
    registry.use_provider(DemoProvider("whsec_test_" + "d4" * 16))
    with TestClient(build_api()) as client:
        yield client
    registry.reset()


class Shop:
    """A shop as a partner meets it: its ids, and keys made by its owner."""

    def __init__(self, tx):
        self.tx = tx
        with tx() as db:
            c = f.community(db)
            m, other = f.merchant(db), f.merchant(db)
            self.merchant, self.other_merchant = m.id, other.id
            self.product = f.product(db, m.id, price_minor=1200, stock=9).id
            self.other_product = f.product(db, other.id).id
            self.owner = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=m.id))
            self.rival = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=other.id))
            self.resident = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id,
                                               household_id=f.household(db, c.id).id))
        self._orders = 0

    def key(self, *scopes: str, rival: bool = False, mode: str = "live") -> dict[str, str]:
        """Headers carrying a new key of the shop (or of the other shop) with these scopes (all by default)."""
        who, merchant = (self.rival, self.other_merchant) if rival else (self.owner, self.merchant)
        with self.tx() as db:
            new = keys.create_key(db, who, merchant, name="Test till", scopes=list(scopes or SCOPES), mode=mode)
        return {"Authorization": f"Bearer {new.secret}"}

    def paid_order(self, quantity: int = 2, fulfilment: str = Fulfilment.DELIVERY) -> int:
        """The resident orders `quantity` of the product and pays by card (12.00 each)."""
        self._orders += 1
        with self.tx() as db:
            cart.add_to_cart(db, self.resident, self.product, quantity)
            order = checkout.place_order(db, self.resident, self.merchant, idempotency_key=f"api-order-{self._orders}",
                                         payment_method="card", address="A-1", fulfilment=fulfilment)
        pay(self.tx, self.resident, order.id)
        return order.id

