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
  property_collected property:<id>                 fees collected for a property company
  resident_wallet    resident:<user id>            credit a resident can spend or withdraw
  points_issued      platform                      points given out, not yet spent (currency PTS)
  points_held        merchant:<id> / resident:<id> points a member holds (PTS, credit-normal)
  points_redeemed    platform                      points spent on ad slots and the like (PTS)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import case, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
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
PAYER_IN_KINDS = ("order_paid", "property_fee_paid", "deposit_held", "ad_paid")
PAYER_OUT_KINDS = ("refund", "deposit_released")


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


def _currency(currency: str) -> str:
    cur = (currency or "").upper()
    if not _CURRENCY.match(cur):
        raise LedgerError(f"{currency!r} is not a currency code (three letters, like USD).")
    return cur


def _positive(amount: int, what: str = "amount") -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise LedgerError(f"The {what} must be a positive whole number of cents.")
    return amount


def round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


# --- accounts -------------------------------------------------------------------------------


def find_account(db: Session, kind: str, owner: str, currency: str) -> LedgerAccount | None:
    return db.exec(
        select(LedgerAccount).where(
            LedgerAccount.kind == kind, LedgerAccount.owner == owner,
            LedgerAccount.currency == _currency(currency),
        )
    ).first()


def account(db: Session, kind: str, owner: str, currency: str) -> LedgerAccount:
    """The account for (kind, owner, currency), created on first use."""
    if kind not in set(AccountKind):
        raise LedgerError(f"Unknown ledger account kind {kind!r}.")
    found = find_account(db, kind, owner, currency)
    if found:
        return found
    acc = LedgerAccount(kind=kind, owner=owner, currency=_currency(currency))
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
        raise LedgerError("A ledger transaction needs a unique key.")
    lines = list(postings)
    if len(lines) < 2:
        raise LedgerError("A ledger transaction needs at least two postings.", "ledger_unbalanced")
    sums: dict[str, int] = {}
    for line in lines:
        cur = _currency(line.currency)
        if not isinstance(line.amount_minor, int) or line.amount_minor == 0:
            raise LedgerError("A posting of zero (or not a whole number) is not allowed.")
        sums[cur] = sums.get(cur, 0) + line.amount_minor
    bad = {cur: total for cur, total in sums.items() if total != 0}
    if bad:
        raise LedgerError(
            f"Ledger transaction {kind} for {reference} does not balance: {bad}.", "ledger_unbalanced"
        )
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
    cur = _currency(currency)
    payer_side = (AccountKind.PROVIDER_CLEARING, AccountKind.RESIDENT_WALLET)
    return _sum_for(db, reference, cur, PAYER_IN_KINDS + PAYER_OUT_KINDS, payer_side)


def held_in_escrow(db: Session, reference: str, currency: str) -> int:
    """Money still held in escrow for `reference` (an unsettled order, a running deposit)."""
    return -_sum_for(db, reference, _currency(currency), None, (AccountKind.ESCROW,))


def fee_bps(db: Session, category: str) -> int:
    """The service fee ratio for a merchant category (basis points), falling back to "*"."""
    rows = db.exec(select(FeeRatio).where(FeeRatio.category.in_([category, "*"]))).all()
    by_cat = {r.category: r.ratio_bps for r in rows}
    return by_cat.get(category, by_cat.get("*", DEFAULT_FEE_BPS))


def _owner_account_kind(owner: str) -> str:
    prefix = owner.split(":", 1)[0]
    kinds = {
        "merchant": AccountKind.MERCHANT_PAYABLE,
        "agent": AccountKind.COMMISSIONS_PAYABLE,
        "property": AccountKind.PROPERTY_COLLECTED,
        "resident": AccountKind.RESIDENT_WALLET,
    }
    if prefix not in kinds or ":" not in owner:
        raise LedgerError(f"Nothing is paid out to {owner!r}.")
    return kinds[prefix]


