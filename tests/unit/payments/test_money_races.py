"""Money under concurrency: two partial refunds of one payment, two payouts of one balance.
Threads start together at a barrier (as the checkout race test does); each runs on SQLite and on
PostgreSQL, where nothing serialises the writers but our own locks."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.models.payments import Payment, Payout, PayoutStatus, Refund
from community_hub.payments import intents, ledger, ledger_report, payouts, refunds
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from tests.unit.payments.helpers import WEBHOOK_SECRET, deliver, event, fresh


def _paid(tx, people, purpose: str, amount: int) -> Payment:
    with tx() as db:
        p = intents.start_payment(db, people.resident, purpose=purpose, amount_minor=amount,
                                  payee=f"merchant:{people.merchant_id}")
    with tx() as db:
        intents.confirm_payment(db, people.resident, p.id, "4242424242424242")
    return p


def _together(n: int, work) -> list[BaseException]:
    """Run work(i) in n threads released at once; the exceptions they raised."""
    start, errors = threading.Barrier(n), []

    def run(i: int) -> None:
        start.wait()
        try:
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


class _SlowRefunds(DemoProvider):
    """The demo provider, except that a refund answers only when the test says so: the window in
    which our refund is on record and the provider has not answered yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked, self.answer = threading.Event(), threading.Event()

    def refund(self, *args, **kwargs):
        self.asked.set()
        assert self.answer.wait(20)
        return super().refund(*args, **kwargs)


def test_a_refund_answered_while_another_refund_lands_keeps_both(tx, db, people):
    """The shop refunds 10.00; while the provider is answering, a refund of 7.00 made in the
    provider's dashboard arrives by webhook and is recorded. Both must count: the payment shows
    17.00 refunded (it used to show 10.00, adding to what it had read before the webhook)."""
    provider = _SlowRefunds(WEBHOOK_SECRET)
    registry.use_provider(provider)
    p = _paid(tx, people, "order:1", 3000)
    errors: list[BaseException] = []

    def shop_refund() -> None:
        try:
            with tx() as s:
                refunds.refund_payment(s, people.merchant, p.id, 1000, reason="one item missing")
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    shop = threading.Thread(target=shop_refund)
    shop.start()
    assert provider.asked.wait(20)
    raw, sig = event("charge.refund.updated", {
        "id": "re_dashboard_1", "object": "refund", "payment_intent": p.provider_id, "amount": 700,
        "currency": "usd", "status": "succeeded", "metadata": {}})
    assert deliver(tx, raw, sig).status == "processed"
    provider.answer.set()
    shop.join(30)
    assert errors == []
    row = fresh(db, Payment, p.id)
    assert row.refunded_minor == 1700, "the payment must show both refunds, not the last one applied"
    assert sorted(r.amount_minor for r in db.exec(select(Refund)).all()) == [700, 1000]
    assert ledger.paid_net(db, "order:1", "USD") == 1300
    assert ledger_report.check_ledger(db).ok


def test_two_admins_paying_out_the_same_balance_send_one_payout(tx, db, people, demo):
    _paid(tx, people, "order:1", 10_000)
    with tx() as s:
        intents.settle_order(s, "order:1")
    with tx() as s:
        payouts.set_payout_account(s, people.merchant, people.merchant_id, "acct_demo_shop1")
    owed = ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD")
    assert owed > 0

    def pay_out(_: int) -> None:
        with tx() as s:
            payouts.send_payout(s, people.admin, people.merchant_id)

    errors = _together(3, pay_out)
    assert all(isinstance(e, ServiceError) and e.code == "nothing_to_pay" for e in errors), errors
    sent = db.exec(select(Payout)).all()
    assert len(sent) == 1 and sent[0].status == PayoutStatus.SENT and sent[0].amount_minor == owed
    assert ledger.owed_to(db, f"merchant:{people.merchant_id}", "USD") == 0
    assert ledger_report.check_ledger(db).ok
    # The provider moved the money once: one transfer in its records.
    with demo._txn() as store:
        assert store.execute("SELECT count(*) FROM objects WHERE kind = 'transfer'").fetchone()[0] == 1


def test_the_database_refuses_a_second_pending_payout_for_a_shop(tx, db, people):
    owner = f"merchant:{people.merchant_id}"
    with tx() as s:
        s.add(Payout(owner=owner, amount_minor=100, currency="USD", provider="demo", destination="acct_x1",
                     idempotency_key="k1"))
    try:
        with tx() as s:
            s.add(Payout(owner=owner, amount_minor=100, currency="USD", provider="demo", destination="acct_x1",
                         idempotency_key="k2"))
    except Exception as exc:  # noqa: BLE001 - the driver's IntegrityError
        assert "uq_payout_one_pending" in str(exc) or "UNIQUE" in str(exc).upper()
    else:
        raise AssertionError("a second pending payout for the same shop was stored")
    with tx() as s:  # a sent one does not count
        s.exec(text("update payout set status = 'sent'"))
        s.add(Payout(owner=owner, amount_minor=100, currency="USD", provider="demo", destination="acct_x1",
                     idempotency_key="k3"))


def test_money_refused_once_is_applied_by_an_admin_when_it_can_be_taken(tx, db, people, demo):
    """A success hook that refuses (here the first time only) leaves the money in suspense; the
    admin's "apply" gives it to what it paid for, through the normal posting, exactly once."""
    from community_hub.payments import held, hooks
    from community_hub.payments.ledger_report import check_ledger

    calls: list[int] = []

    def refuse_first_time(s, payment) -> None:
        calls.append(payment.id)
        if len(calls) == 1:
            raise ServiceError("the order was busy")

    hooks.clear_hooks()
    hooks.on_payment_succeeded("order", refuse_first_time)
    p = _paid(tx, people, "order:9", 1800)
    assert fresh(db, Payment, p.id).held_reason == "the order was busy"
    assert ledger.held_in_suspense(db, "order:9", "USD") == 1800
    assert ledger.held_in_escrow(db, "order:9", "USD") == 0
    with tx() as s:
        held.apply_held_payment(s, people.admin, p.id)
    with pytest.raises(ServiceError, match="not held"), tx() as s:
        held.apply_held_payment(s, people.admin, p.id)
    assert fresh(db, Payment, p.id).held_reason == ""
    assert ledger.held_in_suspense(db, "order:9", "USD") == 0
    assert ledger.held_in_escrow(db, "order:9", "USD") == 1800
    assert ledger.paid_net(db, "order:9", "USD") == 1800
    assert check_ledger(db).ok and len(calls) == 2
