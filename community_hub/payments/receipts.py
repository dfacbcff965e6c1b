"""What residents see of their money: their payments and refunds, wallet credit, and a printable
receipt for a paid payment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_user
from community_hub.models import User
from community_hub.models.ledger import AccountKind, LedgerAccount
from community_hub.models.payments import Payment, PaymentStatus, Refund, RefundStatus
from community_hub.payments import ledger
from community_hub.payments.common import PAID_STATUSES, may_see_payment


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    kind: str  # payment | refund
    purpose: str
    description: str
    amount_minor: int  # paid positive, refunded negative
    currency: str
    status: str
    payment_id: int
    refund_id: int | None = None


def resident_history(db: Session, actor: Actor, limit: int = 200) -> list[HistoryRow]:
    """The actor's own payments and refunds, newest first (unstarted payments left out)."""
    require_user(actor)
    payments = db.exec(
        select(Payment).where(Payment.payer_user_id == actor.user_id,
                              Payment.status != PaymentStatus.REQUIRES_PAYMENT)
        .order_by(Payment.created_at.desc()).limit(limit)
    ).all()
    rows = [HistoryRow(p.succeeded_at or p.created_at, "payment", p.purpose, p.description,
                       p.captured_minor or p.amount_minor, p.currency, p.status, p.id) for p in payments]
    refunds = db.exec(
        select(Refund, Payment).join(Payment, Payment.id == Refund.payment_id)
        .where(Payment.payer_user_id == actor.user_id,
               Refund.status.in_([RefundStatus.PENDING, RefundStatus.SUCCEEDED]))
        .order_by(Refund.created_at.desc()).limit(limit)
    ).all()
    rows += [HistoryRow(r.succeeded_at or r.created_at, "refund", p.purpose, r.reason or "Refund",
                        -r.amount_minor, r.currency, r.status, p.id, r.id) for r, p in refunds]
    rows.sort(key=lambda r: r.at, reverse=True)
    return rows[:limit]


def wallet_balances(db: Session, actor: Actor) -> dict[str, int]:
    """Wallet credit the platform holds for the actor, per currency (empty when none)."""
    require_user(actor)
    accounts = db.exec(select(LedgerAccount).where(
        LedgerAccount.kind == AccountKind.RESIDENT_WALLET, LedgerAccount.owner == f"resident:{actor.user_id}")).all()
    out = {a.currency: -ledger.balance(db, a) for a in accounts}
    return {cur: amount for cur, amount in out.items() if amount}


@dataclass(frozen=True)
class Receipt:
    number: str
    paid_at: datetime | None
    payer: str
    purpose: str
    description: str
    amount_minor: int
    refunded_minor: int
    currency: str
    status: str
    provider: str
    provider_reference: str
    refunds: list[tuple[datetime, int]] = field(default_factory=list)

    @property
    def net_minor(self) -> int:
        return self.amount_minor - self.refunded_minor


def receipt(db: Session, actor: Actor, payment_id: int) -> Receipt:
    """A printable receipt for a paid payment (the payer, the shop paid, or an admin)."""
    require_user(actor)
    payment = db.get(Payment, payment_id)
    if payment is None or not may_see_payment(actor, payment):
        raise NotFound(phrase("payment"))
    if payment.status not in PAID_STATUSES:
        raise ServiceError(phrase("There is no receipt until the payment goes through."), code="not_paid")
    payer = db.get(User, payment.payer_user_id) if payment.payer_user_id else None
    refunds = db.exec(select(Refund).where(Refund.payment_id == payment.id,
                                           Refund.status == RefundStatus.SUCCEEDED).order_by(Refund.id)).all()
    return Receipt(
        number=f"R-{payment.id:06d}", paid_at=payment.succeeded_at, payer=payer.display_name if payer else "",
        purpose=payment.purpose, description=payment.description, amount_minor=payment.captured_minor,
        refunded_minor=payment.refunded_minor, currency=payment.currency, status=payment.status,
        provider=payment.provider, provider_reference=payment.provider_id or "",
        refunds=[(r.succeeded_at or r.created_at, r.amount_minor) for r in refunds],
    )