def owed_to(db: Session, owner: str, currency: str) -> int:
    """What the platform owes `owner` ("merchant:3", "agent:7", "property:1", "resident:12")."""
    return -balance_of(db, _owner_account_kind(owner), owner, currency)


# --- named business postings ----------------------------------------------------------------


def _money_in(db: Session, kind: str, *, reference: str, source: str, amount_minor: int, currency: str,
              provider: str, to: tuple[str, str], counterparty: str, memo: str) -> LedgerTransaction:
    """Money a payer sent through the provider arrives: provider clearing up, `to` (kind, owner)
    credited. Posted once per `source`."""
    key = f"{kind}:{source}"
    return existing(db, key) or post(db, kind, reference, [
        Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), _positive(amount_minor), currency),
        Line(to[0], to[1], -amount_minor, currency),
    ], key, source=source, counterparty=counterparty, memo=memo)


def order_paid(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
               provider: str, counterparty: str = "") -> LedgerTransaction:
    """A resident paid for an order: provider clearing up, escrow holds it until settlement."""
    return _money_in(db, "order_paid", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.ESCROW, "escrow"),
                     counterparty=counterparty, memo=f"payment for {reference}")


def order_settled(db: Session, *, reference: str, merchant_id: int, category: str,
                  currency: str) -> LedgerTransaction | None:
    """The order is done (signed for): what escrow still holds goes to the shop, minus the
    platform's service fee for the shop's category. None when nothing is held (fully refunded)."""
    key = f"order_settled:{reference}"
    found = existing(db, key)
    if found:
        return found
    gross = held_in_escrow(db, reference, currency)
    if gross <= 0:
        return None
    fee = round_half_up(gross * fee_bps(db, category), 10000)
    lines = [
        Line(AccountKind.ESCROW, "escrow", gross, currency),
        Line(AccountKind.MERCHANT_PAYABLE, f"merchant:{merchant_id}", -(gross - fee), currency),
    ]
    if fee:
        lines.append(Line(AccountKind.PLATFORM_REVENUE, "platform", -fee, currency))
    if gross == fee:
        lines.pop(1)
    return post(db, "order_settled", reference, lines, key, source=reference,
                counterparty=f"merchant:{merchant_id}",
                memo=f"settled {reference}: service fee {fee} of {gross}")


def _settlement(db: Session, reference: str) -> LedgerTransaction | None:
    return existing(db, f"order_settled:{reference}")


def _settled_split(db: Session, tx: LedgerTransaction, currency: str) -> tuple[int, int, str]:
    """(gross, fee, merchant owner) of a settlement transaction."""
    rows = db.exec(
        select(LedgerPosting, LedgerAccount)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerPosting.transaction_id == tx.id, LedgerPosting.currency == currency)
    ).all()
    gross = sum(p.amount_minor for p, a in rows if a.kind == AccountKind.ESCROW)
    fee = -sum(p.amount_minor for p, a in rows if a.kind == AccountKind.PLATFORM_REVENUE)
    merchant = tx.counterparty
    return gross, fee, merchant


