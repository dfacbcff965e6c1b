"""People see their money: resident history and receipts, merchant statements (and CSV), the
admin's reconciliation of provider payments against the ledger, and the admin's money settings
(service fee ratio per merchant category, payout schedule)."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.permissions import (
    Actor,
    require_admin,
    require_merchant_of,
    require_user,
)
from community_hub.models import AuditEntry, User
from community_hub.models.base import utcnow
from community_hub.models.ledger import (
    AccountKind,
    FeeRatio,
    LedgerAccount,
    LedgerPosting,
    LedgerTransaction,
    PayoutSchedule,
)
from community_hub.models.payments import (
    Payment,
    PaymentStatus,
    Payout,
    PayoutStatus,
    Refund,
    RefundStatus,
)
from community_hub.payments import ledger
from community_hub.payments.providers.base import PaymentProviderError
from community_hub.payments.providers.registry import get_provider
from community_hub.payments.service import PAID_STATUSES, ZERO_DECIMAL, may_see_payment

log = logging.getLogger("community_hub.statements")


def decimal_text(amount_minor: int, currency: str) -> str:
    """Minor units as a plain decimal for CSV and screens: 1234 USD -> "12.34"."""
    if currency.upper() in ZERO_DECIMAL:
        return str(amount_minor)
    sign = "-" if amount_minor < 0 else ""
    whole, cents = divmod(abs(amount_minor), 100)
    return f"{sign}{whole}.{cents:02d}"


# --- resident ----------------------------------------------------------------------------------


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
        raise NotFound("payment")
    if payment.status not in PAID_STATUSES:
        raise ServiceError("There is no receipt until the payment goes through.", code="not_paid")
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


# --- merchant ----------------------------------------------------------------------------------

_KIND_LABELS = {
    "order_paid": "Sale paid (held until the order is signed for)",
    "order_settled": "Sale settled",
    "refund": "Refund",
    "payout_sent": "Payout",
    "deposit_held": "Deposit held",
    "deposit_released": "Deposit returned",
    "deposit_forfeited": "Deposit kept",
    "commission_accrued": "Commission",
}


@dataclass(frozen=True)
class StatementRow:
    at: datetime
    kind: str
    label: str
    reference: str
    gross_minor: int  # money the resident paid (+) or got back (-)
    service_fee_minor: int  # platform fee charged (+) or given back (-)
    net_minor: int  # what this did to what the shop is owed
    currency: str
    memo: str


@dataclass
class Statement:
    merchant_id: int
    start: datetime
    end: datetime
    rows: list[StatementRow]
    sales_minor: int = 0
    service_fees_minor: int = 0
    refunds_minor: int = 0
    payouts_minor: int = 0
    owed_now: dict[str, int] = field(default_factory=dict)


def merchant_statement(db: Session, actor: Actor, merchant_id: int, start: datetime, end: datetime) -> Statement:
    """Every money event for the shop from `start` (inclusive) to `end` (exclusive): sales,
    service fees, refunds, payouts with dates."""
    require_merchant_of(actor, merchant_id)
    if start.tzinfo is None or end.tzinfo is None:
        raise ServiceError("Statement dates need a time zone.")
    if end <= start:
        raise ServiceError("The end of the period must come after its start.")
    owner = f"merchant:{merchant_id}"
    txs = db.exec(
        select(LedgerTransaction).where(LedgerTransaction.counterparty == owner,
                                        LedgerTransaction.created_at >= start, LedgerTransaction.created_at < end)
        .order_by(LedgerTransaction.created_at, LedgerTransaction.id)
    ).all()
    postings: dict[int, list[tuple[LedgerPosting, LedgerAccount]]] = {}
    if txs:
        for p, a in db.exec(
            select(LedgerPosting, LedgerAccount).join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
            .where(LedgerPosting.transaction_id.in_([t.id for t in txs]))
        ).all():
            postings.setdefault(p.transaction_id, []).append((p, a))
    rows: list[StatementRow] = []
    st = Statement(merchant_id, start, end, rows)
    for tx in txs:
        lines = postings.get(tx.id, [])
        cur = lines[0][0].currency if lines else ""
        payer = sum(p.amount_minor for p, a in lines
                    if a.kind in (AccountKind.PROVIDER_CLEARING, AccountKind.RESIDENT_WALLET))
        escrow = sum(p.amount_minor for p, a in lines if a.kind == AccountKind.ESCROW)
        fee = -sum(p.amount_minor for p, a in lines if a.kind == AccountKind.PLATFORM_REVENUE)
        net = -sum(p.amount_minor for p, a in lines if a.kind == AccountKind.MERCHANT_PAYABLE and a.owner == owner)
        if tx.kind == "order_settled":
            gross = escrow
            st.sales_minor += gross
        elif tx.kind == "payout_sent":
            gross = 0
            st.payouts_minor += -net
        else:
            gross = payer
        if tx.kind == "refund":
            st.refunds_minor += -gross
        st.service_fees_minor += fee
        rows.append(StatementRow(tx.created_at, tx.kind, _KIND_LABELS.get(tx.kind, tx.kind), tx.reference,
                                 gross, fee, net, cur, tx.memo))
    currencies = db.exec(select(LedgerAccount.currency).where(
        LedgerAccount.kind == AccountKind.MERCHANT_PAYABLE, LedgerAccount.owner == owner)).all()
    st.owed_now = {c: ledger.owed_to(db, owner, c) for c in currencies}
    return st


def statement_csv(statement: Statement) -> str:
    """The statement as CSV text (amounts as decimals, dates in UTC ISO 8601)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["date", "type", "reference", "gross", "service_fee", "net_to_shop", "currency", "memo"])
    for r in statement.rows:
        w.writerow([r.at.isoformat(timespec="seconds"), r.label, r.reference, decimal_text(r.gross_minor, r.currency),
                    decimal_text(r.service_fee_minor, r.currency), decimal_text(r.net_minor, r.currency),
                    r.currency, r.memo])
    return out.getvalue()


