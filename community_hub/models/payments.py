"""Our own record of money moving through a payment provider: payments, refunds, payouts, the
webhook events already handled, and merchants' connected payout accounts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import unique_where, utc_field, utcnow


class PaymentStatus(StrEnum):
    REQUIRES_PAYMENT = "requires_payment"  # created; waiting for a card (or the provider never answered)
    PROCESSING = "processing"
    REQUIRES_CAPTURE = "requires_capture"  # a hold: authorised, not captured yet
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # the last try was declined; the same payment can be tried again
    CANCELED = "canceled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class Payment(SQLModel, table=True):
    # checkout_id is unique by an index (SQLite adds a column with no constraint in place).
    __table_args__ = (UniqueConstraint("purpose", "attempt"), Index("ix_payment_checkout_id", "checkout_id", unique=True))

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(index=True, max_length=80)  # "order:5", "bill:9", "deposit:3"
    attempt: int = 1
    confirm_count: int = 0  # card submissions so far; each gets its own idempotency key
    # `created` (epoch seconds) of the newest provider event applied to the status: older events
    # arriving late (reordered delivery) cannot move the status back.
    status_event_at: int = 0
    payer_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    payee: str = Field(default="", max_length=80)  # "merchant:3", "property:1", "" for the platform
    amount_minor: int = Field(gt=0)
    currency: str = Field(default="USD", max_length=3)
    captured_minor: int = 0  # what the provider actually took (a partial capture can be less)
    refunded_minor: int = 0  # refunds that succeeded
    provider: str = Field(max_length=20)
    provider_id: str | None = Field(default=None, unique=True, max_length=120)
    client_secret: str | None = Field(default=None, max_length=200)  # for the card form only
    # The provider's hosted payment page (a Stripe Checkout Session) the payer is sent to, when the
    # provider has one (payments/hosted_checkout.py); provider_id is set once it made the payment.
    checkout_id: str | None = Field(default=None, max_length=120)
    checkout_url: str | None = Field(default=None, max_length=1000)
    capture_method: str = "automatic"
    status: str = Field(default=PaymentStatus.REQUIRES_PAYMENT, index=True)
    idempotency_key: str = Field(unique=True, max_length=160)
    failure_message: str = ""
    # Why the money is held in suspense (what it paid for refused it); "" when it went where it
    # should. Admins refund or apply it (payments/held.py).
    held_reason: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=200)
    created_at: datetime = utc_field(default_factory=utcnow, index=True)
    updated_at: datetime = utc_field(default_factory=utcnow)
    succeeded_at: datetime | None = utc_field(default=None)


class RefundStatus(StrEnum):
    PENDING = "pending"  # asked for; the provider has not confirmed (or did not answer)
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


class Refund(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payment.id", index=True)
    amount_minor: int = Field(gt=0)
    currency: str = Field(max_length=3)
    provider_refund_id: str | None = Field(default=None, unique=True, max_length=120)
    status: str = Field(default=RefundStatus.PENDING, index=True)
    reason: str = Field(default="", max_length=200)
    requested_by: int | None = Field(default=None, foreign_key="user.id")
    idempotency_key: str = Field(unique=True, max_length=160)
    created_at: datetime = utc_field(default_factory=utcnow, index=True)
    succeeded_at: datetime | None = utc_field(default=None)


class PayoutStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Payout(SQLModel, table=True):
    # One payout in flight per shop, proven by the database: a second pending row for the same
    # owner is refused even if a code path forgot the lock (payouts.send_payout takes it).
    __table_args__ = (unique_where("uq_payout_one_pending", "owner", where="status = 'pending'"),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(index=True, max_length=80)  # "merchant:3"
    amount_minor: int = Field(gt=0)
    currency: str = Field(max_length=3)
    provider: str = Field(max_length=20)
    destination: str = Field(max_length=120)  # the connected account, e.g. "acct_123"
    provider_transfer_id: str | None = Field(default=None, unique=True, max_length=120)
    status: str = Field(default=PayoutStatus.PENDING, index=True)
    idempotency_key: str = Field(unique=True, max_length=160)
    failure_message: str = ""
    requested_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow, index=True)
    sent_at: datetime | None = utc_field(default=None)


class MerchantPayoutAccount(SQLModel, table=True):
    """A merchant's connected account at the provider (Stripe Connect `acct_...`)."""

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", unique=True)
    provider: str = Field(max_length=20)
    account_id: str = Field(max_length=120)
    created_at: datetime = utc_field(default_factory=utcnow)


class ProcessedWebhookEvent(SQLModel, table=True):
    """A provider event already handled; written in the same transaction as its effect."""

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(unique=True, max_length=120)
    provider: str = Field(max_length=20)
    type: str = Field(max_length=80)
    outcome: str = Field(default="", max_length=200)
    payment_id: int | None = Field(default=None, foreign_key="payment.id")
    received_at: datetime = utc_field(default_factory=utcnow)
