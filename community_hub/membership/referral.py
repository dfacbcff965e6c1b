"""Referral codes and who referred whom. Every member and agent has a code (and a link and QR
made of it); signing up through it binds the new account to its owner for good. A code of a
suspended agent still lets the person sign up, binds them to nobody and says so. Only an admin
corrects a binding, with a reason (audited); self-referral and cycles in the chain are refused."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.membership.common import audit, text
from community_hub.models import User
from community_hub.models.referrals import Agent, AgentStatus, ReferralBinding, ReferralCode

_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LINK_PATH = "/register?ref="
QR_PREFIX = "hub-ref:"
MAX_CHAIN = 50  # a walk up the chain stops here whatever the data says


@dataclass(frozen=True)
class MyReferral:
    code: str
    link_path: str  # the page adds its own host
    qr_payload: str
    referrer_name: str  # who referred me ("" when nobody)
    referred_count: int


@dataclass(frozen=True)
class BindResult:
    referrer_id: int | None
    referrer_name: str
    message: str


def code_of(db: Session, user_id: int) -> str:
    """The user's referral code, made on first use."""
    row = db.exec(select(ReferralCode).where(ReferralCode.user_id == user_id)).first()
    if row is not None:
        return row.code
    for _ in range(20):
        code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        if db.exec(select(ReferralCode.id).where(ReferralCode.code == code)).first() is None:
            break
    row = ReferralCode(user_id=user_id, code=code)
    db.add(row)
    db.flush()
    return row.code


def my_referral(db: Session, actor: Actor) -> MyReferral:
    require_user(actor)
    code = code_of(db, actor.user_id)
    binding = db.exec(select(ReferralBinding).where(ReferralBinding.user_id == actor.user_id)).first()
    referrer = db.get(User, binding.referrer_id) if binding and binding.referrer_id else None
    count = db.exec(select(func.count()).select_from(ReferralBinding)
                    .where(ReferralBinding.referrer_id == actor.user_id)).one()
    return MyReferral(code, LINK_PATH + code, QR_PREFIX + code, referrer.display_name if referrer else "", int(count))


def _clean_code(typed: str) -> str:
    raw = str(typed or "").strip()
    if raw.startswith(QR_PREFIX):
        raw = raw[len(QR_PREFIX):]
    return "".join(raw.split()).upper()[:12]


def is_active_agent(db: Session, user_id: int) -> bool:
    return db.exec(select(Agent.id).where(Agent.user_id == user_id, Agent.status == AgentStatus.ACTIVE)).first() is not None


def bind_at_sign_up(db: Session, new_user_id: int, code: str) -> BindResult:
    """Called by the sign-up screen in the registration's transaction (no actor yet: the account is
    being made). An unknown code is refused (the person fixes it or leaves it out); a suspended
    agent's code binds to nobody, and the result says so. Binding twice changes nothing."""
    code = _clean_code(code)
    if not code:
        return BindResult(None, "", "")
    owner = db.exec(select(ReferralCode).where(ReferralCode.code == code)).first()
    if owner is None:
        raise ServiceError(phrase("No one has the referral code {code}.", code=code), code="unknown_referral")
    if owner.user_id == new_user_id:
        raise ServiceError(phrase("You cannot refer yourself."), code="self_referral")
    existing = db.exec(select(ReferralBinding).where(ReferralBinding.user_id == new_user_id)).first()
    if existing is not None:
        return BindResult(existing.referrer_id, "", phrase("This account's referrer was already set."))
    agent = db.exec(select(Agent).where(Agent.user_id == owner.user_id)).first()
    if agent is not None and agent.status == AgentStatus.SUSPENDED:
        db.add(ReferralBinding(user_id=new_user_id, referrer_id=None, code_used=code,
                               note="code of a suspended agent"))
        db.flush()
        return BindResult(None, "", phrase("The referral code {code} belongs to an agent who is suspended: your "
                                           "account was made, but it is not linked to anyone.", code=code))
    db.add(ReferralBinding(user_id=new_user_id, referrer_id=owner.user_id, code_used=code))
    db.flush()
    name = db.get(User, owner.user_id).display_name
    return BindResult(owner.user_id, name, phrase("You were referred by {name}.", name=name))


def referrer_of(db: Session, user_id: int) -> int | None:
    row = db.exec(select(ReferralBinding.referrer_id).where(ReferralBinding.user_id == user_id)).first()
    return row if isinstance(row, int) else None


def chain_up(db: Session, user_id: int, depth: int) -> list[int]:
    """Who referred the user, who referred them, ... up to `depth` people (nearest first). A cycle
    (refused when bindings are made, but never trusted) ends the walk."""
    out, seen, current = [], {user_id}, user_id
    while len(out) < min(depth, MAX_CHAIN):
        nxt = referrer_of(db, current)
        if nxt is None or nxt in seen:
            break
        out.append(nxt)
        seen.add(nxt)
        current = nxt
    return out


def correct_binding(db: Session, actor: Actor, user_id: int, referrer_id: int | None, reason: str) -> BindResult:
    """An admin sets who referred `user_id` (None: nobody), with a reason. Refused: the person
    themself, or anyone below them in the chain (the chain would go round)."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    reason = text(reason, N_("reason"), 200)
    if db.get(User, user_id) is None:
        raise NotFound(phrase("member"))
    if referrer_id is not None:
        if db.get(User, referrer_id) is None:
            raise NotFound(phrase("member"))
        if referrer_id == user_id:
            raise ServiceError(phrase("A member cannot be their own referrer."), code="self_referral")
        if user_id in chain_up(db, referrer_id, MAX_CHAIN):
            raise ServiceError(phrase("That would make a loop in the referral chain: the new referrer was "
                                      "referred (directly or further down) by this member."), code="cycle")
    row = db.exec(select(ReferralBinding).where(ReferralBinding.user_id == user_id).with_for_update()).first()
    before = row.referrer_id if row else None
    if row is None:
        row = ReferralBinding(user_id=user_id)
    row.referrer_id, row.note, row.corrected_by = referrer_id, reason, actor.user_id
    db.add(row)
    db.flush()
    audit(db, actor, "membership.referral_corrected", f"user:{user_id}",
          f"user:{before or '-'} -> user:{referrer_id or '-'}: {reason}")
    name = db.get(User, referrer_id).display_name if referrer_id else ""
    return BindResult(referrer_id, name, phrase("Referrer changed."))
