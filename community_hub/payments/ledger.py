"""Double-entry postings: every business event is one balanced transaction, posted at most once.

Debits are positive, credits negative; a transaction's postings sum to zero in each currency.
Where money sits for one business object ("order:5") is read back from the postings of the
transactions carrying that reference, so the limits below (refund at most what was paid, settle
what is still held, pay out at most what is owed) come from the ledger itself, not a side counter.

Accounts (kind, owner):
  provider_clearing  provider_clearing:<provider>  money the provider holds for us (debit-normal)
  escrow             escrow                        residents' money held for orders and deposits
  merchant_payable   merchant:<id>                 owed to a shop (credit-normal)
  platform_revenue   platform                      service fees earned
  platform_fees      platform                      commissions the platform pays
  commissions_payable agent:<id>                   owed to an agent
  commissions_pending agent:<id>                   earned by an agent, not yet out of the freeze window
  property_collected property:<id>                 fees collected for a property company
  resident_wallet    resident:<user id>            credit a resident can spend or withdraw
  points_issued      platform                      points given out, not yet spent (currency PTS)
  points_held        merchant:<id> / resident:<id> points a member holds (PTS, credit-normal)
  points_redeemed    platform                      points spent on ad slots and the like (PTS)

This module keeps the accounts, `post` and what the postings say; the named business postings
(order paid, settled, refunded, ...) are `ledger_postings`, the books' check is `ledger_report`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models.catalog import Category
from community_hub.models.ledger import (
    AccountKind,
    FeeRatio,
    LedgerAccount,
    LedgerPosting,
    LedgerTransaction,
)

log = logging.getLogger("community_hub.ledger")

DEFAULT_FEE_BPS = 500  # 5% when the admin has set nothing for a category (nor "*")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

# Transactions that bring a payer's money in for a reference, and those that give it back.
PAYER_IN_KINDS = ("order_paid", "property_fee_paid", "deposit_held", "ad_paid", "card_fee_paid", "sharing_paid",
                  "cover_fee_paid", "payment_suspended")
# suspense_released hands suspended money back to clearing, from where the normal money-in posts it.
PAYER_OUT_KINDS = ("refund", "deposit_released", "suspense_released")


class LedgerError(ServiceError):
    def __init__(self, message: str, code: str = "ledger"):
        super().__init__(message, code=code)


@dataclass(frozen=True)
class Line:
    """One side of a transaction before it is posted: which account, how much (debit > 0)."""

    kind: str
    owner: str
    amount_minor: int
    currency: str


def provider_owner(provider: str) -> str:
    return f"provider_clearing:{provider}"


def currency_code(currency: str) -> str:
    cur = (currency or "").upper()
    if not _CURRENCY.match(cur):
        raise LedgerError(phrase("{currency} is not a currency code (three letters, like USD).", currency=repr(currency)))
    return cur


def positive_amount(amount: int, what: str = "amount") -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise LedgerError(phrase("The {what} must be a positive whole number of cents.", what=what))
    return amount


def round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


# --- accounts -------------------------------------------------------------------------------


def find_account(db: Session, kind: str, owner: str, currency: str) -> LedgerAccount | None:
    return db.exec(
        select(LedgerAccount).where(
            LedgerAccount.kind == kind, LedgerAccount.owner == owner,
            LedgerAccount.currency == currency_code(currency),
        )
    ).first()


def account(db: Session, kind: str, owner: str, currency: str) -> LedgerAccount:
    """The account for (kind, owner, currency), created on first use."""
    if kind not in set(AccountKind):
        raise LedgerError(phrase("Unknown ledger account kind {kind}.", kind=repr(kind)))
    found = find_account(db, kind, owner, currency)
    if found:
        return found
    acc = LedgerAccount(kind=kind, owner=owner, currency=currency_code(currency))
    try:
        with db.begin_nested():  # a concurrent first use may win the unique constraint
            db.add(acc)
            db.flush()
    except IntegrityError:
        found = find_account(db, kind, owner, currency)
        if found is None:
            raise
        return found
    return acc


def balance(db: Session, acc: LedgerAccount | int) -> int:
    """An account's balance: the sum of its postings (debits positive)."""
    account_id = acc if isinstance(acc, int) else acc.id
    total = db.exec(
        select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0)).where(
            LedgerPosting.account_id == account_id
        )
    ).one()
    return int(total)


def locked_balance(db: Session, kind: str, owner: str, currency: str) -> tuple[LedgerAccount, int]:
    """The account (created if new) and its balance, with its row locked until the transaction
    ends: what a payout or a points purchase checks before it takes money or points out."""
    acc = account(db, kind, owner, currency)
    db.exec(select(LedgerAccount).where(LedgerAccount.id == acc.id).with_for_update()).one()
    return acc, balance(db, acc)


def balance_of(db: Session, kind: str, owner: str, currency: str) -> int:
    acc = find_account(db, kind, owner, currency)
    return balance(db, acc) if acc else 0


# --- posting --------------------------------------------------------------------------------


def existing(db: Session, unique_key: str) -> LedgerTransaction | None:
    return db.exec(select(LedgerTransaction).where(LedgerTransaction.unique_key == unique_key)).first()


