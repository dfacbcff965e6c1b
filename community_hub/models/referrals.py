"""Referral agents and the money they earn: applications and their files, agents, every member's
referral code, who referred whom (bound once, for good), the commission plans (versioned: a
change applies to what is sold afterwards) and the commission lines posted to the ledger."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class ApplicationState(StrEnum):
    SUBMITTED = "submitted"
    NEED_MORE = "need_more"  # the reviewer asked for more; the applicant sends it again
    APPROVED = "approved"
    REJECTED = "rejected"


class AgentStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"  # earns nothing new; nothing is paid out meanwhile


class CommissionState(StrEnum):
    PENDING = "pending"  # inside the freeze window
    AVAILABLE = "available"  # may be paid out
    PAID = "paid"


class AgentApplication(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=80)
    mobile: str = Field(max_length=24)
    identity_kind: str = Field(max_length=20)
    identity_value: str = Field(max_length=40)
    region: str = Field(max_length=80)
    state: str = Field(default=ApplicationState.SUBMITTED, index=True, max_length=10)
    reason: str = Field(default="", max_length=300)  # the reviewer's words (need more / rejected)
    reviewed_by: int | None = Field(default=None, foreign_key="user.id")
    reviewed_at: datetime | None = utc_field(default=None)
    created_at: datetime = utc_field(default_factory=utcnow)
    updated_at: datetime = utc_field(default_factory=utcnow)


class AgentApplicationFile(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="agentapplication.id", index=True)
    path: str = Field(max_length=200)  # under the upload root (core/uploads.store_upload)
    original_name: str = Field(max_length=120)
    content_type: str = Field(max_length=40)
    created_at: datetime = utc_field(default_factory=utcnow)


class Agent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    application_id: int | None = Field(default=None, foreign_key="agentapplication.id")
    name: str = Field(max_length=80)
    region: str = Field(default="", max_length=80)
    status: str = Field(default=AgentStatus.ACTIVE, index=True, max_length=10)
    status_reason: str = Field(default="", max_length=300)
    # The connected account commission payouts go to ("acct_..."), with its provider.
    payout_provider: str = Field(default="", max_length=20)
    payout_destination: str = Field(default="", max_length=120)
    approved_at: datetime = utc_field(default_factory=utcnow)


class ReferralCode(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    code: str = Field(unique=True, index=True, max_length=12)
    created_at: datetime = utc_field(default_factory=utcnow)


class ReferralBinding(SQLModel, table=True):
    """Who referred this account: set at sign-up, for good (only an admin corrects it, with a
    reason). The chain of bindings upwards is the referral chain commission walks."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    referrer_id: int | None = Field(default=None, foreign_key="user.id", index=True)  # None: bound to nobody
    code_used: str = Field(default="", max_length=12)
    note: str = Field(default="", max_length=200)  # why it binds to nobody, or the correction's reason
    corrected_by: int | None = Field(default=None, foreign_key="user.id")
    bound_at: datetime = utc_field(default_factory=utcnow)


class CommissionPlan(SQLModel, table=True):
    """Depth and ratios of one programme's commission (programme None: orders of members holding no
    card). Never edited: a change is a new row, in force for what is sold from then on."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int | None = Field(default=None, foreign_key="cardprogramme.id", index=True)
    depth: int = Field(default=2, ge=1, le=3)
    level1_bps: int = Field(default=0, ge=0, le=10000)
    level2_bps: int = Field(default=0, ge=0, le=10000)
    level3_bps: int = Field(default=0, ge=0, le=10000)
    cap_bps: int = Field(default=0, ge=0, le=10000)  # at most this share of the platform's fee per order
    freeze_days: int = Field(default=7, ge=0, le=90)
    card_fees_earn: bool = True  # card fees earn commission like orders
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow, index=True)


class CommissionLine(SQLModel, table=True):
    """What one agent earns at one level on one sale ("order:12", "card_fee:3"). `amount_minor` is
    what it is worth now (refunds reverse it pro rata); `paid_minor` what payouts have covered."""

    __table_args__ = (UniqueConstraint("source", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    plan_id: int = Field(foreign_key="commissionplan.id")
    source: str = Field(max_length=40, index=True)
    level: int = Field(ge=1, le=3)
    ratio_bps: int
    cap_bps: int
    fee_minor: int  # the platform's fee on the sale when it was posted
    original_minor: int
    amount_minor: int
    paid_minor: int = 0
    currency: str = Field(max_length=3)
    state: str = Field(default=CommissionState.PENDING, index=True, max_length=10)
    reversals: int = 0  # how many reversal transactions were posted (their unique keys count up)
    available_at: datetime = utc_field()
    released_at: datetime | None = utc_field(default=None)
    created_at: datetime = utc_field(default_factory=utcnow)
