"""The reverse marketplace: a resident's demand and the merchants' quotes for it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class DemandState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"  # a quote was taken and became an order
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class QuoteState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    CLOSED = "closed"  # another quote won, the demand was cancelled or expired
    WITHDRAWN = "withdrawn"


class Demand(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    category: str = Field(max_length=40, index=True)  # matches Merchant.category
    title: str = Field(max_length=120)
    description: str = ""
    budget_minor: int | None = None
    currency: str = "USD"
    needed_by: datetime | None = utc_field(default=None)
    fulfilment: str = "delivery"
    address: str = ""
    photos: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    state: str = Field(default=DemandState.OPEN, index=True)
    expires_at: datetime = utc_field()
    order_id: int | None = Field(default=None, foreign_key="order.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class Quote(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("demand_id", "merchant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    demand_id: int = Field(foreign_key="demand.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    price_minor: int = Field(ge=0)
    currency: str = "USD"
    note: str = ""
    delivery_by: datetime | None = utc_field(default=None)
    valid_until: datetime = utc_field()
    state: str = Field(default=QuoteState.OPEN)
    created_at: datetime = utc_field(default_factory=utcnow)
