"""Reviews of signed orders, the merchant's one reply, and reports for moderation."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order.id", unique=True)  # one review per order
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    rating: int = Field(ge=1, le=5)
    text: str = ""
    photos: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    created_at: datetime = utc_field(default_factory=utcnow)
    reply_text: str = ""
    replied_at: datetime | None = utc_field(default=None)
    hidden: bool = False  # hidden by moderation; a hidden review does not count in the rating


class ReportState(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"  # the review was hidden
    DISMISSED = "dismissed"


class ReviewReport(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("review_id", "reporter_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    reporter_user_id: int = Field(foreign_key="user.id")
    reason: str
    state: str = Field(default=ReportState.OPEN, index=True)
    created_at: datetime = utc_field(default_factory=utcnow)
    decided_by: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = utc_field(default=None)
