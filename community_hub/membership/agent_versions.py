"""Cheap version reads for the agents' live pages: one small query each, polled about once a
second while the page is open; the page reloads only when the answer changes."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.models.payments import Payout
from community_hub.models.referrals import Agent, AgentApplication, CommissionLine, ReferralBinding


def console_version(db: Session, actor: Actor) -> tuple:
    """Changes when the agent's commission lines, referrals, payouts or status change."""
    require_user(actor)
    agent = db.exec(select(Agent).where(Agent.user_id == actor.user_id)).first()
    if agent is None:
        return ()
    lines = db.exec(select(func.count(), func.coalesce(func.sum(CommissionLine.amount_minor), 0),
                           func.coalesce(func.sum(CommissionLine.paid_minor), 0),
                           func.max(CommissionLine.released_at))
                    .where(CommissionLine.agent_id == agent.id)).one()
    bound = db.exec(select(func.count(), func.max(ReferralBinding.id))
                    .where(ReferralBinding.referrer_id == actor.user_id)).one()
    paid = db.exec(select(func.count(), func.max(Payout.id)).where(Payout.owner == f"agent:{agent.id}")).one()
    return (agent.status, agent.payout_destination, tuple(lines), tuple(bound), tuple(paid))


def review_version(db: Session, actor: Actor) -> tuple:
    """Changes when an application is sent, sent again or decided, or an agent's status changes."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    apps = db.exec(select(func.count(), func.max(AgentApplication.updated_at), func.max(AgentApplication.reviewed_at))
                   ).one()
    agents = db.exec(select(func.count(), func.max(Agent.id))).one()
    suspended = db.exec(select(func.count()).select_from(Agent).where(Agent.status == "suspended")).one()
    return (tuple(apps), tuple(agents), suspended)
