"""Checking the books: every transaction balances, no account is where it must not be, and the
balances of all accounts for the admin's health page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func
from sqlmodel import Session, select

from community_hub.core.i18n import phrase
from community_hub.models.ledger import LedgerAccount, LedgerPosting, LedgerTransaction


@dataclass
class LedgerReport:
    ok: bool
    currency_sums: dict[str, int] = field(default_factory=dict)
    unbalanced: list[dict] = field(default_factory=list)  # {transaction_id, currency, sum}
    short_transactions: list[int] = field(default_factory=list)  # < 2 postings or a zero line
    cache_mismatches: list[dict] = field(default_factory=list)  # {account_id, kind, owner, cached, postings}
    currency_mismatches: list[int] = field(default_factory=list)  # posting ids
    transactions: int = 0
    postings: int = 0
    accounts: int = 0

    def problems(self) -> list[str]:
        out = [phrase("{currency} sums to {total}, not 0", currency=cur, total=total)
               for cur, total in self.currency_sums.items() if total]
        out += [phrase("transaction #{id} is off by {sum} {currency}", id=u["transaction_id"], sum=u["sum"],
                       currency=u["currency"]) for u in self.unbalanced]
        out += [phrase("transaction #{id} has fewer than two postings or a zero posting", id=t)
                for t in self.short_transactions]
        out += [
            phrase("account #{id} ({kind} {owner}) shows {cached} but its postings sum to {postings}",
                   id=m["account_id"], kind=m["kind"], owner=m["owner"], cached=m["cached"], postings=m["postings"])
            for m in self.cache_mismatches
        ]
        out += [phrase("posting #{id} is in a different currency from its account", id=p) for p in self.currency_mismatches]
        return out


def check_ledger(db: Session) -> LedgerReport:
    """Prove the whole ledger: zero per currency, every transaction balanced with two or more
    non-zero postings, every account's cached balance equal to the sum of its postings."""
    sums = {cur: int(total) for cur, total in db.exec(
        select(LedgerPosting.currency, func.sum(LedgerPosting.amount_minor)).group_by(LedgerPosting.currency)
    ).all()}
    unbalanced = [
        {"transaction_id": tid, "currency": cur, "sum": int(total)}
        for tid, cur, total in db.exec(
            select(LedgerPosting.transaction_id, LedgerPosting.currency, func.sum(LedgerPosting.amount_minor))
            .group_by(LedgerPosting.transaction_id, LedgerPosting.currency)
            .having(func.sum(LedgerPosting.amount_minor) != 0)
        ).all()
    ]
    counts = (
        select(LedgerTransaction.id, func.count(LedgerPosting.id).label("n"),
               func.sum(case((LedgerPosting.amount_minor == 0, 1), else_=0)).label("zeros"))
        .join(LedgerPosting, LedgerPosting.transaction_id == LedgerTransaction.id, isouter=True)
        .group_by(LedgerTransaction.id)
    ).subquery()
    short = [int(t) for t in db.exec(
        select(counts.c.id).where((counts.c.n < 2) | (func.coalesce(counts.c.zeros, 0) > 0))
    ).all()]
    derived = (
        select(LedgerPosting.account_id, func.sum(LedgerPosting.amount_minor).label("total"))
        .group_by(LedgerPosting.account_id)
    ).subquery()
    cache = [
        {"account_id": a.id, "kind": a.kind, "owner": a.owner, "cached": a.balance_minor, "postings": int(total)}
        for a, total in db.exec(
            select(LedgerAccount, func.coalesce(derived.c.total, 0))
            .join(derived, derived.c.account_id == LedgerAccount.id, isouter=True)
            .where(LedgerAccount.balance_minor != func.coalesce(derived.c.total, 0))
        ).all()
    ]
    wrong_currency = [int(p) for p in db.exec(
        select(LedgerPosting.id).join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerAccount.currency != LedgerPosting.currency)
    ).all()]
    report = LedgerReport(
        ok=False, currency_sums=sums, unbalanced=unbalanced, short_transactions=short,
        cache_mismatches=cache, currency_mismatches=wrong_currency,
        transactions=int(db.exec(select(func.count(LedgerTransaction.id))).one()),
        postings=int(db.exec(select(func.count(LedgerPosting.id))).one()),
        accounts=int(db.exec(select(func.count(LedgerAccount.id))).one()),
    )
    report.ok = not report.problems()
    return report


@dataclass(frozen=True)
class AccountRow:
    id: int
    kind: str
    owner: str
    currency: str
    balance_minor: int


def account_balances(db: Session) -> list[AccountRow]:
    """Every account with its balance from postings (for the admin health page)."""
    derived = (
        select(LedgerPosting.account_id, func.sum(LedgerPosting.amount_minor).label("total"))
        .group_by(LedgerPosting.account_id)
    ).subquery()
    rows = db.exec(
        select(LedgerAccount, func.coalesce(derived.c.total, 0))
        .join(derived, derived.c.account_id == LedgerAccount.id, isouter=True)
        .order_by(LedgerAccount.kind, LedgerAccount.owner, LedgerAccount.currency)
    ).all()
    return [AccountRow(a.id, a.kind, a.owner, a.currency, int(t)) for a, t in rows]