def post(
    db: Session,
    kind: str,
    reference: str,
    postings: Iterable[Line],
    unique_key: str,
    *,
    source: str = "",
    counterparty: str = "",
    memo: str = "",
) -> LedgerTransaction:
    """Post one balanced transaction, or return the one already posted under `unique_key`.

    Refuses: no lines, a single line, a zero line, a bad currency, postings that do not sum to
    zero in each currency."""
    if not unique_key:
        raise LedgerError(phrase("A ledger transaction needs a unique key."))
    lines = list(postings)
    if len(lines) < 2:
        raise LedgerError(phrase("A ledger transaction needs at least two postings."), "ledger_unbalanced")
    sums: dict[str, int] = {}
    for line in lines:
        cur = currency_code(line.currency)
        if not isinstance(line.amount_minor, int) or line.amount_minor == 0:
            raise LedgerError(phrase("A posting of zero (or not a whole number) is not allowed."))
        sums[cur] = sums.get(cur, 0) + line.amount_minor
    bad = {cur: total for cur, total in sums.items() if total != 0}
    if bad:
        raise LedgerError(phrase("Ledger transaction {kind} for {reference} does not balance: {sums}.", kind=kind,
                                 reference=reference, sums=str(bad)), "ledger_unbalanced")
    found = existing(db, unique_key)
    if found:
        return found
    tx = LedgerTransaction(kind=kind, reference=reference, source=source,
                           counterparty=counterparty, unique_key=unique_key, memo=memo[:240])
    try:
        with db.begin_nested():
            db.add(tx)
            db.flush()
    except IntegrityError:
        found = existing(db, unique_key)
        if found is None:
            raise
        return found
    for line in lines:
        acc = account(db, line.kind, line.owner, line.currency)
        db.add(LedgerPosting(transaction_id=tx.id, account_id=acc.id,
                             amount_minor=line.amount_minor, currency=acc.currency))
        db.execute(
            update(LedgerAccount)
            .where(LedgerAccount.id == acc.id)
            .values(balance_minor=LedgerAccount.balance_minor + line.amount_minor)
            .execution_options(synchronize_session=False)
        )
        db.expire(acc, ["balance_minor"])
    db.flush()
    log.info("ledger %s %s %s posted (#%s)", kind, reference, unique_key, tx.id)
    return tx


# --- what the ledger says about one business object ------------------------------------------


def _sum_for(db: Session, reference: str, currency: str, kinds: Iterable[str] | None,
             account_kinds: Iterable[str]) -> int:
    q = (
        select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerTransaction.reference == reference, LedgerPosting.currency == currency,
               LedgerAccount.kind.in_(list(account_kinds)))
    )
    if kinds is not None:
        q = q.where(LedgerTransaction.kind.in_(list(kinds)))
    return int(db.exec(q).one())


def paid_net(db: Session, reference: str, currency: str) -> int:
    """What the payer has paid for `reference` minus what went back to them (refunds, releases)."""
    cur = currency_code(currency)
    payer_side = (AccountKind.PROVIDER_CLEARING, AccountKind.RESIDENT_WALLET)
    return _sum_for(db, reference, cur, PAYER_IN_KINDS + PAYER_OUT_KINDS, payer_side)


def held_in_suspense(db: Session, reference: str, currency: str) -> int:
    """Money received for `reference` that waits in suspense (see AccountKind.SUSPENSE)."""
    return -_sum_for(db, reference, currency_code(currency), None, (AccountKind.SUSPENSE,))


def held_in_escrow(db: Session, reference: str, currency: str) -> int:
    """Money still held in escrow for `reference` (an unsettled order, a running deposit)."""
    return -_sum_for(db, reference, currency_code(currency), None, (AccountKind.ESCROW,))


def _category_chain(db: Session, category: str) -> list[str]:
    """The category and its parents in the platform's category tree, nearest first."""
    chain, seen = [category], set()
    row = db.exec(select(Category).where(Category.slug == category)).first()
    while row is not None and row.parent_id and row.id not in seen:  # a hand-made cycle must end
        seen.add(row.id)
        row = db.get(Category, row.parent_id)
        if row is not None:
            chain.append(row.slug)
    return chain


def fee_bps(db: Session, category: str) -> int:
    """The service fee ratio for a merchant category (basis points): its own, else its nearest
    parent's in the category tree (a fee on "Food & drink" covers the bakery), else "*"."""
    chain = _category_chain(db, category)
    rows = db.exec(select(FeeRatio).where(FeeRatio.category.in_([*chain, "*"]))).all()
    by_cat = {r.category: r.ratio_bps for r in rows}
    return next((by_cat[c] for c in chain if c in by_cat), by_cat.get("*", DEFAULT_FEE_BPS))


def owner_account_kind(owner: str) -> str:
    prefix = owner.split(":", 1)[0]
    kinds = {
        "merchant": AccountKind.MERCHANT_PAYABLE,
        "agent": AccountKind.COMMISSIONS_PAYABLE,
        "property": AccountKind.PROPERTY_COLLECTED,
        "resident": AccountKind.RESIDENT_WALLET,
    }
    if prefix not in kinds or ":" not in owner:
        raise LedgerError(phrase("Nothing is paid out to {owner}.", owner=repr(owner)))
    return kinds[prefix]


def owed_to(db: Session, owner: str, currency: str) -> int:
    """What the platform owes `owner` ("merchant:3", "agent:7", "property:1", "resident:12")."""
    return -balance_of(db, owner_account_kind(owner), owner, currency)
