"""Referral agents: anyone may apply (name, mobile, identity, region, qualification files); a
platform admin approves, asks for more or rejects with a reason (audited); an approved agent can
be suspended (earns nothing new, is not paid out meanwhile) and reinstated. The sub-agent chain
is the referral chain (membership/referral.py): an agent's recruits are those bound to them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core import uploads
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_user,
)
from community_hub.core.rows import get_or_not_found
from community_hub.membership import identity
from community_hub.membership.common import audit, text
from community_hub.models import Role, UserRole
from community_hub.models.base import utcnow
from community_hub.models.referrals import (
    Agent,
    AgentApplication,
    AgentApplicationFile,
    AgentStatus,
    ApplicationState,
)
from community_hub.payments.providers.registry import get_provider

MAX_FILES = 5
FILE_KINDS = ("png", "jpeg", "webp", "pdf")
_ACCOUNT_ID = re.compile(r"^acct_[A-Za-z0-9_]{4,100}$")
STATUS_ALREADY = {AgentStatus.ACTIVE: phrase("The agent is active already."),
                  AgentStatus.SUSPENDED: phrase("The agent is suspended already.")}
DECISIONS = (ApplicationState.APPROVED, ApplicationState.NEED_MORE, ApplicationState.REJECTED)


@dataclass(frozen=True)
class ApplicationView:
    id: int
    user_id: int
    name: str
    mobile: str
    identity_kind: str
    identity_shown: str  # masked
    region: str
    state: str
    reason: str
    files: list[str]  # original names
    created_at: datetime


@dataclass(frozen=True)
class AgentView:
    id: int
    user_id: int
    name: str
    region: str
    status: str
    status_reason: str
    has_payout_account: bool


def _view(db: Session, app: AgentApplication) -> ApplicationView:
    files = db.exec(select(AgentApplicationFile.original_name)
                    .where(AgentApplicationFile.application_id == app.id).order_by(AgentApplicationFile.id)).all()
    return ApplicationView(app.id, app.user_id, app.name, app.mobile, app.identity_kind,
                           identity.masked(app.identity_value), app.region, app.state, app.reason, list(files),
                           app.created_at)


def apply(db: Session, actor: Actor, *, name: str, mobile: str, identity_kind: str, identity_value: str,
          region: str, files: list[tuple[str, bytes]]) -> ApplicationView:
    """Apply to be an agent, or send the application again after the reviewer asked for more.
    Every field is checked before any file is written."""
    require_user(actor)
    if db.exec(select(Agent.id).where(Agent.user_id == actor.user_id)).first() is not None:
        raise ServiceError(phrase("You are an agent already."), code="already_agent")
    name = text(name, N_("name"), 80)
    region = text(region, N_("region"), 80)
    phone = identity.parse("mobile", mobile)
    ident = identity.parse(identity_kind, identity_value, ["national_id", "passport"])
    files = list(files or [])
    if not files:
        raise ServiceError(phrase("Add at least one qualification file (a picture or a PDF)."), code="files")
    if len(files) > MAX_FILES:
        raise ServiceError(phrase("Add at most {most} files.", most=MAX_FILES), code="files")
    for _fname, data in files:
        uploads.check_upload(data, allowed=FILE_KINDS)
    app = db.exec(select(AgentApplication).where(AgentApplication.user_id == actor.user_id,
                                                 AgentApplication.state.in_([ApplicationState.SUBMITTED,
                                                                             ApplicationState.NEED_MORE]))
                  .with_for_update()).first()
    if app is not None and app.state == ApplicationState.SUBMITTED:
        raise ServiceError(phrase("Your application is waiting for review."), code="waiting")
    if app is None:
        app = AgentApplication(user_id=actor.user_id, name=name, mobile=phone.value, identity_kind=ident.kind,
                               identity_value=ident.value, region=region)
    else:
        app.name, app.mobile, app.identity_kind, app.identity_value, app.region = (
            name, phone.value, ident.kind, ident.value, region)
        app.state, app.updated_at = ApplicationState.SUBMITTED, utcnow()
    db.add(app)
    db.flush()
    for fname, data in files:
        stored = uploads.store_upload(data, fname or "file", allowed=FILE_KINDS)
        db.add(AgentApplicationFile(application_id=app.id, path=stored.path, original_name=stored.original_name[:120],
                                    content_type=stored.content_type))
    db.flush()
    return _view(db, app)


def my_application(db: Session, actor: Actor) -> ApplicationView | None:
    require_user(actor)
    app = db.exec(select(AgentApplication).where(AgentApplication.user_id == actor.user_id)
                  .order_by(AgentApplication.id.desc())).first()
    return _view(db, app) if app else None


def applications(db: Session, actor: Actor, state: str = ApplicationState.SUBMITTED) -> list[ApplicationView]:
    require_admin_permission(actor, AdminPermission.REVIEW)
    rows = db.exec(select(AgentApplication).where(AgentApplication.state == state)
                   .order_by(AgentApplication.id)).all()
    return [_view(db, a) for a in rows]


def review(db: Session, actor: Actor, application_id: int, decision: str, reason: str = "") -> ApplicationView:
    """Approve (the applicant becomes an agent), ask for more, or reject; the last two need a reason."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    if decision not in DECISIONS:
        raise ServiceError(phrase("Approve, ask for more or reject."))
    app = get_or_not_found(db, AgentApplication, application_id, phrase("application"), lock=True)
    if app.state != ApplicationState.SUBMITTED:
        raise ServiceError(phrase("This application was already decided."), code="decided")
    reason = text(reason, N_("reason"), 300, required=decision != ApplicationState.APPROVED)
    app.state, app.reason, app.reviewed_by, app.reviewed_at = decision, reason, actor.user_id, utcnow()
    db.add(app)
    if decision == ApplicationState.APPROVED:
        db.add(Agent(user_id=app.user_id, application_id=app.id, name=app.name, region=app.region))
        if db.exec(select(UserRole).where(UserRole.user_id == app.user_id, UserRole.role == Role.AGENT)).first() is None:
            db.add(UserRole(user_id=app.user_id, role=Role.AGENT))
    db.flush()
    audit(db, actor, f"membership.agent_{decision}", f"application:{app.id}", reason)
    return _view(db, app)


