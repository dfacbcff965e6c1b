"""The double-entry ledger: accounts, transactions and their postings, plus service fee ratios.

Sign convention: a posting's amount_minor is positive for a debit and negative for a credit, so
every transaction's postings sum to zero per currency. A balance is the sum of an account's
postings; `LedgerAccount.balance_minor` is a cache kept in the same transaction as each posting and
proven equal to that sum by `payments.ledger_report.check_ledger` (it also gives payouts a row to lock).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class AccountKind(StrEnum):
    PROVIDER_CLEARING = "provider_clearing"  # owner "provider_clearing:stripe": money the provider holds for us
    ESCROW = "escrow"  # owner "escrow": residents' money held until an order settles or a deposit ends
    RESIDENT_WALLET = "resident_wallet"  # owner "resident:12": credit we owe a resident
    MERCHANT_PAYABLE = "merchant_payable"  # owner "merchant:3": what we owe a shop
    PLATFORM_REVENUE = "platform_revenue"  # owner "platform": service fees earned
    PLATFORM_FEES = "platform_fees"  # owner "platform": commissions and other costs the platform bears
    COMMISSIONS_PAYABLE = "commissions_payable"  # owner "agent:7": commissions owed to an agent
    COMMISSIONS_PENDING = "commissions_pending"  # owner "agent:7": earned, inside the freeze window
    PROPERTY_RECEIVABLE = "property_receivable"  # owner "property:1": fees billed, not yet paid
    PROPERTY_COLLECTED = "property_collected"  # owner "property:1": fees collected, owed to the company
    # owner "suspense": money received that what it paid for refused (a bill paid at the office
    # meanwhile); it waits here, flagged on the payment, until an admin refunds or applies it.
    SUSPENSE = "suspense"
    # Points (currency "PTS") are their own unit: they never mix with money in one account.
    POINTS_ISSUED = "points_issued"  # owner "platform": points handed out and not yet spent (debit-normal)
    POINTS_HELD = "points_held"  # owner "merchant:3" / "resident:12": points a member can spend
    POINTS_REDEEMED = "points_redeemed"  # owner "platform": points spent on what the platform sells


class LedgerAccount(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("kind", "owner", "currency"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True, max_length=40)
    owner: str = Field(index=True, max_length=80)
    currency: str = Field(max_length=3)
    # Cache of sum(postings); checked by check_ledger, updated with a guarded UPDATE in post().
    balance_minor: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    created_at: datetime = utc_field(default_factory=utcnow)


class LedgerTransaction(SQLModel, table=True):
    __table_args__ = (Index("ix_ledgertx_counterparty_created", "counterparty", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True, max_length=40)  # order_paid, order_settled, refund, payout_sent...
    reference: str = Field(index=True, max_length=80)  # the business object: "order:5", "bill:9"
    source: str = Field(default="", index=True, max_length=80)  # the operation: "payment:12", "refund:3"
    counterparty: str = Field(default="", max_length=80)  # whose statement shows it: "merchant:3"
    # One business event posts once: a second post with the same key returns the first.
    unique_key: str = Field(unique=True, max_length=160)
    memo: str = Field(default="", max_length=240)
    created_at: datetime = utc_field(default_factory=utcnow, index=True)


class LedgerPosting(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    transaction_id: int = Field(foreign_key="ledgertransaction.id", index=True)
    account_id: int = Field(foreign_key="ledgeraccount.id", index=True)
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)


class FeeRatio(SQLModel, table=True):
    """The platform's service fee on a merchant category, in basis points (500 = 5%).

    Category "*" is the default for categories without their own row."""

    id: int | None = Field(default=None, primary_key=True)
    category: str = Field(unique=True, max_length=40)
    ratio_bps: int = Field(ge=0, le=10000)
    updated_at: datetime = utc_field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user.id")


class PayoutSchedule(SQLModel, table=True):
    """How often merchants are paid, and how long settled money waits first (one row, id 1)."""

    id: int | None = Field(default=None, primary_key=True)
    interval_days: int = Field(default=7, ge=1, le=90)
    hold_days: int = Field(default=7, ge=0, le=90)  # days after an order settles (is signed for)
    min_amount_minor: int = Field(default=100, ge=0)
    updated_at: datetime = utc_field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