def merchant_payouts(db: Session, actor: Actor, merchant_id: int) -> list[Payout]:
    """The shop's payouts, newest first, with their dates and status."""
    require_merchant_of(actor, merchant_id)
    return list(db.exec(select(Payout).where(Payout.owner == f"merchant:{merchant_id}")
                        .order_by(Payout.created_at.desc())).all())


# --- admin: reconciliation ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReconciliationRow:
    payment_id: int
    purpose: str
    provider: str
    provider_id: str
    our_status: str
    provider_status: str
    our_net_minor: int
    ledger_net_minor: int
    provider_net_minor: int | None  # None when the provider could not be asked
    currency: str
    problem: str = ""


@dataclass
class ReconciliationReport:
    rows: list[ReconciliationRow]
    mismatches: list[ReconciliationRow]
    payout_problems: list[str]
    unreachable: int = 0
    paid_twice: list[str] = field(default_factory=list)  # purposes with more than one paid payment

    @property
    def ok(self) -> bool:
        return not (self.mismatches or self.payout_problems or self.unreachable or self.paid_twice)


def _ledger_net_for_payment(db: Session, payment: Payment) -> int:
    sources = [f"payment:{payment.id}"] + [
        f"refund:{rid}" for rid in db.exec(select(Refund.id).where(Refund.payment_id == payment.id)).all()
    ]
    total = db.exec(
        select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerTransaction.source.in_(sources),
               LedgerAccount.kind.in_([AccountKind.PROVIDER_CLEARING, AccountKind.RESIDENT_WALLET]))
    ).one()
    return int(total)


