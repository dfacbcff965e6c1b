"""Two app workers run the same background jobs at the same moment, as N Granian workers do (each
runs the outbox and housekeeping loops): every outbox message is delivered once, and every order
is signed, settled or refunded and every request expired once. Two threads, each with its own
engine (its own connections), released together; not timed. PostgreSQL, where the workers share
work through FOR UPDATE SKIP LOCKED; SQLite's single writer is covered by the ordinary tests."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func
from sqlmodel import select

from community_hub import housekeeping
from community_hub.core.config import load_settings, override_settings
from community_hub.core.db import make_engine
from community_hub.marketplace import cart, checkout, demands, orders
from community_hub.models import Channel, InboxItem, OutboxMessage, OutboxStatus, Role
from community_hub.models.base import utcnow
from community_hub.models.demands import Demand
from community_hub.models.orders import OrderEvent
from community_hub.models.payments import Payment, PaymentStatus, Refund
from community_hub.notify import outbox, worker
from community_hub.payments import ledger_report
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from tests import factories as f
from tests.throwaway import free_port
from tests.unit.shopping.steps import deliver, pay

EACH = 8  # orders (or requests) of each kind: enough that both workers meet in every step


class _Mailbox:
    def __init__(self):
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.message_ids.append(message_from_bytes(envelope.content)["Message-ID"])
        return "250 OK"


@pytest.fixture
def mailbox() -> Iterator[_Mailbox]:
    box, port = _Mailbox(), free_port()
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "test-secret",
                                     "HUB_SMTP_URL": f"smtp://127.0.0.1:{port}"}))
    registry.use_provider(DemoProvider("whsec_test_" + "d4" * 16))
    yield box
    registry.reset()
    server.stop()


def _arrange(tx) -> dict[str, list[int]]:
    """Orders due for each housekeeping step, requests past their expiry, and their messages."""
    with tx() as db:
        c = f.community(db)
        m = f.merchant(db)
        product = f.product(db, m.id, price_minor=1200, stock=100).id
        resident = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id))
        owner = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=m.id))
        shop = m.id

    def paid_order(n: int) -> int:
        with tx() as db:
            cart.add_to_cart(db, resident, product, 1)
            oid = checkout.place_order(db, resident, shop, idempotency_key=f"two-workers-{n}",
                                       payment_method="card", address="A-1").id
        pay(tx, resident, oid)
        return oid

    def delivered(oid: int) -> int:
        return deliver(tx, owner, oid)

    to_sign = [delivered(paid_order(n)) for n in range(EACH)]
    to_settle = [delivered(paid_order(100 + n)) for n in range(EACH)]
    for oid in to_settle:
        with tx() as db:
            orders.sign_order(db, resident, oid)
    to_refund = [paid_order(200 + n) for n in range(EACH)]
    for oid in to_refund:
        with tx() as db:
            orders.cancel_order(db, resident, oid, "changed my mind")
    with tx() as db:
        to_expire = [demands.post_demand(db, resident, category="grocery", title=f"Ice {n}", fulfilment="pickup",
                                         expires_in_hours=1).id for n in range(EACH)]
    with tx() as db:  # and mail waiting to go out
        for n in range(3 * EACH):
            outbox.enqueue(db, template="welcome", to=f"neighbour{n}@example.test", name=f"Neighbour {n}")
    return {"sign": to_sign, "settle": to_settle, "refund": to_refund, "expire": to_expire}


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_two_workers_do_every_job_exactly_once(engine, tx, db, mailbox):
    due = _arrange(tx)
    url = engine.url.render_as_string(hide_password=False)
    later = utcnow() + timedelta(hours=49)  # past the 48 h hold and the 1 h before books close
    start = threading.Barrier(2)
    passes: list[dict[str, int]] = []
    sent: list[int] = []
    errors: list[BaseException] = []

    def app_worker():
        eng = make_engine(url)  # a worker process has its own engine and connections
        try:
            start.wait(timeout=60)
            passes.append(housekeeping.run_once(eng, later))
            while True:  # the outbox loop, until nothing is left for this worker
                done = worker.deliver_due(eng, limit=5)
                sent.append(done["sent"])
                if not any(done.values()):
                    break
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

    # What the two passes report adds up to each job once (not twice, not missed).
    total = Counter()
    for counts in passes:
        assert min(counts.values()) >= 0, counts  # no step failed
        total.update(counts)
    assert total["orders auto-signed"] == EACH
    assert total["orders settled"] == EACH
    assert total["ended paid orders refunded"] == EACH
    assert total["requests expired"] == EACH

    db.expire_all()
    # Each order moved once: one "signed" event for the auto-signed ones, one "settled" each.
    def events(oids: list[int], to_state: str) -> Counter:
        return Counter(db.exec(select(OrderEvent.order_id).where(OrderEvent.order_id.in_(oids),
                                                                 OrderEvent.to_state == to_state)).all())

    assert events(due["sign"], "signed") == Counter({oid: 1 for oid in due["sign"]})
    assert events(due["settle"], "settled") == Counter({oid: 1 for oid in due["settle"]})
    # Each cancelled order refunded once, in full.
    for oid in due["refund"]:
        payment = db.exec(select(Payment).where(Payment.purpose == f"order:{oid}")).one()
        assert db.exec(select(func.count()).where(Refund.payment_id == payment.id)).one() == 1
        assert payment.status == PaymentStatus.REFUNDED and payment.refunded_minor == payment.captured_minor
    assert {d.state for d in db.exec(select(Demand).where(Demand.id.in_(due["expire"])))} == {"expired"}
    assert ledger_report.check_ledger(db).ok

    # Every message delivered once: the mailbox got each email once, the inbox each in-app one.
    messages = db.exec(select(OutboxMessage)).all()
    assert messages and {m.status for m in messages} == {OutboxStatus.SENT}
    assert {m.attempts for m in messages} == {1}  # claimed by one worker, once
    emails = [m for m in messages if m.channel == Channel.EMAIL]
    assert sorted(mailbox.message_ids) == sorted(f"<outbox-{m.id}@community-hub.local>" for m in emails)
    in_app = [m.id for m in messages if m.channel == Channel.IN_APP]
    assert sorted(db.exec(select(InboxItem.outbox_id)).all()) == sorted(in_app)
    assert sum(sent) == len(messages)

    # A later pass of either worker finds nothing left to do.
    again = housekeeping.run_once(engine, later)
    assert again["orders auto-signed"] == again["orders settled"] == again["requests expired"] == 0
    assert again["ended paid orders refunded"] == 0


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_two_workers_settle_each_parking_booking_and_sale_once(engine, tx, db, tmp_path, monkeypatch):
    """Neighbour sharing's steps: bookings paid out, deposits kept for unpaid balances, lapsed
    holds ended and unconfirmed sales released — each by one of two workers, once; the owner is
    paid exactly what is due."""
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    from community_hub.models.sharing import BookingStatus, ItemStatus, ParkingBooking, SharedItem
    from community_hub.payments import ledger
    from community_hub.sharing import conversations, item_deals, item_money, items
    from community_hub.sharing import settings as sharing_settings
    from tests.images import PNG
    from tests.unit.sharing.booking_steps import CARD, book, book_and_pay, tomorrow_at
    from tests.unit.sharing.people import residents
    from tests.unit.sharing.slots import share_slot

    registry.use_provider(DemoProvider("whsec_test_" + "e5" * 16))
    try:
        _, (owner, renter) = residents(tx, 2)
        whole, quarter, holds = (share_slot(tx, owner, deposit_bps=10000), share_slot(tx, owner),
                                 share_slot(tx, owner))
        paid = [book_and_pay(tx, renter, whole, tomorrow_at(h), 1) for h in range(EACH)]
        kept = [book_and_pay(tx, renter, quarter, tomorrow_at(h), 1) for h in range(EACH)]
        lapsed = [book(tx, renter, holds, tomorrow_at(h), 1) for h in range(EACH)]
        with tx() as s:  # sales paid and never confirmed: released to the seller after 72 h
            sharing_settings.set_sharing_settings(s, f.actor(s, f.user(s, Role.PLATFORM_ADMIN)), fee_bps=0,
                                                  max_active_posts=EACH + 3)
        sold = []
        for n in range(EACH):
            with tx() as s:
                sold.append(items.post_item(s, owner, kind="sell", title=f"Lamp {n}", price="5.00",
                                            photos=[("lamp.png", PNG)]).id)
            with tx() as s:
                conversations.ask_about(s, renter, sold[-1], "Mine?")
            with tx() as s:
                item_deals.reserve(s, owner, sold[-1], renter.user_id)
            with tx() as s:
                item_money.pay_item(s, renter, sold[-1], CARD)
        url = engine.url.render_as_string(hide_password=False)
        later = tomorrow_at(0) + timedelta(days=4)
        start = threading.Barrier(2)
        passes: list[dict[str, int]] = []
        errors: list[BaseException] = []

        def app_worker():
            eng = make_engine(url)
            try:
                start.wait(timeout=60)
                passes.append(housekeeping.run_once(eng, later))
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
        assert total["parking bookings paid out"] == EACH
        assert total["parking deposits kept for unpaid balances"] == EACH
        assert total["parking holds expired"] == EACH
        assert total["item sales released after 72 h"] == EACH
        db.expire_all()

        def statuses(ids):
            return {b.status for b in db.exec(select(ParkingBooking).where(ParkingBooking.id.in_(ids)))}

        assert statuses(paid) == {BookingStatus.PAID_OUT} and statuses(kept) == {BookingStatus.FORFEITED}
        assert statuses(lapsed) == {BookingStatus.EXPIRED}
        assert {i.status for i in db.exec(select(SharedItem).where(SharedItem.id.in_(sold)))} == {ItemStatus.COMPLETED}
        # 2.00 an hour: each whole-price booking pays 200, each kept deposit (25%) 50, each sale 500; fee 0.
        assert ledger.owed_to(db, f"resident:{owner.user_id}", "USD") == EACH * (200 + 50 + 500)
        assert ledger_report.check_ledger(db).ok
        again = housekeeping.run_once(engine, later)
        assert again["parking bookings paid out"] == again["parking deposits kept for unpaid balances"] == 0
        assert again["item sales released after 72 h"] == 0
    finally:
        registry.reset()
