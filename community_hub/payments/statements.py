"""What shops see of their money: the statement of every money event in a period (and its CSV),
and their payouts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.csv_export import amount_cell, headers, to_csv
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import Actor, AdminPermission, require_merchant_of
from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.models.payments import Payout
from community_hub.payments import ledger

_KIND_LABELS = {
    "order_paid": phrase("Sale paid (held until the order is signed for)"),
    "order_settled": phrase("Sale settled"),
    "refund": phrase("Refund"),
    "payout_sent": phrase("Payout"),
    "deposit_held": phrase("Deposit held"),
    "deposit_released": phrase("Deposit returned"),
    "deposit_forfeited": phrase("Deposit kept"),
    "deposit_applied": phrase("Deposit applied to the order"),
    "commission_accrued": phrase("Commission"),
    "platform_coupon_reversed": phrase("Platform coupon: its share of a refund, back to the platform"),
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
    require_merchant_of(actor, merchant_id, admin=AdminPermission.FINANCE)
    if start.tzinfo is None or end.tzinfo is None:
        raise ServiceError(phrase("Statement dates need a time zone."))
    if end <= start:
        raise ServiceError(phrase("The end of the period must come after its start."))
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
    rows = [[r.at.isoformat(timespec="seconds"), r.label, r.reference, amount_cell(r.gross_minor, r.currency),
             amount_cell(r.service_fee_minor, r.currency), amount_cell(r.net_minor, r.currency), r.currency, r.memo]
            for r in statement.rows]
    return to_csv(headers(N_("date"), N_("type"), N_("reference"), N_("gross"), N_("service_fee"), N_("net_to_shop"),
                          N_("currency"), N_("memo")), rows)


def merchant_payouts(db: Session, actor: Actor, merchant_id: int) -> list[Payout]:
    """The shop's payouts, newest first, with their dates and status."""
    require_merchant_of(actor, merchant_id, admin=AdminPermission.FINANCE)
    return list(db.exec(select(Payout).where(Payout.owner == f"merchant:{merchant_id}")
                        .order_by(Payout.created_at.desc())).all())
