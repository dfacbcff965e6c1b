"""What the ledger and the refunds say about a set of business references ("order:12"): the
platform's service fee kept and the money refunded, for the back office's order statistics
(marketplace/order_stats.py). Read-only; the caller checked who may ask."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.models.payments import Payment, Refund, RefundStatus

CHUNK = 500  # references per query: SQLite's parameter limit is far above, PostgreSQL's plans stay small


def fees_and_refunds(db: Session, references: list[str]) -> dict[str, tuple[int, int]]:
    """reference -> (service fee kept, refunded), in the reference's own currency's minor units.
    A fee given back on a refund after settlement is netted; references with neither are absent."""
    fees: dict[str, int] = defaultdict(int)
    refunded: dict[str, int] = defaultdict(int)
    for i in range(0, len(references), CHUNK):
        part = references[i:i + CHUNK]
        for ref, total in db.exec(
            select(LedgerTransaction.reference, func.sum(LedgerPosting.amount_minor))
            .join(LedgerPosting, LedgerPosting.transaction_id == LedgerTransaction.id)
            .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
            .where(LedgerTransaction.reference.in_(part), LedgerAccount.kind == AccountKind.PLATFORM_REVENUE)
            .group_by(LedgerTransaction.reference)
        ).all():
            fees[ref] += -int(total or 0)  # revenue is credit-normal: a fee earned posts negative
        for purpose, total in db.exec(
            select(Payment.purpose, func.sum(Refund.amount_minor))
            .join(Payment, Payment.id == Refund.payment_id)
            .where(Payment.purpose.in_(part), Refund.status == RefundStatus.SUCCEEDED)
            .group_by(Payment.purpose)
        ).all():
            refunded[purpose] += int(total or 0)
    return {ref: (fees.get(ref, 0), refunded.get(ref, 0)) for ref in set(fees) | set(refunded)}
