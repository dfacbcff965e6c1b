"""Checkout contention on PostgreSQL: 50 residents place an order for the same last items at the
same instant, each through the real checkout service (`checkout.place_order`, as the checkout page
calls it: the Actor from the resident's session token, one transaction per order). Counts orders
per second and proves the shop sold exactly its stock: never more, never a negative count."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from community_hub.accounts import sessions
from community_hub.core.db import engine_for, session_scope
from community_hub.core.errors import ServiceError
from community_hub.marketplace import cart, checkout
from community_hub.models import Community, Merchant, Product
from community_hub.models.orders import Order, OrderLine


@dataclass
class Contention:
    buyers: int
    stock: int
    rounds: int
    orders: int
    sold: int
    refused_sold_out: int
    other_errors: int
    seconds: float
    stock_left: int

    @property
    def orders_per_s(self) -> float:
        return self.orders / self.seconds if self.seconds else 0.0

    @property
    def oversold(self) -> int:
        return max(0, self.sold - self.stock * self.rounds) + max(0, -self.stock_left)


def run_contention(db_url: str, sessions_of_buyers: list[str], *, stock: int = 30, rounds: int = 3) -> Contention:
    eng = engine_for(db_url)
    try:
        with session_scope(eng) as db:
            home = db.exec(select(Community).where(Community.slug == "maple-court")).one()
            shop = Merchant(slug=f"last-loaf-{uuid.uuid4().hex[:6]}", name="Last Loaf Bakery", category="bakery",
                            lat=home.lat, lon=home.lon, status="approved", min_order_minor=0)
            db.add(shop)
            db.flush()
            product = Product(merchant_id=shop.id, name="The last sourdough", price_minor=1200, stock=stock)
            db.add(product)
            db.flush()
            shop_id, product_id = shop.id, product.id
        result = Contention(len(sessions_of_buyers), stock, rounds, 0, 0, 0, 0, 0.0, 0)
        for _ in range(rounds):
            with session_scope(eng) as db:
                db.get(Product, product_id).stock = stock  # the shop restocks the same few items
                for token in sessions_of_buyers:
                    cart.add_to_cart(db, sessions.actor_for_token(db, token), product_id, quantity=1)
            start = threading.Barrier(len(sessions_of_buyers))

            def buy(token: str, start: threading.Barrier = start) -> str:
                start.wait()
                try:
                    with session_scope(eng) as db:
                        actor = sessions.actor_for_token(db, token)
                        checkout.place_order(db, actor, shop_id, idempotency_key=uuid.uuid4().hex,
                                             payment_method="card", fulfilment="pickup")
                    return "ok"
                except ServiceError as exc:
                    return "sold out" if exc.code == "stock" else f"refused: {exc.message}"
            t0 = time.perf_counter()
            with ThreadPoolExecutor(len(sessions_of_buyers)) as pool:
                outcomes = list(pool.map(buy, sessions_of_buyers))
            result.seconds += time.perf_counter() - t0
            result.orders += outcomes.count("ok")
            result.refused_sold_out += outcomes.count("sold out")
            result.other_errors += len(outcomes) - outcomes.count("ok") - outcomes.count("sold out")
            with session_scope(eng) as db:  # what stays in carts would be bought next round: empty them
                for token in sessions_of_buyers:
                    actor = sessions.actor_for_token(db, token)
                    view = cart.view_cart(db, actor, shop_id)
                    for line in view.lines:
                        cart.remove_line(db, actor, line.line_id)
        with session_scope(eng) as db:
            result.sold = db.exec(select(func.coalesce(func.sum(OrderLine.quantity), 0))
                                  .join(Order, Order.id == OrderLine.order_id)
                                  .where(Order.merchant_id == shop_id)).one()
            result.stock_left = db.get(Product, product_id).stock
        return result
    finally:
        eng.dispose()