def _agent_view(a: Agent) -> AgentView:
    return AgentView(a.id, a.user_id, a.name, a.region, a.status, a.status_reason, bool(a.payout_destination))


def set_status(db: Session, actor: Actor, agent_id: int, status: str, reason: str) -> AgentView:
    """Suspend (with a reason) or reinstate an agent. Audited."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    if status not in set(AgentStatus):
        raise ServiceError(phrase("An agent is active or suspended."))
    reason = text(reason, N_("reason"), 300, required=status == AgentStatus.SUSPENDED)
    agent = get_or_not_found(db, Agent, agent_id, phrase("agent"), lock=True)
    if agent.status == status:
        raise ServiceError(STATUS_ALREADY[status], code="same")
    agent.status, agent.status_reason = status, reason
    db.add(agent)
    db.flush()
    audit(db, actor, f"membership.agent_{status}", f"agent:{agent.id}", reason)
    return _agent_view(agent)


def agents(db: Session, actor: Actor) -> list[AgentView]:
    require_admin_permission(actor, AdminPermission.REVIEW)
    return [_agent_view(a) for a in db.exec(select(Agent).order_by(Agent.id)).all()]


def own_agent(db: Session, actor: Actor) -> Agent:
    require_user(actor)
    agent = db.exec(select(Agent).where(Agent.user_id == actor.user_id)).first()
    if agent is None:
        raise NotFound(phrase("agent"))
    return agent


def set_payout_account(db: Session, actor: Actor, account_id: str) -> AgentView:
    """The agent connects the account commission payouts go to (a Stripe Connect "acct_..." id)."""
    agent = own_agent(db, actor)
    account_id = (account_id or "").strip()
    if not _ACCOUNT_ID.match(account_id):
        raise ServiceError(phrase("A connected account id looks like acct_1A2b3C4d."))
    agent.payout_destination, agent.payout_provider = account_id, get_provider().name
    db.add(agent)
    audit(db, actor, "membership.agent_payout_account", f"agent:{agent.id}", account_id)
    db.flush()
    return _agent_view(agent)
