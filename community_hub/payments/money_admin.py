"""The admin's side of the money: reconciliation of provider payments against the ledger, the
service fee ratio per merchant category, the payout schedule, and the ledger check."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import Text, phrase
from community_hub.core.money import plain_amount
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models import AuditEntry
from community_hub.models.base import utcnow
from community_hub.models.ledger import (
    AccountKind,
    FeeRatio,
    LedgerAccount,
    LedgerPosting,
    LedgerTransaction,
    PayoutSchedule,
)
from community_hub.models.payments import Payment, Payout, PayoutStatus, Refund
from community_hub.payments import ledger, ledger_report, statement_check
from community_hub.payments.common import PAID_STATUSES
from community_hub.payments.fee_table import check_fee_category, percent
from community_hub.payments.providers.base import PaymentProviderError
from community_hub.payments.providers.registry import configured_wallet_apps, get_provider

log = logging.getLogger("community_hub.statements")


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
    # The wallet-app providers' day statements against our payments and refunds (statement_check).
    statements: statement_check.StatementCheck = field(default_factory=statement_check.StatementCheck)

    @property
    def ok(self) -> bool:
        return not (self.mismatches or self.payout_problems or self.unreachable or self.paid_twice
                    or self.statements.mismatches or self.statements.unreachable)


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


def _refunds_unknown(provider_name: str) -> bool:
    return bool(getattr(get_provider(provider_name), "qr_checkout", False))


def reconciliation_report(db: Session, actor: Actor, since: datetime | None = None,
                          provider_name: str | None = None, until: datetime | None = None) -> ReconciliationReport:
    """Ask the provider about every payment it knows (since `since`) and compare with our record
    and the ledger; list each mismatch. Also check every sent payout is in the ledger once, and
    each wallet-app provider's statements of the range's days against our payments and refunds."""
    require_admin_permission(actor, AdminPermission.FINANCE)
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
                                          phrase("could not ask the provider: {problem}", problem=exc.message)))
            continue
        # WeChat Pay's and Alipay's order query does not say what was refunded of a trade still open
        # (their refunds are checked line by line against the day's statement below): our own
        # refunded figure stands in for theirs here, so a partial refund is not a false mismatch.
        refunded = payment.refunded_minor if _refunds_unknown(payment.provider) else pp.amount_refunded
        provider_net = pp.amount_received - refunded if pp.status == "succeeded" else 0
        problems = []
        if provider_net != ledger_net:
            problems.append(phrase("provider has {provider}, ledger has {ledger}",
                                   provider=plain_amount(provider_net, payment.currency),
                                   ledger=plain_amount(ledger_net, payment.currency)))
        if our_net != ledger_net:
            problems.append(phrase("payment record and ledger disagree"))
        if (pp.status == "succeeded") != paid:
            problems.append(phrase("provider says {theirs}, we say {ours}", theirs=pp.status, ours=payment.status))
        rows.append(ReconciliationRow(payment.id, payment.purpose, payment.provider, payment.provider_id,
                                      payment.status, pp.status, our_net, ledger_net, provider_net,
                                      payment.currency, _joined(problems)))
    payout_problems = []
    for payout in db.exec(select(Payout).order_by(Payout.id)).all():
        posted = ledger.existing(db, f"payout_sent:payout:{payout.id}") is not None
        if payout.status == PayoutStatus.SENT and not posted:
            payout_problems.append(phrase("payout #{id} was sent but is not in the ledger", id=payout.id))
        if payout.status != PayoutStatus.SENT and posted:
            payout_problems.append(phrase("payout #{id} is {status} but the ledger shows it sent", id=payout.id,
                                          status=payout.status))
    mismatches = [r for r in rows if r.problem and r.provider_net_minor is not None]
    # Two attempts that both went through (a resident paying in two tabs): a refund is due.
    paid_twice = list(db.exec(
        select(Payment.purpose).where(Payment.status.in_(list(PAID_STATUSES)))
        .group_by(Payment.purpose).having(func.count(Payment.id) > 1).order_by(Payment.purpose)
    ).all())
    if mismatches or payout_problems or paid_twice:
        log.warning("reconciliation: %d payment mismatches, %d payout problems, %d paid twice",
                    len(mismatches), len(payout_problems), len(paid_twice))
    wallet_apps = [n for n in configured_wallet_apps() if provider_name in (None, n)]
    statements = statement_check.check_statements(db, actor, since, until, providers=wallet_apps)
    return ReconciliationReport(rows, mismatches, payout_problems, unreachable, paid_twice, statements)


# --- admin: money settings ----------------------------------------------------------------------


def set_fee_ratio(db: Session, actor: Actor, category: str, ratio_bps: int) -> FeeRatio:
    """Set the service fee on a merchant category, in basis points (500 = 5%); "*" is the default."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    category = check_fee_category(db, category)
    if not isinstance(ratio_bps, int) or isinstance(ratio_bps, bool) or not 0 <= ratio_bps <= 5000:
        raise ServiceError(phrase("The service fee must be between 0% and 50%."))
    row = db.exec(select(FeeRatio).where(FeeRatio.category == category)).first()
    old = row.ratio_bps if row else None
    if row is None:
        row = FeeRatio(category=category, ratio_bps=ratio_bps)
    row.ratio_bps, row.updated_at, row.updated_by = ratio_bps, utcnow(), actor.user_id
    db.add(row)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="fee_ratio.set", subject=f"category:{category}",
                      detail=f"{percent(old)} → {percent(ratio_bps)}"))
    db.flush()
    return row


def fee_ratios(db: Session, actor: Actor) -> list[FeeRatio]:
    require_admin_permission(actor, AdminPermission.FINANCE)
    return list(db.exec(select(FeeRatio).order_by(FeeRatio.category)).all())


def _joined(problems: list[str]) -> Text:
    """The row's problems as one message whose parts each read in the reader's language."""
    return Text("; ".join(f"{{p{i}}}" for i in range(len(problems))), **{f"p{i}": p for i, p in enumerate(problems)})


def set_payout_schedule(db: Session, actor: Actor, *, interval_days: int, hold_days: int,
                        min_amount_minor: int = 100) -> PayoutSchedule:
    """How often shops are paid and how many days after signing money waits (e.g. weekly, 7)."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    for name, value, top in (("interval", interval_days, 90), ("hold", hold_days, 90)):
        if not isinstance(value, int) or not (0 if name == "hold" else 1) <= value <= top:
            raise ServiceError(phrase("The payout interval must be a whole number of days up to {top}.", top=top)
                               if name == "interval" else
                               phrase("The payout hold must be a whole number of days up to {top}.", top=top))
    if not isinstance(min_amount_minor, int) or min_amount_minor < 0:
        raise ServiceError(phrase("The minimum payout cannot be negative."))
    row = db.get(PayoutSchedule, 1) or PayoutSchedule(id=1)
    row.interval_days, row.hold_days, row.min_amount_minor = interval_days, hold_days, min_amount_minor
    row.updated_at, row.updated_by = utcnow(), actor.user_id
    db.add(row)
    db.add(AuditEntry(actor_user_id=actor.user_id, action="payout_schedule.set", subject="payouts",
                      detail=f"every {interval_days} days, {hold_days} days after signing"))
    db.flush()
    return row


def ledger_health(db: Session, actor: Actor) -> ledger_report.LedgerReport:
    """The ledger check for the admin health page."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    return ledger_report.check_ledger(db)
