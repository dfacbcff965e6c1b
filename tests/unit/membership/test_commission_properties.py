"""Any sequence of orders paid, settled (signed) and refunded, agents suspended and reinstated,
and payout runs keeps every agent's commission equal to the rules recomputed from scratch, the
statement equal to the ledger, and the ledger balanced (hypothesis, on both databases).

The oracle below is written independently of membership/commission.py: per order it remembers the
plan in force, which agents of the buyer's chain were active when it settled, the platform's fee
at settlement and each refund's share of that fee, and recomputes each level's commission."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.membership import (
    agent_console,
    commission,
    commission_payouts,
    commission_plans,
    referral,
)
from community_hub.membership.common import SYSTEM
from community_hub.models import Role
from community_hub.models.base import utcnow
from community_hub.models.orders import Order
from community_hub.models.referrals import Agent, AgentStatus, CommissionLine
from community_hub.payments import ledger, ledger_postings, ledger_report
from tests import factories as f

_n = itertools.count(1)
FEE_BPS = 500  # the default service fee (no FeeRatio set)


def _half_up(num: int, den: int) -> int:
    return (2 * num + den) // (2 * den)


@dataclass
class OrderModel:
    buyer: int  # index into the buyers
    gross: int
    refunded_before: int = 0
    settled: bool = False
    fee: int = 0
    fee_back: int = 0
    refunded_after: int = 0
    paying: dict[int, tuple[int, int]] = field(default_factory=dict)  # level -> (agent index, bps)
    cap: int = 0

    def expected(self) -> dict[int, int]:
        """Each paying level's commission now: ratio of the fee net of refunds, capped, deepest trimmed first."""
        fee = max(0, min(self.fee, self.fee - self.fee_back))
        out = {lv: _half_up(fee * bps, 10000) for lv, (_a, bps) in self.paying.items()}
        room = fee * self.cap // 10000
        for lv in sorted(out, reverse=True):
            over = sum(out.values()) - room
            if over > 0:
                out[lv] -= min(over, out[lv])
        return out


events = st.lists(st.one_of(
    st.tuples(st.just("order"), st.integers(0, 2), st.integers(1, 20_000)),
    st.tuples(st.just("settle"), st.integers(0, 7)),
    st.tuples(st.just("refund"), st.integers(0, 7), st.integers(1, 100)),  # a percentage of what is left
    st.tuples(st.just("suspend"), st.integers(0, 2)),
    st.tuples(st.just("payout"), st.sampled_from([0, 8])),  # days after now: nothing due, or all due
), min_size=5, max_size=22)
plans = st.integers(1, 3).flatmap(lambda depth: st.tuples(
    st.lists(st.integers(0, 3000), min_size=depth, max_size=depth), st.integers(0, 3000)))


def _world(engine, ratios: list[int], extra_cap: int) -> dict:
    """Agents 0 <- 1 <- 2 (each recruited by the previous), buyers bound to agents 2, 1 and nobody."""
    with session_scope(engine) as db:
        admin = f.actor(db, f.user(db, Role.PLATFORM_ADMIN))
        merchant = f.merchant(db)
        agent_users, agent_ids, previous = [], [], None
        for i in range(3):
            u = f.user(db, Role.RESIDENT)
            if previous is not None:
                referral.bind_at_sign_up(db, u.id, referral.code_of(db, previous))
            a = Agent(user_id=u.id, name=f"Agent {i}", payout_provider="demo", payout_destination=f"acct_prop{u.id}")
            db.add(a)
            db.flush()
            agent_users.append(u.id)
            agent_ids.append(a.id)
            previous = u.id
        buyers = []
        for referrer in (agent_users[2], agent_users[1], None):
            u = f.user(db, Role.RESIDENT)
            if referrer is not None:
                referral.bind_at_sign_up(db, u.id, referral.code_of(db, referrer))
            buyers.append(u.id)
        commission_plans.set_plan(db, admin, None, ratios_bps=ratios, cap_bps=min(10000, sum(ratios) + extra_cap))
        return {"admin": admin, "merchant": merchant.id, "agent_users": agent_users, "agents": agent_ids,
                "buyers": buyers}


def _chain_of(buyer: int, depth: int) -> list[int]:
    """Agent indexes up the chain of each buyer (buyer 0 -> agents 2, 1, 0; buyer 1 -> 1, 0; buyer 2 -> none)."""
    return {0: [2, 1, 0], 1: [1, 0], 2: []}[buyer][:depth]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(plan=plans, sequence=events)
