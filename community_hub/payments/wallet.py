"""A resident's wallet: credit the platform holds for a member, topped up by card and spent on
orders, bills and deposits, refunds coming back into it.

The wallet is the ledger account (resident_wallet, "resident:<user id>"), a liability to the
resident (credit-normal: the balance shown is minus the account's balance). Every movement is one
balanced transaction, posted once under its unique key:
  top-up       provider_clearing:<provider> +n / resident_wallet -n   ("wallet_topup:payment:<id>")
  pay          resident_wallet +n / provider_clearing:wallet -n        ("wallet_spent:payment:<id>")
               then the payment's own money-in (order_paid, property_fee_paid, ...) takes it from
               provider_clearing:wallet, exactly as after a card payment, so the pseudo provider
               "wallet" always nets to zero
  refund       the payment's own refund posting credits provider_clearing:wallet, then
               provider_clearing:wallet +n / resident_wallet -n        ("wallet_refund:refund:<id>")
Spending locks the wallet's account row while the balance is checked, so two tabs cannot spend
the same credit.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from community_hub.core.config import settings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money, parse_amount
from community_hub.core.permissions import Actor, require_user
from community_hub.models.base import utcnow
from community_hub.models.ledger import AccountKind, LedgerAccount, LedgerPosting, LedgerTransaction
from community_hub.models.payments import Payment, PaymentStatus, Refund, RefundStatus
from community_hub.models.wallet import WalletRefundChoice
from community_hub.payments import intents, ledger
from community_hub.payments.common import OPEN_STATUSES, PAID_STATUSES, audit, load_payment, log
from community_hub.payments.ledger import Line
from community_hub.payments.providers.base import ProviderRefund
from community_hub.payments.status import apply_refund_state, move_status
from community_hub.payments.wallet_postings import WALLET, owner

MIN_TOP_UP = 500  # $5.00: smaller top-ups cost more in card fees than they are worth
MAX_TOP_UP = 50_000  # $500.00
# The kinds a wallet payment may pay (what a resident pays for themselves).
SPENDABLE_KINDS = ("order", "bill", "bills", "deposit", "share")


def currency() -> str:
    """The currency wallets hold: the deployment's (HUB_WALLET_CURRENCY, USD by default)."""
    return settings().wallet_currency


def balance(db: Session, actor: Actor, in_currency: str | None = None) -> int:
    """The actor's wallet credit in minor units (0 when the wallet was never used)."""
    require_user(actor)
    return -ledger.balance_of(db, AccountKind.RESIDENT_WALLET, owner(actor.user_id), in_currency or currency())


def _locked_credit(db: Session, user_id: int, currency: str) -> int:
    _, held = ledger.locked_balance(db, AccountKind.RESIDENT_WALLET, owner(user_id), currency)
    return -held


# --- top-ups ------------------------------------------------------------------------------------


def start_top_up(db: Session, actor: Actor, amount_text: str | int) -> Payment:
    """Open a card payment that tops the actor's wallet up; the pay page (/pay/<id>) takes the card.
    Refused with nothing started: an amount that is not money, below MIN_TOP_UP or above MAX_TOP_UP."""
    require_user(actor)
    cur = currency()
    amount = parse_amount(amount_text, cur, phrase("top-up amount"), allow_zero=False)
    if amount < MIN_TOP_UP:
        raise ServiceError(phrase("The smallest top-up is {amount}.", amount=format_money(MIN_TOP_UP, cur)),
                           code="topup_too_small")
    if amount > MAX_TOP_UP:
        raise ServiceError(phrase("The largest top-up is {amount}.", amount=format_money(MAX_TOP_UP, cur)),
                           code="topup_too_large")
    purpose = f"topup:u{actor.user_id}-{secrets.token_hex(6)}"
    return intents.start_payment(db, actor, purpose=purpose, amount_minor=amount, currency=cur,
                                 description="Wallet top-up")


# --- paying from the wallet --------------------------------------------------------------------------


