"""Checkout contention on PostgreSQL: 50 residents place an order for the same last items at the
same instant, each through the real checkout service (`checkout.place_order`, as the checkout page
calls it: the Actor from the resident's session token, one transaction per order). Counts orders
per second and proves the shop sold exactly its stock: never more, never a negative count.

The buyers run in `processes` processes (one per core by default), as the app's requests run in
its workers: in one process the 50 buyer threads shared one interpreter lock, so the figure was
that process's Python speed, not the database's handling of the rush (docs/PROFILE.md)."""

from __future__ import annotations

import multiprocessing
import os
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
from community_hub.payment_hooks import register_payment_hooks
from community_hub.service_threads import service_threads

WORKER_THREADS = service_threads()  # an app worker's service threads (state/shared/service_call.py)


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


def run_contention(db_url: str, sessions_of_buyers: list[str], *, stock: int = 30, rounds: int = 3,
                   processes: int = 0) -> Contention:
    processes = processes or os.cpu_count() or 1
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
            outcomes, seconds = _rush(db_url, sessions_of_buyers, shop_id, processes)
            result.seconds += seconds
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


def _buy(db_url: str, token: str, shop_id: int) -> str:
    try:
        with session_scope(engine_for(db_url)) as db:
            actor = sessions.actor_for_token(db, token)
            # Held through the commit, as the app's run_as holds what it returns: the commit's
            # partner events find the order in the session instead of reading it again.
            order = checkout.place_order(db, actor, shop_id, idempotency_key=uuid.uuid4().hex,
                                         payment_method="card", fulfilment="pickup")
        return "ok" if order.id else "no order"
    except ServiceError as exc:
        return "sold out" if exc.code == "stock" else f"refused: {exc.message}"


def _buyers(db_url: str, tokens: list[str], shop_id: int, start, done) -> None:
    """One process's buyers, as an app worker serves them: every order asked at once, served by
    the worker's pool of service threads (asyncio.to_thread's default size)."""
    engine_for(db_url).dispose(close=False)  # the parent's pooled connections are not this process's
    register_payment_hooks()  # as in an app worker: an order's partner events are written with it
    threads = min(len(tokens), WORKER_THREADS)
    with ThreadPoolExecutor(threads) as pool:
        for _ in pool.map(_warm, [db_url] * threads):  # connections open before the start
            pass
        start.wait()
        for outcome in pool.map(lambda token: _buy(db_url, token, shop_id), tokens):
            done.put(outcome)


def _warm(db_url: str) -> None:
    with session_scope(engine_for(db_url)) as db:
        db.exec(select(1)).one()


def _rush(db_url: str, tokens: list[str], shop_id: int, processes: int) -> tuple[list[str], float]:
    """Every buyer at once across `processes` processes; the time from the start to the last answer."""
    ctx = multiprocessing.get_context("fork")
    shares = [share for share in (tokens[i::processes] for i in range(processes)) if share]
    start, done = ctx.Barrier(len(shares) + 1), ctx.Queue()
    procs = [ctx.Process(target=_buyers, args=(db_url, share, shop_id, start, done)) for share in shares]
    for proc in procs:
        proc.start()
    start.wait(timeout=120)
    t0 = time.perf_counter()
    outcomes = [done.get(timeout=120) for _ in tokens]
    seconds = time.perf_counter() - t0
    for proc in procs:
        proc.join(timeout=30)
    return outcomes, seconds
