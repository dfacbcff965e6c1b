"""The admin's side of referral bindings on the agents' review screen: find a member by the email
or mobile number they log in with, see who referred them, and correct it with a reason (the rule
itself — no self-referral, no loop, audited — is referral.correct_binding)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.accounts.identity import normalize_identifier
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.membership import referral
from community_hub.models import User
from community_hub.models.referrals import ReferralBinding


@dataclass(frozen=True)
class Binding:
    user_id: int
    name: str
    login: str
    referrer_name: str  # "" when nobody
    referrer_login: str
    note: str  # why it binds to nobody, or the last correction's reason


def _member(db: Session, login: str, what: str) -> User:
    try:
        kind, value = normalize_identifier(login)
    except ServiceError:
        raise ServiceError(phrase("Enter the {what}'s email address or mobile number.", what=phrase(what))) from None
    column = User.email if kind == "email" else User.phone
    user = db.exec(select(User).where(column == value)).first()
    if user is None:
        raise ServiceError(phrase("No member logs in with {login}.", login=value), code="no_member")
    return user


def _login(user: User | None) -> str:
    return (user.email or user.phone or "") if user else ""


def binding_of(db: Session, actor: Actor, login: str) -> Binding:
    """Who referred the member who logs in with `login`."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    user = _member(db, login, "member")
    row = db.exec(select(ReferralBinding).where(ReferralBinding.user_id == user.id)).first()
    referrer = db.get(User, row.referrer_id) if row is not None and row.referrer_id else None
    return Binding(user.id, user.display_name, _login(user), referrer.display_name if referrer else "",
                   _login(referrer), row.note if row else "")


def correct(db: Session, actor: Actor, member_login: str, referrer_login: str, reason: str) -> Binding:
    """Set the member's referrer to the one who logs in with `referrer_login` ("" for nobody)."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    user = _member(db, member_login, "member")
    referrer = _member(db, referrer_login, "referrer") if str(referrer_login or "").strip() else None
    referral.correct_binding(db, actor, user.id, referrer.id if referrer else None, reason)
    return binding_of(db, actor, member_login)
