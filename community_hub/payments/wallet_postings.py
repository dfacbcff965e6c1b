"""The wallet's own ledger posting that the payment status change needs (a top-up's card payment
went through); kept apart from `wallet` so `status` can post it without importing the intents."""

from __future__ import annotations

import re

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models.ledger import AccountKind, LedgerTransaction
from community_hub.models.payments import Payment
from community_hub.payments import ledger
from community_hub.payments.ledger import Line

WALLET = "wallet"  # the pseudo provider of a payment paid from the wallet
# "topup:u<payer>-<hex>", or "topup:u<payer>-p<payment>-<hex>": the rest of that payment (wallet_shortfall.py)
TOPUP = re.compile(r"^topup:u(\d+)-(?:p\d+-)?[a-f0-9]{8,16}$")


def owner(user_id: int) -> str:
    return f"resident:{user_id}"


def top_up_paid(db: Session, payment: Payment) -> LedgerTransaction:
    """A top-up's card payment went through: the money is the resident's credit (once per payment,
    whatever number of webhook replays and fresh reads report it)."""
    match = TOPUP.match(payment.purpose)
    if match is None or payment.payer_user_id is None or int(match.group(1)) != payment.payer_user_id:
        raise ServiceError(phrase("This top-up does not name its payer."))
    amount = ledger.positive_amount(payment.captured_minor)
    key = f"wallet_topup:payment:{payment.id}"
    return ledger.existing(db, key) or ledger.post(db, "wallet_topup", payment.purpose, [
        Line(AccountKind.PROVIDER_CLEARING, ledger.provider_owner(payment.provider), amount, payment.currency),
        Line(AccountKind.RESIDENT_WALLET, owner(payment.payer_user_id), -amount, payment.currency),
    ], key, source=f"payment:{payment.id}", counterparty=owner(payment.payer_user_id), memo="wallet top-up")