def refund(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
           provider: str, to_wallet_of: int | None = None, counterparty: str = "") -> LedgerTransaction:
    """Money goes back to the payer (to the card through the provider, or to their wallet).

    Never more than was paid minus what was refunded. It comes from where the money sits now:
    escrow before an order settles; after settlement from the shop's payable and, in proportion,
    the platform's fee; for property fees from the company's collected fees."""
    key = f"refund:{source}"
    found = existing(db, key)
    if found:
        return found
    cur = _currency(currency)
    amount = _positive(amount_minor, "refund amount")
    remaining = paid_net(db, reference, cur)
    if amount > remaining:
        raise LedgerError(
            f"A refund of {amount} is more than what is left to refund ({remaining}).", "refund_too_large"
        )
    if to_wallet_of is not None:
        to_line = Line(AccountKind.RESIDENT_WALLET, f"resident:{to_wallet_of}", -amount, cur)
    else:
        to_line = Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), -amount, cur)
    lines: list[Line] = []
    held = held_in_escrow(db, reference, cur)
    from_escrow = min(held, amount)
    if from_escrow > 0:
        lines.append(Line(AccountKind.ESCROW, "escrow", from_escrow, cur))
    rest = amount - max(from_escrow, 0)
    if rest > 0:
        settled = _settlement(db, reference)
        if settled is not None:
            gross, fee, merchant = _settled_split(db, settled, cur)
            fee_back = min(fee, round_half_up(rest * fee, gross)) if gross else 0
            if fee_back:
                lines.append(Line(AccountKind.PLATFORM_REVENUE, "platform", fee_back, cur))
            if rest - fee_back:
                lines.append(Line(AccountKind.MERCHANT_PAYABLE, merchant, rest - fee_back, cur))
            counterparty = counterparty or merchant
        elif counterparty.startswith("property:"):
            lines.append(Line(AccountKind.PROPERTY_COLLECTED, counterparty, rest, cur))
        elif counterparty == "platform":  # what the platform sold itself (ad slots) comes out of revenue
            lines.append(Line(AccountKind.PLATFORM_REVENUE, "platform", rest, cur))
        else:
            raise LedgerError(f"Cannot tell where the money for {reference} sits to refund it.")
    lines.append(to_line)
    return post(db, "refund", reference, lines, key, source=source, counterparty=counterparty,
                memo=f"refund of {amount} for {reference}")


def property_fee_paid(db: Session, *, reference: str, source: str, company_id: int, amount_minor: int,
                      currency: str, provider: str) -> LedgerTransaction:
    """A resident paid a property bill: we now hold it for the property company."""
    owner = f"property:{company_id}"
    return _money_in(db, "property_fee_paid", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.PROPERTY_COLLECTED, owner),
                     counterparty=owner, memo=f"property fee {reference}")


def ad_paid(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
            provider: str, counterparty: str = "platform") -> LedgerTransaction:
    """A merchant bought an ad slot: the platform sells the slots, so it is revenue at once."""
    return _money_in(db, "ad_paid", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.PLATFORM_REVENUE, "platform"),
                     counterparty=counterparty, memo=f"ad slot {reference}")


def deposit_held(db: Session, *, reference: str, source: str, amount_minor: int, currency: str,
                 provider: str, counterparty: str = "") -> LedgerTransaction:
    """A deposit was taken: it waits in escrow until released or forfeited."""
    return _money_in(db, "deposit_held", reference=reference, source=source, amount_minor=amount_minor,
                     currency=currency, provider=provider, to=(AccountKind.ESCROW, "escrow"),
                     counterparty=counterparty, memo=f"deposit held for {reference}")


def deposit_released(db: Session, *, reference: str, source: str, currency: str, provider: str,
                     amount_minor: int | None = None, to_wallet_of: int | None = None,
                     counterparty: str = "") -> LedgerTransaction | None:
    """The deposit goes back (all that is held unless `amount_minor` says less)."""
    key = f"deposit_released:{source}"
    found = existing(db, key)
    if found:
        return found
    cur = _currency(currency)
    held = held_in_escrow(db, reference, cur)
    amount = held if amount_minor is None else _positive(amount_minor)
    if amount <= 0:
        return None
    if amount > held:
        raise LedgerError(f"Only {held} of this deposit is still held.", "deposit_too_large")
    to = (Line(AccountKind.RESIDENT_WALLET, f"resident:{to_wallet_of}", -amount, cur)
          if to_wallet_of is not None else
          Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), -amount, cur))
    return post(db, "deposit_released", reference, [
        Line(AccountKind.ESCROW, "escrow", amount, cur), to,
    ], key, source=source, counterparty=counterparty, memo=f"deposit released for {reference}")


