"""Ad slots per community (home carousel, kiosk attract screen, channel sidebar) and placements in them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class AdPlacementKind(StrEnum):
    HOME_CAROUSEL = "home_carousel"
    KIOSK_ATTRACT = "kiosk_attract"
    CHANNEL_SIDEBAR = "channel_sidebar"


class AdStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"  # a merchant's booking holds the dates until paid
    SCHEDULED = "scheduled"  # paid, or a house ad: shown on its dates
    CANCELLED = "cancelled"


class AdSlot(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    placement: str
    name: str = Field(max_length=80)
    price_per_day_minor: int | None = Field(default=None, ge=0)  # None: cannot be bought with money
    price_per_day_points: int | None = Field(default=None, ge=0)  # None: cannot be bought with points
    currency: str = "USD"
    capacity: int = Field(default=1, gt=0)  # ads shown side by side (carousel) per day
    active: bool = True


class AdBooking(SQLModel, table=True):
    __table_args__ = (Index("ix_adbooking_slot_dates", "slot_id", "status", "starts_on", "ends_on"),)

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(foreign_key="adslot.id")
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)  # None: house ad
    starts_on: date
    ends_on: date  # inclusive
    kind: str  # image | text
    image_path: str = ""
    text: str = Field(default="", max_length=200)
    link: str = Field(default="", max_length=500)
    pay_with: str = "none"  # money | points | none (house ads)
    price_minor: int = 0
    price_points: int = 0
    currency: str = "USD"
    status: str = Field(default=AdStatus.PENDING_PAYMENT)
    payment_ref: str | None = Field(default=None, unique=True, max_length=120)
    clicks: int = 0
    # Set when a booking is cancelled: what goes back to the merchant for the days not shown.
    cancelled_at: datetime | None = utc_field(default=None)
    cancel_reason: str = Field(default="", max_length=200)
    refund_minor: int = 0
    refund_points: int = 0
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)
