"""Made-to-order goods and services (issue 20): a deposit at checkout, the balance when the shop
says it is ready, cancellations under the shop's rule; every step one balanced ledger transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from community_hub import housekeeping
from community_hub.core.errors import NotFound, ServiceError
from community_hub.marketplace import cart, checkout, order_payments, orders
from community_hub.marketplace.made_to_order import money, terms, work
from community_hub.models import Merchant, OutboxMessage, Product
from community_hub.models.base import utcnow
from community_hub.models.ledger import AccountKind, LedgerPosting, LedgerTransaction
from community_hub.models.orders import Order
from community_hub.models.payments import Payment
from community_hub.payments import ledger
from tests.unit.shopping.steps import CARD, pay


def _ledger_whole(db) -> None:
    """Every transaction balances, so the whole book does."""
    rows = db.exec(select(LedgerPosting.transaction_id, LedgerPosting.currency, func.sum(LedgerPosting.amount_minor))
                   .group_by(LedgerPosting.transaction_id, LedgerPosting.currency)).all()
    assert rows and all(total == 0 for _t, _c, total in rows)


def _kinds(db, reference: str) -> list[str]:
    return list(db.exec(select(LedgerTransaction.kind).where(LedgerTransaction.reference == reference)
                        .order_by(LedgerTransaction.id)))


@pytest.fixture
def cake(tx, shop) -> dict:
    """The shop's 30.00 cake, made to order with a 30 % deposit, in the resident's cart."""
    with tx() as db:
        p = db.get(Product, shop["product"])
        p.price_minor, p.stock = 3000, None
        db.add(p)
    with tx() as db:
        terms.set_product_terms(db, shop["owner"], shop["product"], True, "30")
    with tx() as db:
        cart.add_to_cart(db, shop["resident"], shop["product"], 1)
    return shop


def _order(tx, world: dict, key: str = "made-to-order-1") -> int:
    with tx() as db:
        return checkout.place_order(db, world["resident"], world["merchant"], idempotency_key=key,
                                    payment_method="card", address="A-1").id


def _paid(tx, world: dict) -> int:
    oid = _order(tx, world)
    pay(tx, world["resident"], oid)
    return oid


def _pay_balance(tx, resident, oid: int) -> int:
    with tx() as db:
        pid = money.start_balance_payment(db, resident, oid).id
    with tx() as db:
        order_payments.pay_order(db, resident, pid, CARD)
    return pid


def test_deposit_now_balance_when_ready_and_applied_at_completion(tx, db, cake):
    resident, owner = cake["resident"], cake["owner"]
    with tx() as s:
        totals = checkout.preview(s, resident, cake["merchant"])
    assert (totals.deposit_minor, totals.balance_minor, totals.total_minor) == (900, 2100, 3000)
    oid = _order(tx, cake)
    deposit_pid = pay(tx, resident, oid)
    db.expire_all()
    order = db.get(Order, oid)
    assert (order.state, order.deposit_minor, order.balance_minor, order.deposit_state) == ("paid", 900, 2100, "held")
    assert order.deposit_rule == "keep"
    assert db.get(Payment, deposit_pid).purpose == f"deposit:order-{oid}"
    assert db.get(Payment, deposit_pid).captured_minor == 900
    assert ledger.held_in_escrow(db, f"deposit:order-{oid}", "USD") == 900
    with tx() as s:
        with pytest.raises(ServiceError, match="not asked for the balance yet"):
            money.start_balance_payment(s, resident, oid)
    with tx() as s:
        work.start_work(s, owner, oid)
    with pytest.raises(ServiceError, match="not paid yet"):  # refused: the whole step rolls back
        with tx() as s:
            orders.send_out(s, owner, oid, "Cory Courier", "555-0100")
    db.expire_all()
    assert db.get(Order, oid).state == "preparing"
    with tx() as s:
        work.request_balance(s, owner, oid)
    note = db.exec(select(OutboxMessage).where(OutboxMessage.user_id == resident.user_id,
                                               OutboxMessage.link == f"/orders/{oid}")
                   .order_by(OutboxMessage.id.desc())).first()
    assert "Pay the balance of $21.00" in note.body
    with tx() as s:
        with pytest.raises(ServiceError, match="already been asked"):
            work.request_balance(s, owner, oid)
    balance_pid = _pay_balance(tx, resident, oid)
    db.expire_all()
    assert db.get(Payment, balance_pid).captured_minor == 2100
    assert db.get(Order, oid).balance_paid_at is not None
    with tx() as s:  # paying twice is refused, and nothing is charged
        with pytest.raises(ServiceError, match="already paid"):
            money.start_balance_payment(s, resident, oid)
    assert db.exec(select(func.count(Payment.id)).where(Payment.purpose == f"order:{oid}")).one() == 1
    with tx() as s:
        orders.send_out(s, owner, oid, "Cory Courier", "555-0100")
    with tx() as s:
        orders.mark_delivered(s, owner, oid)
    with tx() as s:
        orders.sign_order(s, resident, oid)
    db.expire_all()
    assert db.get(Order, oid).deposit_state == "applied"
    assert _kinds(db, f"deposit:order-{oid}") == ["deposit_held", "deposit_applied"]
    assert ledger.held_in_escrow(db, f"deposit:order-{oid}", "USD") == 0
    assert ledger.held_in_escrow(db, f"order:{oid}", "USD") == 0
    shop = f"merchant:{cake['merchant']}"
    fees = -ledger.balance_of(db, AccountKind.PLATFORM_REVENUE, "platform", "USD")
    assert ledger.owed_to(db, shop, "USD") + fees == 3000  # the whole price reached the shop, less the fee
    _ledger_whole(db)


def test_deposit_rounds_half_up_per_line():
    assert [terms.percent_text(b) for b in (3000, 1250, 10000, 0)] == ["30", "12.5", "100", ""]
    assert terms.line_deposit(1005, 2500) == 251  # 251.25
    assert terms.line_deposit(1010, 1500) == 152  # 151.5
    made = Product(merchant_id=1, name="x", price_minor=1010, made_to_order=True, deposit_bps=1500)
    plain = Product(merchant_id=1, name="y", price_minor=500)
    assert terms.split([(made, 1010), (plain, 500)], 1510) == (652, 858)  # the plain line is paid now
    full = Product(merchant_id=1, name="z", price_minor=500, made_to_order=True, deposit_bps=10000)
    assert terms.split([(full, 500)], 500) == (0, 0)  # 100 %: all now, as an ordinary order


def test_cancel_before_work_starts_releases_the_deposit(tx, db, cake):
    resident = cake["resident"]
    oid = _paid(tx, cake)
    with tx() as s:
        said = work.cancel_terms(s, resident, oid)
    assert said.deposit_back and "refunds your deposit of $9.00" in said.text
    with tx() as s:
        work.cancel(s, resident, oid, "changed my mind")
    db.expire_all()
    order = db.get(Order, oid)
    assert (order.state, order.deposit_state) == ("refunded", "released")
    assert _kinds(db, f"deposit:order-{oid}") == ["deposit_held", "deposit_released"]
    assert ledger.held_in_escrow(db, f"deposit:order-{oid}", "USD") == 0
    assert db.get(Product, cake["product"]).stock is None
    _ledger_whole(db)


def test_cancel_after_work_started_follows_the_shops_rule(tx, db, cake):
    resident, owner = cake["resident"], cake["owner"]
    oid = _paid(tx, cake)
    with tx() as s:
        work.start_work(s, owner, oid)
    with tx() as s:
        said = work.cancel_terms(s, resident, oid)
    assert not said.deposit_back and "keeps your deposit of $9.00" in said.text
    with tx() as s:
        work.cancel(s, resident, oid)
    db.expire_all()
    order = db.get(Order, oid)
    assert (order.state, order.deposit_state) == ("cancelled", "forfeited")
    assert _kinds(db, f"deposit:order-{oid}") == ["deposit_held", "deposit_forfeited"]
    assert ledger.owed_to(db, f"merchant:{cake['merchant']}", "USD") == 900
    housekeeping.run_once(db.get_bind())  # nothing to release: the shop kept it
    assert _kinds(db, f"deposit:order-{oid}") == ["deposit_held", "deposit_forfeited"]
    _ledger_whole(db)


def test_a_shop_that_refunds_after_start_refunds(tx, db, cake):
    resident, owner = cake["resident"], cake["owner"]
    with tx() as s:
        terms.set_deposit_rule(s, owner, cake["merchant"], "refund")
    oid = _paid(tx, cake)
    with tx() as s:
        terms.set_deposit_rule(s, owner, cake["merchant"], "keep")  # the order keeps the rule it was placed under
    with tx() as s:
        work.start_work(s, owner, oid)
    with tx() as s:
        assert work.cancel_terms(s, resident, oid).deposit_back
        work.cancel(s, resident, oid)
    db.expire_all()
    assert db.get(Order, oid).deposit_state == "released"
    _ledger_whole(db)


def test_a_rejected_order_has_its_deposit_released_once_by_the_job(tx, db, cake):
    oid = _paid(tx, cake)
    with tx() as s:
        orders.reject_order(s, cake["owner"], oid, "oven broken")
    db.expire_all()
    assert db.get(Order, oid).deposit_state == "release_due"
    housekeeping.run_once(db.get_bind())
    housekeeping.run_once(db.get_bind())
    db.expire_all()
    assert db.get(Order, oid).deposit_state == "released"
    assert _kinds(db, f"deposit:order-{oid}") == ["deposit_held", "deposit_released"]
    _ledger_whole(db)


def test_a_release_a_worker_never_finished_is_taken_up_again(tx, db, cake):
    """A worker died after putting the deposit's refund on record, before the provider answered:
    the order stays "releasing" until the job finds it stale and sends the same refund once."""
    oid = _paid(tx, cake)
    with tx() as s:
        orders.reject_order(s, cake["owner"], oid, "oven broken")
        order = s.get(Order, oid)
        order.deposit_state = "releasing"  # where the dead worker left it
        s.add(order)
    housekeeping.run_once(db.get_bind())
    db.expire_all()
    assert db.get(Order, oid).deposit_state == "releasing"  # a live worker may still be on it
    with tx() as s:
        assert money.release_due_deposits(s, now=utcnow() + money.STALE_RELEASE + timedelta(minutes=1)) == [oid]
    db.expire_all()
    assert db.get(Order, oid).deposit_state == "released"
    assert _kinds(db, f"deposit:order-{oid}") == ["deposit_held", "deposit_released"]
    _ledger_whole(db)


def test_an_unpaid_balance_is_reminded_once(tx, db, cake):
    resident, owner = cake["resident"], cake["owner"]
    oid = _paid(tx, cake)
    with tx() as s:
        work.start_work(s, owner, oid)
    with tx() as s:
        work.request_balance(s, owner, oid, now=utcnow() - timedelta(hours=25))
    with tx() as s:
        assert work.remind_unpaid_balances(s) == [oid]
    with tx() as s:
        assert work.remind_unpaid_balances(s) == []
    reminders = db.exec(select(OutboxMessage).where(OutboxMessage.user_id == resident.user_id,
                                                    OutboxMessage.body.contains("reminder"))).all()
    assert reminders


def test_refusals_change_nothing(tx, db, cake):
    owner, other = cake["owner"], cake["other"]
    with tx() as s:
        with pytest.raises(ServiceError, match="only for a product made to order"):
            terms.set_product_terms(s, owner, cake["product"], False, "30")
    for bad in ("0", "101", "abc", "12.345", ""):
        with tx() as s:
            with pytest.raises(ServiceError, match="deposit share"):
                terms.set_product_terms(s, owner, cake["product"], True, bad)
    with tx() as s:
        with pytest.raises(ServiceError, match="keeps or refunds"):
            terms.set_deposit_rule(s, owner, cake["merchant"], "maybe")
    db.expire_all()
    p = db.get(Product, cake["product"])
    assert (p.made_to_order, p.deposit_bps) == (True, 3000)
    assert db.get(Merchant, cake["merchant"]).deposit_rule == "keep"
    oid = _paid(tx, cake)
    with tx() as s:
        with pytest.raises(NotFound):
            money.start_balance_payment(s, other, oid)
        with pytest.raises(NotFound):
            work.cancel(s, other, oid)
    with tx() as s:
        with pytest.raises(ServiceError, match="Start work"):
            work.request_balance(s, owner, oid)
    with tx() as s:
        with pytest.raises(Exception):  # noqa: B017 - a resident is no shop
            work.start_work(s, cake["resident"], oid)
    db.expire_all()
    assert db.get(Order, oid).state == "paid"
    _ledger_whole(db)


def test_an_ordinary_order_has_no_deposit_steps(tx, db, world):
    with tx() as s:
        with pytest.raises(ServiceError, match="not made to order"):
            work.start_work(s, world["owner"], world["order_id"])
    assert db.get(Order, world["order_id"]).deposit_minor == 0


def test_a_pickup_order_ready_at_the_counter_can_still_ask_for_the_balance(tx, db, cake):
    resident, owner = cake["resident"], cake["owner"]
    with tx() as s:
        oid = checkout.place_order(s, resident, cake["merchant"], idempotency_key="made-to-order-pickup",
                                   payment_method="card", fulfilment="pickup").id
    pay(tx, resident, oid)
    with tx() as s:
        work.start_work(s, owner, oid)
    with tx() as s:
        orders.ready_for_pickup(s, owner, oid)
    code = db.get(Order, oid).pickup_code
    with pytest.raises(ServiceError, match="not paid yet"):
        with tx() as s:
            orders.mark_delivered(s, owner, oid, code)
    with tx() as s:
        work.request_balance(s, owner, oid)
    _pay_balance(tx, resident, oid)
    with tx() as s:
        orders.mark_delivered(s, owner, oid, code)
    db.expire_all()
    assert db.get(Order, oid).state == "delivered"
    _ledger_whole(db)


def test_a_dispute_decided_with_a_refund_gives_the_deposit_back_too(tx, db, cake):
    resident, owner, admin = cake["resident"], cake["owner"], cake["admin"]
    oid = _paid(tx, cake)
    with tx() as s:
        work.start_work(s, owner, oid)
    with tx() as s:
        work.request_balance(s, owner, oid)
    _pay_balance(tx, resident, oid)
    with tx() as s:
        orders.send_out(s, owner, oid, "Cory Courier", "555-0100")
    with tx() as s:
        orders.mark_delivered(s, owner, oid)
    with tx() as s:
        orders.dispute_order(s, resident, oid, "the cake is not the one ordered")
    with tx() as s:
        orders.resolve_dispute(s, admin, oid, refund=True, note="wrong cake")
    housekeeping.run_once(db.get_bind())
    db.expire_all()
    assert db.get(Order, oid).deposit_state == "released"
    assert ledger.held_in_escrow(db, f"deposit:order-{oid}", "USD") == 0
    assert ledger.held_in_escrow(db, f"order:{oid}", "USD") == 0
    _ledger_whole(db)


def test_the_shops_live_orders_move_when_the_balance_is_paid(tx, db, cake):
    """Paying the balance writes no timeline step; the shop's orders screen, open meanwhile, still
    shows "balance paid" without a reload because its version moves."""
    from community_hub.marketplace import shop_orders

    resident, owner = cake["resident"], cake["owner"]
    oid = _paid(tx, cake)
    with tx() as s:
        work.start_work(s, owner, oid)
    with tx() as s:
        work.request_balance(s, owner, oid)
    db.expire_all()
    before = shop_orders.orders_version(db, owner, cake["merchant"])
    _pay_balance(tx, resident, oid)
    db.expire_all()
    assert shop_orders.orders_version(db, owner, cake["merchant"]) != before


def test_the_shop_refunds_a_deposit_when_only_the_deposit_was_paid(tx, db, cake):
    """The shop's Refund on a made-to-order order whose balance is not paid yet gives the deposit
    back (it used to say the order had no payment to refund)."""
    from community_hub.marketplace import shop_orders

    owner = cake["owner"]
    oid = _paid(tx, cake)
    with tx() as s:
        refund = shop_orders.refund_order(s, owner, oid, reason="we cannot bake it this week")
    assert refund.amount_minor == 900
    db.expire_all()
    assert db.get(Order, oid).deposit_state == "released"
    assert ledger.held_in_escrow(db, f"deposit:order-{oid}", "USD") == 0
    _ledger_whole(db)
