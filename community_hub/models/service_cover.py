"""Platform customer-service cover (issue 18): a shop pays the platform a monthly fee to answer
its customers' questions; while the cover is paid up, residents' questions to the shop go to the
platform's service queue instead of the shop."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class CoverStatus:
    APPLIED = "applied"  # the shop asked; an admin decides
    APPROVED = "approved"  # approved: the shop pays the month to start it
    ACTIVE = "active"  # paid up to paid_until
    REJECTED = "rejected"

    ALL = (APPLIED, APPROVED, ACTIVE, REJECTED)


class ServiceCover(SQLModel, table=True):
    __tablename__ = "service_cover"

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", unique=True)
    status: str = Field(default=CoverStatus.APPLIED, max_length=16, index=True)
    monthly_fee_minor: int
    currency: str = Field(default="USD", max_length=3)
    note: str = Field(default="", max_length=300)  # the shop's word to the reviewer
    reason: str = Field(default="", max_length=300)  # the admin's, when rejected
    requested_by: int | None = Field(default=None, foreign_key="user.id")  # who at the shop asked
    applied_at: datetime = utc_field(default_factory=utcnow)
    decided_at: datetime | None = utc_field(default=None)
    decided_by: int | None = Field(default=None, foreign_key="user.id")
    paid_until: datetime | None = utc_field(default=None)
    months_paid: int = 0


class ShopQuestion(SQLModel, table=True):
    """A resident's question to a shop, answered by the shop or (under cover) by the platform."""

    __tablename__ = "shop_question"

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    text: str = Field(max_length=1000)
    to_platform: bool = Field(default=False, index=True)  # routed to the platform's service queue
    answer: str = Field(default="", max_length=1000)
    answered_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)
    answered_at: datetime | None = utc_field(default=None)
