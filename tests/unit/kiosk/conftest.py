"""A community with a paired lobby kiosk, a resident with a card, a shop and a demo provider."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from community_hub.kiosk import signing as kiosk_signing
from community_hub.models import KioskDevice, Role
from community_hub.models.kiosk_cards import MemberCard
from community_hub.models.kiosk_config import KioskBridgeConfig
from community_hub.models.orders import Fulfilment, Order, OrderLine, OrderState
from community_hub.payments import hooks
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from tests import engines
from tests import factories as f

SECRET = "kiosk-test-secret-0123456789"


# Same two databases as tests/conftest.py, reset cheaply (see tests/engines.py).
_sqlite_template, _pg_engine, engine = engines.copied_and_emptied("kiosk")


@dataclass
class World:
    kiosk: object  # Actor of the kiosk device account
    resident: object
    other_resident: object  # lives in another community
    community_id: int
    other_community_id: int
    merchant_id: int
    product_id: int
    barcode: str


@pytest.fixture(autouse=True)
def demo_provider() -> Iterator[DemoProvider]:
    registry.reset()
    hooks.clear_hooks()  # kiosk payments are tested without the order hooks; tests/conftest.py restores none
    provider = DemoProvider("whsec_kiosk_test")
    registry.use_provider(provider)
    yield provider
    registry.reset()


@pytest.fixture
def world(tx) -> World:
    with tx() as db:
        c = f.community(db)
        c2 = f.community(db)
        h = f.household(db, c.id)
        res = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h.id)
        other = f.user(db, Role.RESIDENT, community_id=c2.id, household_id=f.household(db, c2.id).id)
        kiosk_user = f.user(db, Role.KIOSK)
        k = KioskDevice(code="lobby-9", name="Lobby", community_id=c.id, user_id=kiosk_user.id)
        db.add(k)
        db.flush()
        db.add(KioskBridgeConfig(kiosk_id=k.id, pairing_token="tok", secret=SECRET))
        db.add(MemberCard(card_uid="CARD-RES", user_id=res.id))
        db.add(MemberCard(card_uid="CARD-OTHER", user_id=other.id))
        m = f.merchant(db)
        p = f.product(db, m.id, price_minor=1250)
        p.barcode = f"200{m.id:04d}00001"
        db.add(p)
        db.flush()
        return World(f.actor(db, kiosk_user), f.actor(db, res), f.actor(db, other), c.id, c2.id, m.id, p.id,
                     p.barcode)


def card_message(card: str, kiosk_id: str = "lobby-9", ts: int | None = None, secret: str = SECRET) -> dict:
    return kiosk_signing.sign(secret, {"card": card, "kiosk_id": kiosk_id}, ts or int(time.time()),
                              secrets.token_hex(16))


def terminal_message(payment_id: str, amount: int, currency: str, state: str = "approved",
                     ts: int | None = None, secret: str = SECRET) -> dict:
    body = {"state": state, "payment_id": payment_id, "amount": amount, "currency": currency,
            "kiosk_id": "lobby-9", "card_last4": "4242"}
    body.update({"auth_code": "A1B2C3"} if state == "approved" else {"decline_code": "generic_decline"})
    return kiosk_signing.sign(secret, body, ts or int(time.time()), secrets.token_hex(16))


def make_order(db, w: World, *, user_id: int | None = None, state: str = OrderState.PLACED,
               community_id: int | None = None, total: int = 1250) -> Order:
    o = Order(user_id=user_id or w.resident.user_id, merchant_id=w.merchant_id,
              community_id=community_id or w.community_id, state=state, fulfilment=Fulfilment.PICKUP,
              currency="USD", subtotal_minor=total, total_minor=total, pickup_code="ABC234",
              idempotency_key=secrets.token_hex(8))
    db.add(o)
    db.flush()
    db.add(OrderLine(order_id=o.id, product_id=w.product_id, name="Milk", unit_price_minor=total, quantity=1,
                     line_total_minor=total))
    db.flush()
    return o
