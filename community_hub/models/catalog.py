"""Merchants and what they sell. The marketplace issue grows this aggregate."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class MerchantStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Merchant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=60)
    name: str = Field(max_length=120)
    category: str = Field(index=True, max_length=40)
    address: str = ""
    lat: float
    lon: float
    phone: str = ""
    status: str = Field(default=MerchantStatus.PENDING, index=True)
    delivery_fee_minor: int = 0
    min_order_minor: int = 0
    currency: str = "USD"
    created_at: datetime = utc_field(default_factory=utcnow)


class Product(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    name: str = Field(max_length=160)
    description: str = ""
    price_minor: int = Field(ge=0)
    compare_at_minor: int | None = None
    currency: str = "USD"
    # None means unlimited (services); otherwise never below zero.
    stock: int | None = Field(default=None, ge=0)
    barcode: str | None = Field(default=None, index=True, max_length=64)
    available: bool = True
    created_at: datetime = utc_field(default_factory=utcnow)
