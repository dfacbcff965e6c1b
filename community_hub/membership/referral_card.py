"""What a member's own referral card shows, read without writing: their code (when made), link,
who referred them, how many joined through them, and where they stand as an agent. The code is
made once by referral.my_referral (a write); a page reads this first and asks for the code only
when there is none yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.permissions import Actor, require_user
from community_hub.membership import referral
from community_hub.models import User
from community_hub.models.referrals import Agent, AgentApplication, ReferralBinding, ReferralCode


@dataclass(frozen=True)
class ReferralCard:
    code: str  # "" until made
    link_path: str
    qr_payload: str
    referrer_name: str  # who referred me ("" when nobody)
    unbound_note: str  # the sign-up used a code that bound to nobody (a suspended agent's)
    referred_count: int
    agent_status: str  # "" (not an agent) | active | suspended
    application_state: str  # "" (never applied) | submitted | need_more | approved | rejected


def my_card(db: Session, actor: Actor) -> ReferralCard:
    require_user(actor)
    code = db.exec(select(ReferralCode.code).where(ReferralCode.user_id == actor.user_id)).first() or ""
    binding = db.exec(select(ReferralBinding).where(ReferralBinding.user_id == actor.user_id)).first()
    referrer = db.get(User, binding.referrer_id) if binding and binding.referrer_id else None
    unbound = binding.code_used if binding is not None and binding.referrer_id is None and binding.code_used else ""
    count = db.exec(select(func.count()).select_from(ReferralBinding)
                    .where(ReferralBinding.referrer_id == actor.user_id)).one()
    status = db.exec(select(Agent.status).where(Agent.user_id == actor.user_id)).first() or ""
    applied = db.exec(select(AgentApplication.state).where(AgentApplication.user_id == actor.user_id)
                      .order_by(AgentApplication.id.desc())).first() or ""
    return ReferralCard(code, referral.LINK_PATH + code if code else "", referral.QR_PREFIX + code if code else "",
                        referrer.display_name if referrer else "", unbound, int(count), status, applied)
