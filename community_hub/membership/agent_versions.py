"""Cheap version reads for the agents' live pages, and the change bell keys (core/change_rings.py)
that ring when their answer may have changed: the page reads its version when one rings, and
reloads only when the answer changed."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import change_rings
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


def console_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """What `console_version` reads: the agents (whole: one becoming an agent rings it), the
    referrals (whole: a correction moves one away from a referrer), and the agent's commission
    lines and payouts."""
    require_user(actor)
    keys = [change_rings.key_of(Agent), change_rings.key_of(ReferralBinding)]
    agent_id = db.exec(select(Agent.id).where(Agent.user_id == actor.user_id)).first()
    if agent_id is not None:
        keys += [change_rings.key_of(CommissionLine, "agent_id", agent_id),
                 change_rings.key_of(Payout, "owner", f"agent:{agent_id}")]
    return keys, None


def review_version(db: Session, actor: Actor) -> tuple:
    """Changes when an application is sent, sent again or decided, or an agent's status changes."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    apps = db.exec(select(func.count(), func.max(AgentApplication.updated_at), func.max(AgentApplication.reviewed_at))
                   ).one()
    agents = db.exec(select(func.count(), func.max(Agent.id))).one()
    suspended = db.exec(select(func.count()).select_from(Agent).where(Agent.status == "suspended")).one()
    return (tuple(apps), tuple(agents), suspended)


def review_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """What `review_version` reads: the applications and the agents, both whole tables."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    return [change_rings.key_of(AgentApplication), change_rings.key_of(Agent)], None
