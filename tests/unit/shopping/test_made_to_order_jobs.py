"""Two app workers run housekeeping at once (as tests/unit/test_jobs_two_workers.py does for the
other jobs): each made-to-order deposit due back is released once, and each unpaid balance is
reminded once. PostgreSQL, where the workers share rows through FOR UPDATE SKIP LOCKED."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from community_hub import housekeeping
from community_hub.core.db import make_engine
from community_hub.marketplace import cart, checkout, orders
from community_hub.marketplace.made_to_order import terms, work
from community_hub.models.base import utcnow
from community_hub.models.orders import Order
from community_hub.models.payments import Payment, Refund
from community_hub.payments import ledger_report
from tests.unit.shopping.steps import pay

EACH = 4


def _deposit_orders(tx, shop, n: int, start: int) -> list[int]:
    oids = []
    for i in range(n):
        with tx() as db:
            cart.add_to_cart(db, shop["resident"], shop["product"], 1)
        with tx() as db:
            oids.append(checkout.place_order(db, shop["resident"], shop["merchant"], idempotency_key=f"mto-jobs-{start + i}",
                                             payment_method="card", address="A-1").id)
        pay(tx, shop["resident"], oids[-1])
    return oids


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_two_workers_release_each_deposit_and_remind_each_balance_once(engine, tx, db, shop):
    with tx() as s:
        terms.set_product_terms(s, shop["owner"], shop["product"], True, "30")
    rejected = _deposit_orders(tx, shop, EACH, 0)
    for oid in rejected:
        with tx() as s:
            orders.reject_order(s, shop["owner"], oid, "the oven broke")
    waiting = _deposit_orders(tx, shop, EACH, 100)
    for oid in waiting:
        with tx() as s:
            work.start_work(s, shop["owner"], oid)
        with tx() as s:
            work.request_balance(s, shop["owner"], oid, now=utcnow() - timedelta(hours=25))
    url = engine.url.render_as_string(hide_password=False)
    start = threading.Barrier(2)
    passes: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def app_worker():
        eng = make_engine(url)
        try:
            start.wait(timeout=60)
            passes.append(housekeeping.run_once(eng))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            eng.dispose()

    workers = [threading.Thread(target=app_worker) for _ in range(2)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=600)
    assert errors == [] and len(passes) == 2
    total = Counter()
    for counts in passes:
        assert min(counts.values()) >= 0, counts
        total.update(counts)
    assert total["made-to-order deposits released"] == EACH
    assert total["made-to-order balances reminded"] == EACH
    db.expire_all()
    for oid in rejected:
        payment = db.exec(select(Payment).where(Payment.purpose == f"deposit:order-{oid}")).one()
        assert db.exec(select(func.count()).where(Refund.payment_id == payment.id)).one() == 1
        assert db.get(Order, oid).deposit_state == "released"
    assert all(db.get(Order, oid).balance_reminded_at is not None for oid in waiting)
    assert ledger_report.check_ledger(db).ok
    again = housekeeping.run_once(engine)
    assert again["made-to-order deposits released"] == again["made-to-order balances reminded"] == 0
