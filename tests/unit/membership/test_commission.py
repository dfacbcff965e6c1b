"""Commission through the ledger: a referred member's order, once signed, earns each agent up the
chain its ratio of the platform's fee (pending), available after the freeze window, paid with the
payout run; refunds reverse it pro rata even after it became available; a suspended agent's level
is skipped and nothing is redistributed; plans apply to orders placed afterwards; card fees earn
too. The statement always equals the ledger."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import cart, checkout, orders
from community_hub.membership import (
    activation,
    agent_console,
    agents,
    commission,
    commission_payouts,
    commission_plans,
    referral,
)
from community_hub.membership.common import SYSTEM
from community_hub.models import Role
from community_hub.models.base import utcnow
from community_hub.models.orders import Order
from community_hub.models.payments import Payout
from community_hub.models.referrals import CommissionLine, CommissionPlan
from community_hub.payments import ledger, ledger_report, refunds
from community_hub.payments.membership_postings import platform_fee_net
from tests import factories as f
from tests.unit.membership.conftest import MOBILE, default_plan, make_agent
from tests.unit.shopping.steps import deliver, pay


@pytest.fixture
def chain(tx, club) -> dict:
    """Agent A at the top, agent B recruited by A, member M referred by B; a shop selling at 12.00."""
    a = make_agent(tx, club["admin"])
    b = make_agent(tx, club["admin"], referred_by=a["user_id"])
    with tx() as db:
        m = f.merchant(db)
        product = f.product(db, m.id, price_minor=1200, stock=50)
        owner = f.actor(db, f.user(db, Role.MERCHANT, merchant_id=m.id))
        member = f.user(db, Role.RESIDENT, community_id=club["community"],
                        household_id=f.household(db, club["community"]).id)
        bound = referral.bind_at_sign_up(db, member.id, referral.code_of(db, b["user_id"]))
        assert bound.referrer_id == b["user_id"] and "referred by" in str(bound.message)
        return {**club, "a": a, "b": b, "member": f.actor(db, member), "merchant": m.id, "product": product.id,
                "owner": owner}


_keys = iter(range(10_000))


def _order(tx, w, qty: int = 2) -> int:
    with tx() as db:
        cart.add_to_cart(db, w["member"], w["product"], qty)
        return checkout.place_order(db, w["member"], w["merchant"], idempotency_key=f"key-{next(_keys):05d}",
                                    payment_method="card", address="A-1").id


def _signed_order(tx, w, qty: int = 2) -> tuple[int, int]:
    oid = _order(tx, w, qty)
    pid = pay(tx, w["member"], oid)
    deliver(tx, w["owner"], oid)
    with tx() as db:
        orders.sign_order(db, w["member"], oid)
    return oid, pid


def _lines(db, oid) -> dict[int, CommissionLine]:
    db.expire_all()
    return {ln.level: ln for ln in db.exec(select(CommissionLine).where(CommissionLine.source == f"order:{oid}"))}


def _agrees_with_ledger(db, agent_id: int) -> None:
    db.expire_all()  # the probe session reads the rows as they are now
    st = agent_console.statement_of(db, agent_id, "USD")
    pending, payable, paid = agent_console.ledger_totals(db, agent_id, "USD")
    assert (st.pending_minor, st.available_minor, st.paid_minor) == (pending, payable, paid)
    assert st.owed_minor == payable


def test_a_signed_order_pays_both_levels_after_the_freeze_window(tx, db, chain):
    default_plan(tx, chain["admin"], ratios=(1000, 500), cap=2000)
    oid, _pid = _signed_order(tx, chain)
    fee = platform_fee_net(db, f"order:{oid}", "USD")
    assert fee == 120  # 5 % of 24.00
    lines = _lines(db, oid)
    assert {lv: (ln.agent_id, ln.amount_minor, ln.state) for lv, ln in lines.items()} == {
        1: (chain["b"]["agent_id"], 12, "pending"), 2: (chain["a"]["agent_id"], 6, "pending")}
    assert str(commission.explain(lines[2])) == f"2nd level, order #{oid}, 5 % of $1.20 fee"
    assert ledger.owed_to(db, f"agent:{chain['b']['agent_id']}", "USD") == 0  # frozen: nothing to pay yet
    for who in ("a", "b"):
        _agrees_with_ledger(db, chain[who]["agent_id"])

    signed = db.get(Order, oid).signed_at
    with tx() as s:
        assert commission_payouts.run_agent_payouts(s, SYSTEM, signed + timedelta(days=6)) == []
    with tx() as s:
        runs = commission_payouts.run_agent_payouts(s, SYSTEM, signed + timedelta(days=7, minutes=1))
    assert sorted((r.agent_id, r.amount_minor, r.outcome) for r in runs) == sorted(
        [(chain["b"]["agent_id"], 12, "sent"), (chain["a"]["agent_id"], 6, "sent")])
    assert {ln.state for ln in _lines(db, oid).values()} == {"paid"}
    for who in ("a", "b"):
        _agrees_with_ledger(db, chain[who]["agent_id"])
        with tx() as s:
            st = agent_console.statement(s, chain[who]["actor"])
        assert st.paid_minor == (12 if who == "b" else 6) and st.owed_minor == 0
    assert ledger_report.check_ledger(db).ok


def test_a_refund_after_payout_reverses_pro_rata_and_is_netted(tx, db, chain):
    default_plan(tx, chain["admin"], ratios=(1000, 500), cap=2000)
    oid, pid = _signed_order(tx, chain, qty=10)  # 120.00, fee 6.00: 60 and 30
    signed = db.get(Order, oid).signed_at
    with tx() as s:
        commission_payouts.run_agent_payouts(s, SYSTEM, signed + timedelta(days=8))
    with tx() as s:
        refunds.refund_payment(s, chain["owner"], pid, 6000, reason="half returned")
    lines = _lines(db, oid)
    assert (lines[1].amount_minor, lines[2].amount_minor) == (30, 15)
    b_owner = f"agent:{chain['b']['agent_id']}"
    assert ledger.owed_to(db, b_owner, "USD") == -30  # paid 60, earned 30: owes 30 until netted
    _agrees_with_ledger(db, chain["b"]["agent_id"])
    # The next order's commission is netted against it.
    oid2, _ = _signed_order(tx, chain, qty=10)
    with tx() as s:
        runs = commission_payouts.run_agent_payouts(s, SYSTEM, db.get(Order, oid2).signed_at + timedelta(days=8))
    assert {(r.agent_id, r.amount_minor) for r in runs} == {(chain["b"]["agent_id"], 30), (chain["a"]["agent_id"], 15)}
    for who in ("a", "b"):
        _agrees_with_ledger(db, chain[who]["agent_id"])
    assert ledger_report.check_ledger(db).ok


def test_a_full_refund_while_pending_takes_it_all_back(tx, db, chain):
    default_plan(tx, chain["admin"], ratios=(1000, 500), cap=2000)
    oid, pid = _signed_order(tx, chain)
    with tx() as s:
        refunds.refund_payment(s, chain["owner"], pid)
    assert {lv: ln.amount_minor for lv, ln in _lines(db, oid).items()} == {1: 0, 2: 0}
    assert ledger.balance_of(db, "commissions_pending", f"agent:{chain['b']['agent_id']}", "USD") == 0
    with tx() as s:
        assert commission_payouts.run_agent_payouts(s, SYSTEM, utcnow() + timedelta(days=30)) == []
    with tx() as s:  # a replayed refund hook changes nothing
        commission.reconcile(s, f"order:{oid}")
    assert len(db.exec(select(Payout)).all()) == 0 and ledger_report.check_ledger(db).ok


def test_a_suspended_agents_level_is_skipped_and_nothing_is_redistributed(tx, db, chain):
    default_plan(tx, chain["admin"], ratios=(1000, 500), cap=2000)
    with tx() as s:
        agents.set_status(s, chain["admin"], chain["b"]["agent_id"], "suspended", "Complaints under review")
    oid, _ = _signed_order(tx, chain)
    lines = _lines(db, oid)
    assert list(lines) == [2] and lines[2].amount_minor == 6  # A keeps 5 %, B's 10 % goes to nobody
    with tx() as s:
        agents.set_status(s, chain["admin"], chain["b"]["agent_id"], "active", "")
    oid2, _ = _signed_order(tx, chain)
    assert sorted(_lines(db, oid2)) == [1, 2]


def test_a_plan_change_applies_to_orders_placed_afterwards(tx, db, chain):
    default_plan(tx, chain["admin"], ratios=(1000, 500), cap=2000)
    before = _order(tx, chain)
    default_plan(tx, chain["admin"], ratios=(2000,), cap=2000)
    later = _order(tx, chain)
    for oid in (before, later):
        pay(tx, chain["member"], oid)
        deliver(tx, chain["owner"], oid)
        with tx() as s:
            orders.sign_order(s, chain["member"], oid)
    assert {lv: ln.amount_minor for lv, ln in _lines(db, before).items()} == {1: 12, 2: 6}
    assert {lv: ln.amount_minor for lv, ln in _lines(db, later).items()} == {1: 24}


def test_no_plan_no_commission_and_members_who_are_not_agents_earn_nothing(tx, db, chain):
    oid, _ = _signed_order(tx, chain)
    assert _lines(db, oid) == {}
    default_plan(tx, chain["admin"], ratios=(1000, 500, 500), cap=2000)
    with tx() as s:  # a plain member refers someone: the member earns nothing, A (3 up) still does
        child = f.user(s, Role.RESIDENT, community_id=chain["community"])
        referral.bind_at_sign_up(s, child.id, referral.code_of(s, chain["member"].user_id))
        child_actor = f.actor(s, child)
    w = {**chain, "member": child_actor}
    oid2, _ = _signed_order(tx, w)
    lines = _lines(db, oid2)
    assert sorted(lines) == [2, 3] and lines[3].agent_id == chain["a"]["agent_id"]


@pytest.mark.parametrize("ratios, cap, message", [
    ((1500, 600), 2000, "more than the cap"),
    ((), 2000, "1 to 3 levels"),
    ((100, 100, 100, 100), 2000, "1 to 3 levels"),
    ((-1,), 2000, "basis points"),
    ((100,), 10001, "basis points"),
])
def test_bad_plans_are_refused(tx, db, club, ratios, cap, message):
    with pytest.raises(ServiceError, match=message), tx() as s:
        commission_plans.set_plan(s, club["admin"], None, ratios_bps=list(ratios), cap_bps=cap)
    with pytest.raises(PermissionDenied), tx() as s:
        commission_plans.set_plan(s, club["resident"], None, ratios_bps=[100], cap_bps=200)
    assert db.exec(select(CommissionPlan)).all() == []


def test_the_cap_trims_the_deepest_level_first():
    assert commission.amounts(999, {1: 1000, 2: 1000}, 2000) == {1: 100, 2: 99}
    assert commission.amounts(100, {1: 5000, 3: 5000}, 6000) == {1: 50, 3: 10}
    assert commission.amounts(0, {1: 1000}, 1000) == {1: 0}


def test_card_fees_earn_commission_up_the_chain(tx, db, chain):
    default_plan(tx, chain["admin"], ratios=(1000, 500), cap=2000, programme_id=chain["programme"])
    with tx() as s:
        step = activation.buy_online(s, chain["member"], chain["gold"], "mobile", MOBILE)
    with tx() as s:
        activation.pay_card_fee(s, chain["member"], step.payment_id, "4242424242424242")
    lines = db.exec(select(CommissionLine).where(CommissionLine.source == f"card_fee:{step.activation_id}")).all()
    assert sorted((ln.level, ln.amount_minor) for ln in lines) == [(1, 250), (2, 125)]
    assert "card fee #" in str(commission.explain(lines[0]))
    with tx() as s:  # an admin refunds the fee: the commission goes back with it
        refunds.refund_payment(s, chain["admin"], step.payment_id)
    db.expire_all()
    assert sum(ln.amount_minor for ln in db.exec(select(CommissionLine))) == 0
    assert ledger_report.check_ledger(db).ok


def test_the_console_shows_referred_members_and_the_chain_below(tx, db, chain):
    default_plan(tx, chain["admin"])
    _signed_order(tx, chain)
    with tx() as s:
        [ref] = agent_console.referred_members(s, chain["b"]["actor"])
        below = agent_console.chain_below(s, chain["a"]["actor"])
    assert ref.orders == 1 and ref.spend_minor == 2400
    assert [(r.depth, r.is_agent, r.referred_count) for r in below] == [(1, True, 1), (2, False, 0)]
    with tx() as s:  # a shop owner B referred: the shop's sales show on B's console
        owner = f.user(s, Role.MERCHANT, merchant_id=chain["merchant"])
        referral.bind_at_sign_up(s, owner.id, referral.code_of(s, chain["b"]["user_id"]))
        [shop] = agent_console.referred_merchants(s, chain["b"]["actor"])
    assert (shop.orders, shop.sales_minor) == (1, 2400)
    with pytest.raises(ServiceError), tx() as s:
        agent_console.statement(s, chain["member"])


def test_admins_read_any_agents_statement_and_nobody_else_does(tx, db, chain):
    default_plan(tx, chain["admin"])
    _signed_order(tx, chain)
    with tx() as s:
        st = agent_console.agent_statement(s, chain["admin"], chain["b"]["agent_id"])
    assert st.pending_minor == 12 and "1st level" in st.lines[0].explanation
    with pytest.raises(PermissionDenied), tx() as s:
        agent_console.agent_statement(s, chain["a"]["actor"], chain["b"]["agent_id"])
