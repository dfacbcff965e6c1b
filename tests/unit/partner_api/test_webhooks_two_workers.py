"""Two app workers post webhooks at the same moment (each runs the delivery loop, as N Granian
workers do): every delivery reaches its receiver once, and each endpoint still gets its events in
order. PostgreSQL, where the workers share deliveries through FOR UPDATE SKIP LOCKED."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func
from sqlmodel import select

from community_hub.core.db import make_engine
from community_hub.marketplace import cart, checkout, orders
from community_hub.models.partner_api import WebhookDelivery
from community_hub.partner_api import webhook_delivery, webhooks
from tests.unit.partner_api.receiver import Receiver
from tests.unit.shopping.steps import pay

ENDPOINTS, ORDERS = 3, 4


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_two_workers_post_every_delivery_once_and_in_order(engine, tx, db, shop):
    receiver = Receiver()
    receiver.delay = 0.05
    receiver.start()
    try:
        for n in range(ENDPOINTS):
            with tx() as s:
                new = webhooks.register_endpoint(s, shop["owner"], shop["merchant"], f"{receiver.url}/{n}")
            receiver.secrets[f"/hooks/{n}"] = new.secret
        for n in range(ORDERS):
            with tx() as s:
                cart.add_to_cart(s, shop["resident"], shop["product"], 1)
                oid = checkout.place_order(s, shop["resident"], shop["merchant"], idempotency_key=f"two-hooks-{n}",
                                           payment_method="card", address="A-1").id
            pay(tx, shop["resident"], oid)
            with tx() as s:
                orders.accept_order(s, shop["owner"], oid)
        expected = db.exec(select(func.count()).select_from(WebhookDelivery)).one()
        assert expected == ENDPOINTS * ORDERS * 3
        url = engine.url.render_as_string(hide_password=False)
        start, errors, posted = threading.Barrier(2), [], Counter()

        def app_worker(name: str):
            eng = make_engine(url)
            try:
                start.wait(timeout=60)
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline and sum(posted.values()) < expected:
                    n = webhook_delivery.deliver_due(eng)
                    posted[name] += n
                    if n == 0:
                        time.sleep(0.02)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                eng.dispose()

        workers = [threading.Thread(target=app_worker, args=(f"w{i}",)) for i in range(2)]
        for t in workers:
            t.start()
        for t in workers:
            t.join(timeout=180)
        assert errors == []
        # Each endpoint takes one delivery at a time, so which worker posts how many is up to timing;
        # what must hold is that together they posted each delivery once.
        assert sum(posted.values()) == expected
        assert receiver.refused_signatures == 0
        assert len(receiver.accepted_at) == expected == len(set(receiver.accepted_at))
        for n in range(ENDPOINTS):
            seqs = [int(i.rsplit("_", 1)[1]) for p, i in receiver.accepted_at if p == f"/hooks/{n}"]
            assert seqs == sorted(seqs) and len(seqs) == ORDERS * 3
    finally:
        receiver.stop()
