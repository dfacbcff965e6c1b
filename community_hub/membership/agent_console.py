"""The agent's console, one call per screen part: the commission statement (each line explained,
totals pending / available / paid, equal to the ledger), the members they referred with their
spend, and the chain below them (names and counts only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.membership import commission
from community_hub.membership.agents import own_agent
from community_hub.models import Merchant, Role, User, UserRole
from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.models.orders import Order, OrderState
from community_hub.models.referrals import Agent, CommissionLine, CommissionState, ReferralBinding
from community_hub.payments import ledger

_SPENT = (OrderState.SIGNED, OrderState.SETTLED)


@dataclass(frozen=True)
class StatementLine:
    id: int
    at: datetime
    source: str
    level: int
    explanation: str
    amount_minor: int
    currency: str
    state: str
    available_at: datetime


@dataclass(frozen=True)
class Statement:
    lines: list[StatementLine]
    pending_minor: int
    available_minor: int  # released and not yet paid, net of reversals after payment
    paid_minor: int
    owed_minor: int  # what the ledger says the agent may be paid now (may be negative)
    currency: str


def statement(db: Session, actor: Actor, currency: str = "USD", since: datetime | None = None,
              until: datetime | None = None) -> Statement:
    agent = own_agent(db, actor)
    return statement_of(db, agent.id, currency, since, until)


def agent_statement(db: Session, actor: Actor, agent_id: int, currency: str = "USD") -> Statement:
    """Admins: any agent's statement (the same lines and totals the agent sees)."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    get_or_not_found(db, Agent, agent_id, phrase("agent"))
    return statement_of(db, agent_id, currency)


def statement_of(db: Session, agent_id: int, currency: str, since: datetime | None = None,
                 until: datetime | None = None) -> Statement:
    q = select(CommissionLine).where(CommissionLine.agent_id == agent_id, CommissionLine.currency == currency)
    if since is not None:
        q = q.where(CommissionLine.created_at >= since)
    if until is not None:
        q = q.where(CommissionLine.created_at < until)
    rows = db.exec(q.order_by(CommissionLine.created_at.desc(), CommissionLine.id.desc())).all()
    lines = [StatementLine(r.id, r.created_at, r.source, r.level, str(commission.explain(r)), r.amount_minor,
                           r.currency, r.state, r.available_at) for r in rows]
    pending = sum(r.amount_minor for r in rows if r.state == CommissionState.PENDING)
    available = sum(r.amount_minor for r in rows if r.state == CommissionState.AVAILABLE)
    available += sum(r.amount_minor - r.paid_minor for r in rows if r.state == CommissionState.PAID)
    paid = sum(r.paid_minor for r in rows if r.state == CommissionState.PAID)
    return Statement(lines, pending, available, paid, ledger.owed_to(db, f"agent:{agent_id}", currency), currency)


def ledger_totals(db: Session, agent_id: int, currency: str) -> tuple[int, int, int]:
    """(pending, payable, paid out) for the agent as the ledger has them: what a statement must equal."""
    owner = f"agent:{agent_id}"
    pending = -ledger.balance_of(db, AccountKind.COMMISSIONS_PENDING, owner, currency)
    payable = -ledger.balance_of(db, AccountKind.COMMISSIONS_PAYABLE, owner, currency)
    paid = db.exec(select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0))
                   .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
                   .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
                   .where(LedgerTransaction.kind == "payout_sent", LedgerAccount.owner == owner,
                          LedgerAccount.kind == AccountKind.COMMISSIONS_PAYABLE,
                          LedgerPosting.currency == currency)).one()
    return pending, payable, int(paid)


@dataclass(frozen=True)
class Referred:
    name: str
    joined_at: datetime
    orders: int
    spend_minor: int  # signed and settled orders


def referred_members(db: Session, actor: Actor) -> list[Referred]:
    agent = own_agent(db, actor)
    rows = db.exec(select(ReferralBinding, User).join(User, User.id == ReferralBinding.user_id)
                   .where(ReferralBinding.referrer_id == agent.user_id).order_by(ReferralBinding.bound_at)).all()
    out = []
    for binding, user in rows:
        n, spend = db.exec(select(func.count(), func.coalesce(func.sum(Order.total_minor), 0))
                           .where(Order.user_id == user.id, Order.state.in_(list(_SPENT)))).one()
        out.append(Referred(user.display_name, binding.bound_at, int(n), int(spend)))
    return out


@dataclass(frozen=True)
class ReferredShop:
    name: str
    owner: str
    orders: int
    sales_minor: int  # signed and settled orders


def referred_merchants(db: Session, actor: Actor) -> list[ReferredShop]:
    """Shops whose owner the agent referred, with their sales (signed and settled orders)."""
    agent = own_agent(db, actor)
    rows = db.exec(select(Merchant, User).join(UserRole, UserRole.merchant_id == Merchant.id)
                   .join(User, User.id == UserRole.user_id)
                   .join(ReferralBinding, ReferralBinding.user_id == User.id)
                   .where(ReferralBinding.referrer_id == agent.user_id, UserRole.role == Role.MERCHANT)
                   .order_by(Merchant.name)).all()
    out, seen = [], set()
    for shop, owner in rows:
        if shop.id in seen:
            continue
        seen.add(shop.id)
        n, sales = db.exec(select(func.count(), func.coalesce(func.sum(Order.total_minor), 0))
                           .where(Order.merchant_id == shop.id, Order.state.in_(list(_SPENT)))).one()
        out.append(ReferredShop(shop.name, owner.display_name, int(n), int(sales)))
    return out


@dataclass(frozen=True)
class ChainRow:
    depth: int  # 1: recruited by me
    name: str
    is_agent: bool
    referred_count: int


def chain_below(db: Session, actor: Actor, depth: int = 3) -> list[ChainRow]:
    """Who is below the agent, up to `depth` levels: names and counts only."""
    agent = own_agent(db, actor)
    out: list[ChainRow] = []
    frontier, seen = [agent.user_id], {agent.user_id}
    for level in range(1, min(depth, 3) + 1):
        nxt = []
        for uid, name in db.exec(select(ReferralBinding.user_id, User.display_name)
                                 .join(User, User.id == ReferralBinding.user_id)
                                 .where(ReferralBinding.referrer_id.in_(frontier))).all():
            if uid in seen:
                continue
            seen.add(uid)
            nxt.append(uid)
            count = db.exec(select(func.count()).select_from(ReferralBinding)
                            .where(ReferralBinding.referrer_id == uid)).one()
            is_agent = db.exec(select(Agent.id).where(Agent.user_id == uid)).first() is not None
            out.append(ChainRow(level, name, is_agent, int(count)))
        frontier = nxt
        if not frontier:
            break
    return out

