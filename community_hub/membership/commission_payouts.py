"""Paying agents their commission with the payout run: lines out of their freeze window are
released first, then each active agent with a connected account is paid what the ledger says they
are owed (available commission net of reversals; a negative balance waits for the next
commission). The lines covered become paid. A suspended agent is not paid meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.membership import commission
from community_hub.membership.agents import own_agent
from community_hub.membership.common import SYSTEM, require_admin_or_system
from community_hub.models.base import utcnow
from community_hub.models.payments import Payout, PayoutStatus
from community_hub.models.referrals import Agent, AgentStatus, CommissionLine, CommissionState
from community_hub.payments import payouts


@dataclass(frozen=True)
class AgentPayoutRun:
    agent_id: int
    amount_minor: int
    currency: str
    outcome: str  # sent | failed
    message: str = ""
    payout_id: int | None = None


def _currencies(db: Session, agent_id: int) -> list[str]:
    return sorted(set(db.exec(select(CommissionLine.currency).where(CommissionLine.agent_id == agent_id)).all()))


def mark_paid(db: Session, agent_id: int, currency: str, released_by: datetime) -> int:
    """Every line released by the run's time is now covered by the payout just sent (its amount,
    with any reversal netted, was in what the ledger said was owed)."""
    n = 0
    for line in db.exec(select(CommissionLine).where(
            CommissionLine.agent_id == agent_id, CommissionLine.currency == currency,
            CommissionLine.state.in_([CommissionState.AVAILABLE, CommissionState.PAID]),
            CommissionLine.released_at <= released_by)).all():
        if line.state == CommissionState.AVAILABLE or line.paid_minor != line.amount_minor:
            line.state, line.paid_minor = CommissionState.PAID, line.amount_minor
            db.add(line)
            n += 1
    db.flush()
    return n


def run_agent_payouts(db: Session, actor: Actor, now: datetime | None = None) -> list[AgentPayoutRun]:
    require_admin_or_system(actor)
    now = now or utcnow()
    commission.release_due(db, now)
    results = []
    for agent in db.exec(select(Agent).where(Agent.status == AgentStatus.ACTIVE, Agent.payout_destination != "")
                         .order_by(Agent.id)).all():
        owner = f"agent:{agent.id}"
        for cur in _currencies(db, agent.id):
            due = payouts.payout_available(db, owner, cur)
            if due <= 0:
                continue
            try:
                payout = payouts.send_owner_payout(db, actor, owner, agent.name, cur, agent.payout_provider,
                                                   agent.payout_destination, due)
            except ServiceError as exc:
                results.append(AgentPayoutRun(agent.id, due, cur, "failed", exc.message))
                if exc.keep:
                    db.commit()
                continue
            if payout.status == PayoutStatus.SENT:
                mark_paid(db, agent.id, cur, now)
            results.append(AgentPayoutRun(agent.id, due, cur, "sent" if payout.status == PayoutStatus.SENT else "failed",
                                          payout.failure_message, payout.id))
    return results


@dataclass(frozen=True)
class PayoutRow:
    id: int
    amount_minor: int
    currency: str
    status: str  # pending | sent | failed
    failure_message: str
    requested_at: datetime
    sent_at: datetime | None


def my_payouts(db: Session, actor: Actor) -> list[PayoutRow]:
    """The payouts sent (or being sent) to the agent, newest first."""
    agent = own_agent(db, actor)
    rows = db.exec(select(Payout).where(Payout.owner == f"agent:{agent.id}")
                   .order_by(Payout.created_at.desc(), Payout.id.desc())).all()
    return [PayoutRow(p.id, p.amount_minor, p.currency, p.status, p.failure_message, p.created_at, p.sent_at)
            for p in rows]


def request_payout(db: Session, actor: Actor, now: datetime | None = None) -> list[AgentPayoutRun]:
    """The agent asks to be paid now what is available (instead of waiting for the payout run):
    the same steps as the run, for this agent only. Refused while suspended, without a connected
    account, or with nothing available."""
    agent = own_agent(db, actor)
    if agent.status != AgentStatus.ACTIVE:
        raise ServiceError(phrase("A suspended agent is not paid out; ask the platform why."), code="suspended")
    if not agent.payout_destination:
        raise ServiceError(phrase("Connect the account your commission goes to first."), code="no_payout_account")
    now = now or utcnow()
    commission.release_due(db, now)
    results = []
    for cur in _currencies(db, agent.id):
        due = payouts.payout_available(db, f"agent:{agent.id}", cur)
        if due <= 0:
            continue
        payout = payouts.send_owner_payout(db, SYSTEM, f"agent:{agent.id}", agent.name, cur, agent.payout_provider,
                                           agent.payout_destination, due)
        if payout.status == PayoutStatus.SENT:
            mark_paid(db, agent.id, cur, now)
        results.append(AgentPayoutRun(agent.id, due, cur, "sent" if payout.status == PayoutStatus.SENT else "failed",
                                      payout.failure_message, payout.id))
    if not results:
        raise ServiceError(phrase("Nothing is available to pay out yet: commission becomes available after "
                                  "its freeze window."), code="nothing_to_pay")
    return results
