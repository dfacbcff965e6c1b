"""The membership programme's postings: card fees, commissions through their freeze window, their
reversal when a sale is refunded, and member discounts the platform funds.

A commission moves through two agent accounts:
  earned     platform_fees:platform        +a  /  commissions_pending:agent:<id>  -a
  released   commissions_pending:agent:<id> +a /  commissions_payable:agent:<id>  -a   (freeze over)
  reversed   commissions_pending or _payable +d / platform_fees:platform          -d   (a refund)
  paid       commissions_payable            +x  /  provider_clearing               -x   (payout_sent)
so what an agent may be paid (`ledger.owed_to("agent:<id>")`) never includes money still frozen,
and a reversal after release may take the payable below zero: netted against the next commission.
Each is posted once per unique key (the commission line's id, and a counter for reversals).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.payments.ledger import (
    Line,
    currency_code,
    existing,
    positive_amount,
    post,
    provider_owner,
)


def card_fee_paid(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
                  provider: str) -> LedgerTransaction:
    """A member paid a card fee (or an upgrade): the platform sells the cards, so it is revenue at
    once; a refund takes it back out of revenue (ledger_postings.refund, counterparty "platform")."""
    key = f"card_fee_paid:{source}"
    return existing(db, key) or post(db, "card_fee_paid", reference, [
        Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), positive_amount(amount_minor), currency),
        Line(AccountKind.PLATFORM_REVENUE, "platform", -amount_minor, currency),
    ], key, source=source, counterparty="platform", memo=f"card fee {reference}")


def cover_fee_paid(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
                   provider: str) -> LedgerTransaction:
    """A shop paid a month of the platform's customer-service cover (issue 18): revenue at once,
    like a card fee; a refund takes it back out of revenue."""
    key = f"cover_fee_paid:{source}"
    return existing(db, key) or post(db, "cover_fee_paid", reference, [
        Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), positive_amount(amount_minor), currency),
        Line(AccountKind.PLATFORM_REVENUE, "platform", -amount_minor, currency),
    ], key, source=source, counterparty="platform", memo=f"customer-service cover {reference}")


def platform_fee_net(db: Session, reference: str, currency: str) -> int:
    """What the platform has earned on `reference` so far: its service fee at settlement (or the
    card fee) less what refunds took back out of revenue."""
    total = db.exec(
        select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerTransaction.reference == reference, LedgerPosting.currency == currency_code(currency),
               LedgerAccount.kind == AccountKind.PLATFORM_REVENUE,
               LedgerTransaction.kind.in_(["order_settled", "card_fee_paid", "refund"]))
    ).one()
    return -int(total)


def commission_earned(db: Session, *, line_id: int, reference: str, agent_id: int, amount_minor: int,
                      currency: str, memo: str) -> LedgerTransaction:
    owner = f"agent:{agent_id}"
    amount = positive_amount(amount_minor, "commission")
    return post(db, "commission_earned", reference, [
        Line(AccountKind.PLATFORM_FEES, "platform", amount, currency),
        Line(AccountKind.COMMISSIONS_PENDING, owner, -amount, currency),
    ], f"commission_earned:{line_id}", source=f"commission:{line_id}", counterparty=owner, memo=memo)


def commission_released(db: Session, *, line_id: int, reference: str, agent_id: int, amount_minor: int,
                        currency: str) -> LedgerTransaction:
    owner = f"agent:{agent_id}"
    amount = positive_amount(amount_minor, "commission")
    return post(db, "commission_released", reference, [
        Line(AccountKind.COMMISSIONS_PENDING, owner, amount, currency),
        Line(AccountKind.COMMISSIONS_PAYABLE, owner, -amount, currency),
    ], f"commission_released:{line_id}", source=f"commission:{line_id}", counterparty=owner,
        memo=f"commission {line_id} out of its freeze window")


def commission_reversed(db: Session, *, line_id: int, seq: int, reference: str, agent_id: int,
                        amount_minor: int, currency: str, released: bool) -> LedgerTransaction:
    """Part of a commission goes back to the platform (its sale was refunded): from the frozen
    account while it is frozen, else from what the agent is owed (which may go below zero)."""
    owner = f"agent:{agent_id}"
    amount = positive_amount(amount_minor, "commission reversal")
    kind = AccountKind.COMMISSIONS_PAYABLE if released else AccountKind.COMMISSIONS_PENDING
    return post(db, "commission_reversed", reference, [
        Line(kind, owner, amount, currency),
        Line(AccountKind.PLATFORM_FEES, "platform", -amount, currency),
    ], f"commission_reversed:{line_id}:{seq}", source=f"commission:{line_id}", counterparty=owner,
        memo=f"commission {line_id} reversed by {amount} (refund)")


def member_discount_funded(db: Session, *, order_id: int, merchant_id: int, amount_minor: int,
                           currency: str) -> LedgerTransaction:
    """The platform pays the shop the member price it gave (a platform-funded member discount)."""
    owner = f"merchant:{merchant_id}"
    amount = positive_amount(amount_minor, "discount")
    return post(db, "member_discount", f"order:{order_id}", [
        Line(AccountKind.PLATFORM_FEES, "platform", amount, currency),
        Line(AccountKind.MERCHANT_PAYABLE, owner, -amount, currency),
    ], f"member_discount:{order_id}", source=f"order:{order_id}", counterparty=owner,
        memo=f"member price on order {order_id}, paid by the platform")
