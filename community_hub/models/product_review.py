"""Review before listing and the supervision of shops (issue 18): a product's change waiting for an
admin (a new product, or an edit of its name, photos, price or category), and the warnings an admin
gives a shop, which its merchant must acknowledge."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class ChangeState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the merchant put the fields back as approved before anyone decided


class ProductChange(SQLModel, table=True):
    """One submission for review. `before` is the live version's reviewed fields ({} for a new
    product), `after` what the merchant wants. `revision` grows with every edit while it waits, so
    an admin's decision on what they saw is refused once it changed again."""

    __tablename__ = "product_change"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    kind: str = Field(max_length=8)  # "new" | "edit"
    state: str = Field(default=ChangeState.PENDING, max_length=16, index=True)
    before: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    after: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    revision: int = 1
    reason: str = Field(default="", max_length=500)
    submitted_at: datetime = utc_field(default_factory=utcnow)
    decided_at: datetime | None = utc_field(default=None)
    decided_by: int | None = Field(default=None, foreign_key="user.id")


class MerchantWarning(SQLModel, table=True):
    """A note from the platform to a shop, shown on its dashboard until the merchant acknowledges it."""

    __tablename__ = "merchant_warning"

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    note: str = Field(max_length=1000)
    given_by: int | None = Field(default=None, foreign_key="user.id")
    given_at: datetime = utc_field(default_factory=utcnow)
    acknowledged_at: datetime | None = utc_field(default=None)
    acknowledged_by: int | None = Field(default=None, foreign_key="user.id")