def deposit_forfeited(db: Session, *, reference: str, source: str, currency: str, beneficiary: str,
                      amount_minor: int | None = None) -> LedgerTransaction | None:
    """The deposit (or part of it) is kept, for `beneficiary`: "merchant:3", "property:1" or
    "platform"."""
    key = f"deposit_forfeited:{source}"
    found = existing(db, key)
    if found:
        return found
    cur = _currency(currency)
    held = held_in_escrow(db, reference, cur)
    amount = held if amount_minor is None else _positive(amount_minor)
    if amount <= 0:
        return None
    if amount > held:
        raise LedgerError(f"Only {held} of this deposit is still held.", "deposit_too_large")
    if beneficiary == "platform":
        to = Line(AccountKind.PLATFORM_REVENUE, "platform", -amount, cur)
    else:
        to = Line(_owner_account_kind(beneficiary), beneficiary, -amount, cur)
    return post(db, "deposit_forfeited", reference, [
        Line(AccountKind.ESCROW, "escrow", amount, cur), to,
    ], key, source=source, counterparty="" if beneficiary == "platform" else beneficiary,
        memo=f"deposit forfeited for {reference} to {beneficiary}")


def commission_accrued(db: Session, *, reference: str, source: str, agent_id: int, amount_minor: int,
                       currency: str, payer: str = "platform") -> LedgerTransaction:
    """An agent earned a commission, borne by the platform or by a shop ("merchant:3")."""
    key = f"commission_accrued:{source}"
    found = existing(db, key)
    if found:
        return found
    amount = _positive(amount_minor, "commission")
    if payer == "platform":
        from_line = Line(AccountKind.PLATFORM_FEES, "platform", amount, currency)
    elif payer.startswith("merchant:"):
        from_line = Line(AccountKind.MERCHANT_PAYABLE, payer, amount, currency)
    else:
        raise LedgerError(f"A commission cannot be charged to {payer!r}.")
    owner = f"agent:{agent_id}"
    return post(db, "commission_accrued", reference, [
        from_line, Line(AccountKind.COMMISSIONS_PAYABLE, owner, -amount, currency),
    ], key, source=source, counterparty=owner, memo=f"commission for {reference}")


def payout_sent(db: Session, *, reference: str, owner: str, amount_minor: int, currency: str,
                provider: str) -> LedgerTransaction:
    """Money owed to `owner` left through the provider (a transfer to their connected account).

    Never more than is owed: the owner's account row is locked while this is checked."""
    key = f"payout_sent:{reference}"
    found = existing(db, key)
    if found:
        return found
    cur = _currency(currency)
    amount = _positive(amount_minor, "payout")
    kind = _owner_account_kind(owner)
    _, held = locked_balance(db, kind, owner, cur)
    owed = -held
    if amount > owed:
        raise LedgerError(f"A payout of {amount} is more than the {owed} owed to {owner}.", "payout_too_large")
    return post(db, "payout_sent", reference, [
        Line(kind, owner, amount, cur),
        Line(AccountKind.PROVIDER_CLEARING, provider_owner(provider), -amount, cur),
    ], key, source=reference, counterparty=owner, memo=f"payout to {owner}")


# --- the check ------------------------------------------------------------------------------


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
        out = [f"{cur} sums to {total}, not 0" for cur, total in self.currency_sums.items() if total]
        out += [f"transaction #{u['transaction_id']} is off by {u['sum']} {u['currency']}" for u in self.unbalanced]
        out += [f"transaction #{t} has fewer than two postings or a zero posting" for t in self.short_transactions]
        out += [
            f"account #{m['account_id']} ({m['kind']} {m['owner']}) shows {m['cached']} but its postings sum to {m['postings']}"
            for m in self.cache_mismatches
        ]
        out += [f"posting #{p} is in a different currency from its account" for p in self.currency_mismatches]
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
