"""Paying agents their commission with the payout run: lines out of their freeze window are
released first, then each active agent with a connected account is paid what the ledger says they
are owed (available commission net of reversals; a negative balance waits for the next
commission). The lines covered become paid. A suspended agent is not paid meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.permissions import Actor
from community_hub.membership import commission
from community_hub.membership.common import require_admin_or_system
from community_hub.models.base import utcnow
from community_hub.models.payments import PayoutStatus
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
