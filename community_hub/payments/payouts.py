"""Paying shops what they are owed: the connected payout account, sending and retrying a payout
(the row is committed before the provider hears of it), and the admin's payout schedule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, AdminPermission, admin_passes, require_user
from community_hub.core.rows import get_or_not_found
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.ledger import (
    LedgerPosting,
    LedgerTransaction,
    PayoutSchedule,
)
from community_hub.models.payments import MerchantPayoutAccount, Payout, PayoutStatus
from community_hub.payments import ledger, ledger_postings
from community_hub.payments.common import audit, log, provider_unavailable, require_admin_or_system
from community_hub.payments.providers.base import PaymentProviderError, ProviderUnavailable
from community_hub.payments.providers.registry import get_provider
from community_hub.payments.webhooks import deliver_provider_events

_ACCOUNT_ID = re.compile(r"^acct_[A-Za-z0-9_]{4,100}$")


def set_payout_account(db: Session, actor: Actor, merchant_id: int, account_id: str,
                       provider_name: str | None = None) -> MerchantPayoutAccount:
    """Connect (or change) the shop's payout account, e.g. a Stripe Connect "acct_..." id."""
    require_user(actor)
    if not (actor.is_merchant_of(merchant_id) or admin_passes(actor, AdminPermission.FINANCE)):
        raise PermissionDenied(phrase("You can only manage your own shop."))
    if db.get(Merchant, merchant_id) is None:
        raise NotFound(phrase("shop"))
    account_id = (account_id or "").strip()
    if not _ACCOUNT_ID.match(account_id):
        raise ServiceError(phrase("A connected account id looks like acct_1A2b3C4d."))
    row = db.exec(select(MerchantPayoutAccount).where(MerchantPayoutAccount.merchant_id == merchant_id)).first()
    provider = provider_name or get_provider().name
    if row is None:
        row = MerchantPayoutAccount(merchant_id=merchant_id, provider=provider, account_id=account_id)
    else:
        row.account_id, row.provider = account_id, provider
    db.add(row)
    audit(db, actor, "payout.account", f"merchant:{merchant_id}", account_id)
    db.flush()
    return row


def payout_available(db: Session, owner: str, currency: str) -> int:
    """Owed to `owner` in the ledger, less payouts already on their way."""
    pending = db.exec(select(func.coalesce(func.sum(Payout.amount_minor), 0)).where(
        Payout.owner == owner, Payout.currency == currency, Payout.status == PayoutStatus.PENDING)).one()
    return ledger.owed_to(db, owner, currency) - int(pending)


def send_payout(db: Session, actor: Actor, merchant_id: int, amount_minor: int | None = None,
                currency: str | None = None) -> Payout:
    """Transfer what the shop is owed (or `amount_minor` of it) to its connected account.
    Platform admin only (or the payout schedule run as SYSTEM)."""
    require_admin_or_system(actor)
    merchant = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    owner = f"merchant:{merchant_id}"
    cur = (currency or merchant.currency).upper()
    account = db.exec(select(MerchantPayoutAccount).where(MerchantPayoutAccount.merchant_id == merchant_id)).first()
    if account is None:
        log.warning("payout to %s refused: no connected account", owner)
        raise ServiceError(phrase("{shop} has not connected a payout account yet, so nothing was sent.", shop=merchant.name),
                           code="no_payout_account")
    return send_owner_payout(db, actor, owner, merchant.name, cur, account.provider, account.account_id,
                             amount_minor)


def send_owner_payout(db: Session, actor: Actor, owner: str, name: str, currency: str, provider: str,
                      destination: str, amount_minor: int | None = None) -> Payout:
    """Transfer what `owner` ("merchant:3", "agent:7") is owed, or `amount_minor` of it, to its
    connected account `destination`. The caller checked who may ask (admin or the schedule)."""
    require_admin_or_system(actor)
    cur = currency.upper()
    # Two admin tabs (or the schedule and an admin) must not both find the balance free: the owner's
    # payable row is locked before anything is checked, so the second waits and then sees the
    # first payout (and a partial unique index allows one pending payout per owner at most).
    ledger.locked_balance(db, ledger.owner_account_kind(owner), owner, cur)
    stuck = db.exec(select(Payout).where(Payout.owner == owner, Payout.status == PayoutStatus.PENDING)).first()
    if stuck is not None:
        return _send(db, stuck)  # the same idempotency key: the provider sends it at most once
    available = payout_available(db, owner, cur)
    amount = available if amount_minor is None else amount_minor
    if not isinstance(amount, int) or amount <= 0:
        raise ServiceError(phrase("{shop} has nothing to pay out.", shop=name), code="nothing_to_pay")
    if amount > available:
        raise ServiceError(phrase("{shop} is owed only {amount}.", shop=name, amount=format_money(available, cur)),
                           code="payout_too_large")
    payout = Payout(owner=owner, amount_minor=amount, currency=cur, provider=provider,
                    destination=destination, requested_by=actor.user_id, idempotency_key="pending")
    db.add(payout)
    db.flush()
    payout.idempotency_key = f"payout:{payout.id}:transfer"
    audit(db, actor, "payout.send", owner, format_money(amount, cur))
    return _send(db, payout)


