"""Payments by provider for the admin finance page (issue 20): the card provider (demo or Stripe),
WeChat Pay, Alipay and the resident wallet, each per currency — how many were paid, what came in,
what went back, and what is still open — plus the open payments themselves, filtered by provider.

Amounts are what the provider actually took (`captured_minor`) and the refunds that succeeded
(`refunded_minor`), in minor units, never summed across currencies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import Text, phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments.common import PAID_STATUSES

# Not finished either way: waiting for the payer, going through, held, or declined and payable again.
STILL_OPEN = (PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.PROCESSING, PaymentStatus.REQUIRES_CAPTURE,
              PaymentStatus.FAILED)
CARD_PROVIDERS = ("demo", "stripe")
OPEN_LIST_LIMIT = 100


def provider_label(name: str) -> str:
    """How a person reads a Payment.provider value (a Text to translate, or the bare name)."""
    if name in CARD_PROVIDERS:
        return phrase("Card provider ({name})", name=name)
    named: dict[str, Text] = {"wechatpay": phrase("WeChat Pay"), "alipay": phrase("Alipay"),
                              "wallet": phrase("Resident wallet")}
    return named.get(name, name)


def status_word(status: str) -> str:
    """An open payment's status as a person reads it."""
    words: dict[str, Text] = {
        PaymentStatus.REQUIRES_PAYMENT: phrase("Waiting for the payer"),
        PaymentStatus.PROCESSING: phrase("Going through"),
        PaymentStatus.REQUIRES_CAPTURE: phrase("Held, not taken yet"),
        PaymentStatus.FAILED: phrase("Declined, can be tried again"),
    }
    return words.get(status, status)


@dataclass(frozen=True)
class ProviderTotals:
    provider: str
    currency: str
    paid_count: int
    received_minor: int
    refunded_minor: int
    open_count: int
    open_minor: int


@dataclass(frozen=True)
class OpenPayment:
    payment_id: int
    provider: str
    purpose: str
    status: str
    amount_minor: int
    currency: str
    created_at: datetime


def totals_by_provider(db: Session, actor: Actor) -> list[ProviderTotals]:
    """Per provider and currency: paid payments, money received and refunded, open payments."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    paid = Payment.status.in_([s.value for s in PAID_STATUSES])
    still_open = Payment.status.in_([s.value for s in STILL_OPEN])
    rows = db.exec(
        select(Payment.provider, Payment.currency,
               func.sum(case((paid, 1), else_=0)),
               func.sum(case((paid, Payment.captured_minor), else_=0)),
               func.sum(case((paid, Payment.refunded_minor), else_=0)),
               func.sum(case((still_open, 1), else_=0)),
               func.sum(case((still_open, Payment.amount_minor), else_=0)))
        .group_by(Payment.provider, Payment.currency).order_by(Payment.provider, Payment.currency)
    ).all()
    return [ProviderTotals(p, c, int(n or 0), int(got or 0), int(back or 0), int(o or 0), int(om or 0))
            for p, c, n, got, back, o, om in rows]


def providers_in_use(db: Session, actor: Actor) -> list[str]:
    require_admin_permission(actor, AdminPermission.FINANCE)
    return list(db.exec(select(Payment.provider).distinct().order_by(Payment.provider)).all())


def open_payments(db: Session, actor: Actor, provider: str = "") -> list[OpenPayment]:
    """The open payments, newest first (at most OPEN_LIST_LIMIT), of one provider or all ("")."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    if not isinstance(provider, str) or len(provider) > 20:
        raise ServiceError(phrase("Choose a provider from the list."))
    q = select(Payment).where(Payment.status.in_([s.value for s in STILL_OPEN]))
    if provider:
        q = q.where(Payment.provider == provider)
    q = q.order_by(Payment.created_at.desc(), Payment.id.desc()).limit(OPEN_LIST_LIMIT)
    return [OpenPayment(p.id, p.provider, p.purpose, p.status, p.amount_minor, p.currency, p.created_at)
            for p in db.exec(q).all()]
