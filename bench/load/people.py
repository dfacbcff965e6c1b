"""The bench's residents and merchants, in the bench's own database, made through the app's own
services: a logged-in session each (the demo resident and merchant log in through the real login
service; the others get their session from the accounts service, which is what a login ends in,
without paying argon2 500 times), and a paid order for every resident (cart, checkout, payment
event) so each has an order page to open and each shop's merchants have orders to accept.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlmodel import select

from community_hub.accounts import auth, sessions
from community_hub.core.db import engine_for, session_scope
from community_hub.marketplace import cart, checkout
from community_hub.marketplace.orders import payment_events
from community_hub.models import (
    Community,
    Household,
    HouseholdMember,
    Merchant,
    Product,
    User,
    UserRole,
)
from community_hub.models.accounts import Role, UserStatus
from community_hub.models.base import utcnow

DEMO_PASSWORD = "demo-pass-1"  # published with the demo (community_hub/seed)


@dataclass
class Resident:
    user_id: int
    session: str  # the hub_session cookie value
    order_id: int = 0


@dataclass
class MerchantUser:
    user_id: int
    session: str
    shop_slug: str
    to_accept: list[int] = field(default_factory=list)  # paid orders this merchant will accept


@dataclass
class People:
    residents: list[Resident]
    merchants: list[MerchantUser]
    shops: list[str]  # slugs


def make_people(db_url: str, n_residents: int, n_merchants: int) -> People:
    eng = engine_for(db_url)
    try:
        with session_scope(eng) as db:
            community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
            homes = db.exec(select(Household).where(Household.community_id == community.id)).all()
            shops = db.exec(select(Merchant).order_by(Merchant.id)).all()
            # The bench's shops never run out: every resident's order and add-to-cart must find stock.
            db.exec(update(Product).values(stock=1_000_000).where(Product.stock.is_not(None)))
            pw_hash = db.exec(select(User.password_hash).where(User.email == "resident@demo.hub")).one()
            run = uuid.uuid4().hex[:6]
            residents = [Resident(*_login(db, "resident@demo.hub"))]
            for i in range(n_residents - 1):
                u = _user(db, f"bench-{run}-r{i}@load.test", f"Resident {i}", pw_hash)
                db.add(UserRole(user_id=u.id, role=Role.RESIDENT, community_id=community.id))
                db.add(HouseholdMember(household_id=homes[i % len(homes)].id, user_id=u.id, relation="tenant"))
                db.flush()
                residents.append(Resident(u.id, sessions._open_session(db, u, "127.0.0.1", utcnow())[0]))
            corner = next(s for s in shops if s.slug == "corner-grocer")
            merchants = [MerchantUser(*_login(db, "merchant@demo.hub"), corner.slug)]
            for i in range(n_merchants - 1):
                shop = shops[(i + 1) % len(shops)]
                u = _user(db, f"bench-{run}-m{i}@load.test", f"Merchant {i}", pw_hash)
                db.add(UserRole(user_id=u.id, role=Role.MERCHANT, merchant_id=shop.id))
                db.flush()
                merchants.append(MerchantUser(u.id, sessions._open_session(db, u, "127.0.0.1", utcnow())[0], shop.slug))
        _paid_orders(eng, residents, merchants, shops)
        return People(residents, merchants, [s.slug for s in shops])
    finally:
        eng.dispose()


def _login(db, email: str) -> tuple[int, str]:
    token, actor = auth.login(db, identifier=email, password=DEMO_PASSWORD, client_ip="127.0.0.1")
    return actor.user_id, token


def _user(db, email: str, name: str, pw_hash: str) -> User:
    u = User(email=email, display_name=name, password_hash=pw_hash, status=UserStatus.ACTIVE, verified_at=utcnow())
    db.add(u)
    db.flush()
    return u


def _paid_orders(eng, residents: list[Resident], merchants: list[MerchantUser], shops: list[Merchant]) -> None:
    """Resident i orders at shop i mod shops (pickup, card); the payment event marks it paid."""
    by_slug: dict[str, list[MerchantUser]] = {}
    for m in merchants:
        by_slug.setdefault(m.shop_slug, []).append(m)
    for start in range(0, len(residents), 50):  # 50 residents per transaction
        with session_scope(eng) as db:
            for i, r in enumerate(residents[start:start + 50], start):
                shop = shops[i % len(shops)]
                actor = sessions.actor_for_token(db, r.session)
                product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.available)
                                  .order_by(Product.price_minor.desc())).first()
                cart.add_to_cart(db, actor, product.id, quantity=max(1, -(-shop.min_order_minor // product.price_minor)))
                order = checkout.place_order(db, actor, shop.id, idempotency_key=uuid.uuid4().hex,
                                             payment_method="card", fulfilment="pickup")
                payment_events.mark_paid(db, order.id, f"bench-{order.id}")
                r.order_id = order.id
                staff = by_slug.get(shop.slug)
                if staff:
                    staff[(i // len(shops)) % len(staff)].to_accept.append(order.id)