def test_commission_always_equals_the_rules_and_the_ledger(engine, demo, plan, sequence):
    ratios, extra_cap = plan
    w = _world(engine, ratios, extra_cap)
    cap = min(10000, sum(ratios) + extra_cap)
    active = [True, True, True]
    model: dict[int, OrderModel] = {}  # order id -> its model
    ids: list[int] = []
    for ev in sequence:
        kind = ev[0]
        with session_scope(engine) as db:
            if kind == "order":
                o = Order(user_id=w["buyers"][ev[1]], merchant_id=w["merchant"], state="paid", currency="USD",
                          total_minor=ev[2], idempotency_key=f"prop-{next(_n)}")
                db.add(o)
                db.flush()
                ledger_postings.order_paid(db, reference=f"order:{o.id}", source=f"payment:p{o.id}", amount_minor=ev[2],
                                           currency="USD", provider="demo")
                model[o.id] = OrderModel(ev[1], ev[2])
                ids.append(o.id)
            elif kind == "settle" and ids:
                oid = ids[ev[1] % len(ids)]
                m = model[oid]
                if m.settled:
                    continue
                o = db.get(Order, oid)
                o.state, o.signed_at = "signed", utcnow()
                db.add(o)
                ledger_postings.order_settled(db, reference=f"order:{oid}", merchant_id=w["merchant"],
                                              category="grocery", currency="USD")
                commission.on_order_transition(db, o, "delivered", "signed")
                held = m.gross - m.refunded_before
                m.settled, m.fee, m.cap = True, _half_up(held * FEE_BPS, 10000) if held > 0 else 0, cap
                m.paying = {lv: (a, ratios[lv - 1]) for lv, a in enumerate(_chain_of(m.buyer, len(ratios)), start=1)
                            if active[a] and ratios[lv - 1] > 0}
                if m.fee <= 0:
                    m.paying = {}
            elif kind == "refund" and ids:
                oid = ids[ev[1] % len(ids)]
                m = model[oid]
                left = m.gross - m.refunded_before - m.refunded_after
                amount = left * ev[2] // 100
                if amount <= 0:
                    continue
                ledger_postings.refund(db, reference=f"order:{oid}", source=f"refund:r{next(_n)}", amount_minor=amount,
                                       currency="USD", provider="demo")
                commission.reconcile(db, f"order:{oid}")
                if not m.settled:
                    m.refunded_before += amount
                else:
                    held_at_settle = m.gross - m.refunded_before
                    m.fee_back += min(m.fee, _half_up(amount * m.fee, held_at_settle))
                    m.refunded_after += amount
            elif kind == "suspend":
                a = ev[1]
                active[a] = not active[a]
                row = db.get(Agent, w["agents"][a])
                row.status = AgentStatus.ACTIVE if active[a] else AgentStatus.SUSPENDED
                db.add(row)
            elif kind == "payout":
                commission_payouts.run_agent_payouts(db, SYSTEM, utcnow() + timedelta(days=ev[1]))

    with session_scope(engine) as db:
        assert ledger_report.check_ledger(db).ok
        expected_per_agent = {a: 0 for a in range(3)}
        for oid, m in model.items():
            lines = {ln.level: ln for ln in db.exec(select(CommissionLine).where(CommissionLine.source == f"order:{oid}"))}
            want = {lv: amt for lv, amt in m.expected().items()} if m.settled else {}
            got = {lv: ln.amount_minor for lv, ln in lines.items()}
            assert {lv: v for lv, v in got.items() if v or lv in want} == {lv: v for lv, v in want.items() if v or lv in got}, oid
            for lv, ln in lines.items():
                assert ln.agent_id == w["agents"][m.paying[lv][0]]
                expected_per_agent[m.paying[lv][0]] += ln.amount_minor
        for a, agent_id in enumerate(w["agents"]):
            earned = sum(ln.amount_minor for ln in db.exec(select(CommissionLine).where(CommissionLine.agent_id == agent_id)))
            assert earned == expected_per_agent[a]
            st_ = agent_console.statement_of(db, agent_id, "USD")
            pending, payable, paid = agent_console.ledger_totals(db, agent_id, "USD")
            assert (st_.pending_minor, st_.available_minor, st_.paid_minor) == (pending, payable, paid)
            assert pending + payable + paid == earned  # every cent earned is frozen, owed or paid
            assert ledger.owed_to(db, f"agent:{agent_id}", "USD") == payable