def retry_payout(db: Session, actor: Actor, payout_id: int) -> Payout:
    """Send a payout that got no answer again, with the same idempotency key."""
    require_admin_or_system(actor)
    payout = get_or_not_found(db, Payout, payout_id, phrase("payout"))
    if payout.status != PayoutStatus.PENDING:
        return payout
    return _send(db, payout)


def _send(db: Session, payout: Payout) -> Payout:
    db.add(payout)
    db.commit()  # the payout is on record before the provider hears of it
    provider = get_provider(payout.provider)
    try:
        tr = provider.transfer(payout.destination, payout.amount_minor, payout.currency, payout.idempotency_key,
                               metadata={"hub_payout_id": str(payout.id), "owner": payout.owner})
    except ProviderUnavailable as exc:
        raise provider_unavailable(exc, "payout", payout.owner) from exc
    except PaymentProviderError as exc:
        payout.status = PayoutStatus.FAILED
        payout.failure_message = exc.message
        db.add(payout)
        log.warning("payout %s refused by provider: %s", payout.id, exc.detail or exc.message)
        raise ServiceError(exc.message, code=exc.code, keep=True) from exc
    db.refresh(payout, with_for_update=True)  # another sender of this same payout may have finished
    if payout.status != PayoutStatus.PENDING:
        return payout
    ledger_postings.payout_sent(db, reference=f"payout:{payout.id}", owner=payout.owner, amount_minor=payout.amount_minor,
                       currency=payout.currency, provider=payout.provider)
    payout.provider_transfer_id = tr.id
    payout.status = PayoutStatus.SENT
    payout.sent_at = utcnow()
    db.add(payout)
    db.flush()
    deliver_provider_events(db, provider, tr.id)
    return payout


def payout_schedule(db: Session) -> PayoutSchedule:
    return db.get(PayoutSchedule, 1) or PayoutSchedule(id=1)


@dataclass(frozen=True)
class PayoutRun:
    merchant_id: int
    amount_minor: int
    currency: str
    outcome: str  # sent | skipped | failed
    message: str = ""
    payout_id: int | None = None


def due_amount(db: Session, merchant_id: int, currency: str, now: datetime, hold_days: int) -> int:
    """What may be paid out now: owed, less what settled within the hold period."""
    owner = f"merchant:{merchant_id}"
    recent = db.exec(
        select(func.coalesce(func.sum(LedgerPosting.amount_minor), 0))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerPosting.transaction_id)
        .where(LedgerTransaction.kind == "order_settled", LedgerTransaction.counterparty == owner,
               LedgerTransaction.created_at > now - timedelta(days=hold_days),
               LedgerPosting.currency == currency, LedgerPosting.amount_minor < 0,
               LedgerPosting.account_id.in_(
                   select(ledger.LedgerAccount.id).where(ledger.LedgerAccount.owner == owner)))
    ).one()
    return payout_available(db, owner, currency) - (-int(recent))


def run_due_payouts(db: Session, actor: Actor, now: datetime | None = None) -> list[PayoutRun]:
    """Pay every shop that is due under the admin's payout schedule. Shops without a connected
    account, or with too little due, are listed as skipped with the reason."""
    require_admin_or_system(actor)
    now = now or utcnow()
    sched = payout_schedule(db)
    results: list[PayoutRun] = []
    for merchant in db.exec(select(Merchant).order_by(Merchant.id)).all():
        owner = f"merchant:{merchant.id}"
        last = db.exec(select(Payout).where(Payout.owner == owner, Payout.status == PayoutStatus.SENT)
                       .order_by(Payout.sent_at.desc())).first()
        if last is not None and last.sent_at and last.sent_at > now - timedelta(days=sched.interval_days):
            continue
        cur = merchant.currency.upper()
        due = due_amount(db, merchant.id, cur, now, sched.hold_days)
        if due < max(1, sched.min_amount_minor):
            continue
        try:
            payout = send_payout(db, actor, merchant.id, due, cur)
        except ServiceError as exc:
            results.append(PayoutRun(merchant.id, due, cur, "skipped" if exc.code == "no_payout_account"
                                     else "failed", exc.message))
            if exc.keep:
                db.commit()
            continue
        results.append(PayoutRun(merchant.id, due, cur, "sent" if payout.status == PayoutStatus.SENT else "failed",
                                 payout.failure_message, payout.id))
    return results