def pay_from_wallet(db: Session, actor: Actor, payment_id: int) -> Payment:
    """Pay an open order, bill or deposit payment in full from the actor's wallet.

    The open card attempt is given up and a new attempt, by the pseudo provider "wallet", succeeds
    through the same status change as a card payment: the same hooks run and the same money-in is
    posted, so the order or bill moves exactly as after a card. Refused with nothing paid: a
    balance smaller than the amount, a payment that is not the actor's or not open."""
    require_user(actor)
    payment = load_payment(db, payment_id)
    if payment.payer_user_id != actor.user_id:
        raise NotFound(phrase("payment"))
    kind = payment.purpose.split(":", 1)[0]
    if kind not in SPENDABLE_KINDS:
        raise ServiceError(phrase("This cannot be paid from the wallet."), code="wallet_not_for_this")
    latest = db.exec(select(Payment).where(Payment.purpose == payment.purpose)
                     .order_by(Payment.attempt.desc()).with_for_update()).first()
    if latest is None or latest.status in PAID_STATUSES or any(
            p.status in PAID_STATUSES for p in db.exec(select(Payment).where(Payment.purpose == payment.purpose)).all()):
        raise ServiceError(phrase("This has already been paid."), code="already_paid")
    if latest.id != payment.id or payment.status not in OPEN_STATUSES:
        raise ServiceError(phrase("This payment cannot be paid now; open it again."), code="not_open")
    _check_credit(db, actor.user_id, payment)
    intents.cancel_payment(db, actor, payment.id)  # the card attempt stops taking money first
    db.refresh(payment, with_for_update=True)
    if payment.status in PAID_STATUSES:  # the card went through meanwhile: nothing from the wallet
        raise ServiceError(phrase("This has already been paid."), code="already_paid")
    _check_credit(db, actor.user_id, payment)  # re-read under the wallet's row lock
    paid = Payment(purpose=payment.purpose, attempt=payment.attempt + 1, payer_user_id=actor.user_id,
                   payee=payment.payee, amount_minor=payment.amount_minor, currency=payment.currency,
                   provider=WALLET, idempotency_key=f"{payment.purpose}:pay:{payment.attempt + 1}",
                   description=payment.description)
    db.add(paid)
    db.flush()
    amount = paid.amount_minor
    ledger.post(db, "wallet_spent", paid.purpose, [
        Line(AccountKind.RESIDENT_WALLET, owner(actor.user_id), amount, paid.currency),
        Line(AccountKind.PROVIDER_CLEARING, ledger.provider_owner(WALLET), -amount, paid.currency),
    ], f"wallet_spent:payment:{paid.id}", source=f"payment:{paid.id}", counterparty=owner(actor.user_id),
        memo=f"paid from the wallet: {paid.purpose}")
    move_status(db, paid, PaymentStatus.SUCCEEDED, at=int(time.time()), amount_received=amount)
    audit(db, actor, "payment.wallet", f"payment:{paid.id}", format_money(amount, paid.currency))
    log.info("payment %s for %s paid from the wallet of user %s", paid.id, paid.purpose, actor.user_id)
    return paid


def _check_credit(db: Session, user_id: int, payment: Payment) -> None:
    _refuse_short(_locked_credit(db, user_id, payment.currency), payment.amount_minor, payment.currency)


def check_covers(db: Session, actor: Actor, amount_minor: int, currency: str) -> None:
    """Refused in words unless the actor's wallet holds `amount_minor` (before a payment is opened
    only to be paid from the wallet; paying checks again under the lock)."""
    _refuse_short(balance(db, actor, currency), amount_minor, currency)


def _refuse_short(credit: int, amount_minor: int, currency: str) -> None:
    if credit < amount_minor:
        raise ServiceError(phrase("Your wallet holds {balance}; this costs {amount}. Nothing was paid.",
                                  balance=format_money(credit, currency), amount=format_money(amount_minor, currency)),
                           code="wallet_too_low")


# --- refunds of wallet payments ------------------------------------------------------------------------


def refund_choice(db: Session, actor: Actor) -> bool:
    """Whether the actor wants refunds of card payments in their wallet (default: back to the card)."""
    require_user(actor)
    return _wants_wallet(db, actor.user_id)


def _wants_wallet(db: Session, user_id: int | None) -> bool:
    row = db.exec(select(WalletRefundChoice).where(WalletRefundChoice.user_id == user_id)).first()
    return bool(row and row.to_wallet)


def set_refund_choice(db: Session, actor: Actor, to_wallet: bool) -> bool:
    """The actor chooses where refunds of their card payments go: into the wallet, or the card."""
    require_user(actor)
    if not isinstance(to_wallet, bool):
        raise ServiceError(phrase("Choose the wallet or the card."))
    row = db.exec(select(WalletRefundChoice).where(WalletRefundChoice.user_id == actor.user_id)
                  .with_for_update()).first() or WalletRefundChoice(user_id=actor.user_id)
    row.to_wallet, row.updated_at = to_wallet, utcnow()
    db.add(row)
    db.flush()
    return to_wallet