def reconciliation_report(db: Session, actor: Actor, since: datetime | None = None,
                          provider_name: str | None = None) -> ReconciliationReport:
    """Ask the provider about every payment it knows (since `since`) and compare with our record
    and the ledger; list each mismatch. Also check every sent payout is in the ledger once."""
    require_admin(actor)
    q = select(Payment).where(Payment.provider_id.is_not(None)).order_by(Payment.id)
    if since is not None:
        q = q.where(Payment.created_at >= since)
    if provider_name:
        q = q.where(Payment.provider == provider_name)
    rows: list[ReconciliationRow] = []
    unreachable = 0
    for payment in db.exec(q).all():
        paid = payment.status in PAID_STATUSES
        our_net = payment.captured_minor - payment.refunded_minor if paid else 0
        ledger_net = _ledger_net_for_payment(db, payment)
        try:
            pp = get_provider(payment.provider).retrieve(payment.provider_id)
        except PaymentProviderError as exc:
            unreachable += 1
            rows.append(ReconciliationRow(payment.id, payment.purpose, payment.provider, payment.provider_id,
                                          payment.status, "?", our_net, ledger_net, None, payment.currency,
                                          f"could not ask the provider: {exc.message}"))
            continue
        provider_net = pp.amount_received - pp.amount_refunded if pp.status == "succeeded" else 0
        problems = []
        if provider_net != ledger_net:
            problems.append(f"provider has {decimal_text(provider_net, payment.currency)}, "
                            f"ledger has {decimal_text(ledger_net, payment.currency)}")
        if our_net != ledger_net:
            problems.append("payment record and ledger disagree")
        if (pp.status == "succeeded") != paid:
            problems.append(f"provider says {pp.status}, we say {payment.status}")
        rows.append(ReconciliationRow(payment.id, payment.purpose, payment.provider, payment.provider_id,
                                      payment.status, pp.status, our_net, ledger_net, provider_net,
                                      payment.currency, "; ".join(problems)))
    payout_problems = []
    for payout in db.exec(select(Payout).order_by(Payout.id)).all():
        posted = ledger.existing(db, f"payout_sent:payout:{payout.id}") is not None
        if payout.status == PayoutStatus.SENT and not posted:
            payout_problems.append(f"payout #{payout.id} was sent but is not in the ledger")
        if payout.status != PayoutStatus.SENT and posted:
            payout_problems.append(f"payout #{payout.id} is {payout.status} but the ledger shows it sent")
    mismatches = [r for r in rows if r.problem and r.provider_net_minor is not None]
    # Two attempts that both went through (a resident paying in two tabs): a refund is due.
    paid_twice = list(db.exec(
        select(Payment.purpose).where(Payment.status.in_(list(PAID_STATUSES)))
        .group_by(Payment.purpose).having(func.count(Payment.id) > 1).order_by(Payment.purpose)
    ).all())
    if mismatches or payout_problems or paid_twice:
        log.warning("reconciliation: %d payment mismatches, %d payout problems, %d paid twice",
                    len(mismatches), len(payout_problems), len(paid_twice))
    return ReconciliationReport(rows, mismatches, payout_problems, unreachable, paid_twice)


# --- admin: money settings ----------------------------------------------------------------------


def set_fee_ratio(db: Session, actor: Actor, category: str, ratio_bps: int) -> FeeRatio:
    """Set the service fee on a merchant category, in basis points (500 = 5%); "*" is the default."""
    require_admin(actor)
    category = (category or "").strip().lower()
    if not category or len(category) > 40:
        raise ServiceError("Name the merchant category (or * for the default).")
    if not isinstance(ratio_bps, int) or isinstance(ratio_bps, bool) or not 0 <= ratio_bps <= 5000:
        raise ServiceError("The service fee must be between 0% and 50%.")
    row = db.exec(select(FeeRatio).where(FeeRatio.category == category)).first()
    old = row.ratio_bps if row else None
    if row is None:
        row = FeeRatio(category=category, ratio_bps=ratio_bps)
    row.ratio_bps, row.updated_at, row.updated_by = ratio_bps, utcnow(), actor.user_id
    db.add(row)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="fee_ratio.set", subject=f"category:{category}",
                      detail=f"{old} -> {ratio_bps} bps"))
    db.flush()
    return row


def fee_ratios(db: Session, actor: Actor) -> list[FeeRatio]:
    require_admin(actor)
    return list(db.exec(select(FeeRatio).order_by(FeeRatio.category)).all())


def set_payout_schedule(db: Session, actor: Actor, *, interval_days: int, hold_days: int,
                        min_amount_minor: int = 100) -> PayoutSchedule:
    """How often shops are paid and how many days after signing money waits (e.g. weekly, 7)."""
    require_admin(actor)
    for name, value, top in (("interval", interval_days, 90), ("hold", hold_days, 90)):
        if not isinstance(value, int) or not (0 if name == "hold" else 1) <= value <= top:
            raise ServiceError(f"The payout {name} must be a whole number of days up to {top}.")
    if not isinstance(min_amount_minor, int) or min_amount_minor < 0:
        raise ServiceError("The minimum payout cannot be negative.")
    row = db.get(PayoutSchedule, 1) or PayoutSchedule(id=1)
    row.interval_days, row.hold_days, row.min_amount_minor = interval_days, hold_days, min_amount_minor
    row.updated_at, row.updated_by = utcnow(), actor.user_id
    db.add(row)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="payout_schedule.set", subject="payouts",
                      detail=f"every {interval_days} days, {hold_days} days after signing"))
    db.flush()
    return row


def ledger_health(db: Session, actor: Actor) -> ledger.LedgerReport:
    """The ledger check for the admin health page."""
    require_admin(actor)
    return ledger.check_ledger(db)


__all__ = [
    "HistoryRow", "Receipt", "ReconciliationReport", "ReconciliationRow", "Statement", "StatementRow",
    "decimal_text", "fee_ratios", "ledger_health", "merchant_payouts", "merchant_statement", "receipt",
    "reconciliation_report", "resident_history", "set_fee_ratio", "set_payout_schedule", "statement_csv",
    "wallet_balances",
]