def refund_goes_to_wallet(db: Session, payment: Payment) -> bool:
    """A refund of a wallet payment always goes back to the wallet; of a card payment for an
    order, bill or deposit, where the payer chose (the card unless they chose the wallet)."""
    if payment.provider == WALLET:
        return True
    kind = payment.purpose.split(":", 1)[0]
    return kind in SPENDABLE_KINDS and payment.payer_user_id is not None and _wants_wallet(db, payment.payer_user_id)


def refund_to_wallet(db: Session, payment: Payment, refund: Refund) -> Refund:
    """A refund that goes into the wallet, at once (no provider to ask): the payment's own refund
    posting, through the same state change as a card refund, then from the provider's clearing
    (the money the provider still holds for us, or the wallet's own pseudo clearing) into the
    resident's credit."""
    if payment.payer_user_id is None:
        raise ServiceError(phrase("This payment has no payer to refund."))
    pr = ProviderRefund(id=f"wallet_re_{refund.id}", payment_id=str(payment.id), amount=refund.amount_minor,
                        currency=refund.currency, status="succeeded")
    apply_refund_state(db, payment, refund, pr)
    if refund.status == RefundStatus.SUCCEEDED:
        key = f"wallet_refund:refund:{refund.id}"
        ledger.existing(db, key) or ledger.post(db, "wallet_refund", payment.purpose, [
            Line(AccountKind.PROVIDER_CLEARING, ledger.provider_owner(payment.provider), refund.amount_minor,
                 refund.currency),
            Line(AccountKind.RESIDENT_WALLET, owner(payment.payer_user_id), -refund.amount_minor, refund.currency),
        ], key, source=f"refund:{refund.id}", counterparty=owner(payment.payer_user_id),
            memo=f"refund into the wallet: {payment.purpose}")
    return refund


# --- history -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WalletMove:
    """One line of a wallet's history: credit in (positive) or out, and the receipt behind it."""

    at: datetime
    kind: str  # wallet_topup | wallet_spent | wallet_refund | other postings into the wallet
    amount_minor: int
    currency: str
    reference: str
    receipt_payment_id: int | None

    @property
    def label(self) -> str:
        return MOVE_LABELS.get(self.kind, phrase("Credit"))


MOVE_LABELS = {"wallet_topup": phrase("Top-up"), "wallet_spent": phrase("Paid from the wallet"),
               "wallet_refund": phrase("Refund into the wallet"), "sharing_settled": phrase("Sharing income"),
               "deposit_released": phrase("Deposit returned")}


def history(db: Session, actor: Actor, *, limit: int = 100) -> list[WalletMove]:
    """The actor's wallet movements, newest first, each with the payment whose receipt shows it."""
    require_user(actor)
    rows = db.exec(
        select(LedgerPosting, LedgerTransaction)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
        .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerAccount.kind == AccountKind.RESIDENT_WALLET, LedgerAccount.owner == owner(actor.user_id))
        .order_by(LedgerTransaction.id.desc()).limit(max(1, min(int(limit), 500)))
    ).all()
    refund_ids = [int(t.source.split(":", 1)[1]) for _, t in rows
                  if t.source.startswith("refund:") and t.source.split(":", 1)[1].isdigit()]
    paid_by = {r.id: r.payment_id for r in db.exec(select(Refund).where(Refund.id.in_(refund_ids))).all()} \
        if refund_ids else {}
    out = []
    for posting, tx in rows:
        prefix, _, ident = tx.source.partition(":")
        receipt = None
        if ident.isdigit():
            receipt = int(ident) if prefix == "payment" else paid_by.get(int(ident)) if prefix == "refund" else None
        out.append(WalletMove(at=tx.created_at, kind=tx.kind, amount_minor=-posting.amount_minor,
                              currency=posting.currency, reference=tx.reference, receipt_payment_id=receipt))
    return out


def paid_from_wallet(db: Session, payment: Payment) -> bool:
    return payment.provider == WALLET


@dataclass(frozen=True)
class WalletOffer:
    """What the pay page offers: the payer's credit, and whether it can pay this payment now."""

    balance_minor: int
    currency: str
    can_pay: bool  # the kind may be paid from the wallet, it is open and the credit covers it


def offer(db: Session, actor: Actor, payment_id: int) -> WalletOffer:
    """The wallet's side of the pay page (no lock: paying re-checks everything under locks)."""
    require_user(actor)
    payment = load_payment(db, payment_id, lock=False)
    if payment.payer_user_id != actor.user_id:
        raise NotFound(phrase("payment"))
    credit = balance(db, actor, payment.currency)
    usable = (payment.purpose.split(":", 1)[0] in SPENDABLE_KINDS and payment.status in OPEN_STATUSES
              and credit >= payment.amount_minor)
    return WalletOffer(balance_minor=credit, currency=payment.currency, can_pay=usable)
