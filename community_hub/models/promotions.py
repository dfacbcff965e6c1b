"""The platform's promotions (issue 18): coupons the platform funds and residents collect, named
campaigns (the platform's or a shop's own) shown on the home page, and the home page's lists as
admins curate them per community. Merchants' own coupons stay in models/orders.py (Coupon)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class CouponAudience(StrEnum):
    ALL = "all"  # every resident
    COMMUNITY = "community"  # residents of one community
    LEVEL = "level"  # holders of one card level (models/membership.CardLevel)


class PlatformCoupon(SQLModel, table=True):
    """A coupon the platform pays for: the shop is paid the full price, the discount is the
    platform's expense. A resident collects it (one collection = one use at checkout)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    kind: str = "amount"  # amount | percent (CouponKind)
    value: int = Field(ge=0)  # minor units for amount, whole percent for percent
    currency: str = Field(default="USD", max_length=3)
    min_spend_minor: int = 0
    starts_at: datetime | None = utc_field(default=None)
    ends_at: datetime | None = utc_field(default=None)
    total_limit: int | None = None  # collections in all; None: no limit
    per_member_limit: int = 1  # collections per resident
    audience: str = Field(default=CouponAudience.ALL, max_length=20)
    community_id: int | None = Field(default=None, foreign_key="community.id")
    level_id: int | None = Field(default=None, foreign_key="cardlevel.id")
    collected_count: int = 0  # kept under the coupon's row lock, so the total limit holds
    used_count: int = 0
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class CollectedCoupon(SQLModel, table=True):
    """One platform coupon in a resident's "My coupons"; used by at most one order."""

    __table_args__ = (Index("ix_collectedcoupon_user_coupon", "user_id", "coupon_id"),)

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="platformcoupon.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    collected_at: datetime = utc_field(default_factory=utcnow)
    order_id: int | None = Field(default=None, foreign_key="order.id", unique=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")
    discount_minor: int = 0
    used_at: datetime | None = utc_field(default=None)


class Promotion(SQLModel, table=True):
    """A named campaign with dates and a banner: the platform's (merchant_id None) or a shop's own."""

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    community_id: int | None = Field(default=None, foreign_key="community.id")  # None: every community
    title: str = Field(max_length=80)
    banner: str = Field(default="", max_length=200)  # the banner's line under the title
    starts_at: datetime = utc_field()
    ends_at: datetime = utc_field()
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class PromotionItem(SQLModel, table=True):
    """A product or a shop in a promotion (exactly one of the two)."""

    __table_args__ = (UniqueConstraint("promotion_id", "product_id", "merchant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    promotion_id: int = Field(foreign_key="promotion.id", index=True)
    product_id: int | None = Field(default=None, foreign_key="product.id")
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")


class HomeListKind(StrEnum):
    PINNED = "pinned"
    CAROUSEL = "carousel"
    HOT = "hot"
    NEW = "new"
    RECOMMENDED = "recommended"


class HomeRule(StrEnum):
    MANUAL = "manual"  # the products an admin chose, in their order
    MOST_ORDERED_7D = "most_ordered_7d"
    NEWEST = "newest"  # newest listed (approved) first
    HIGHEST_RATED = "highest_rated"  # products of the best-rated shops


class HomeList(SQLModel, table=True):
    """How one of a community's home lists is filled: by hand or by a rule. No row: the default."""

    __table_args__ = (UniqueConstraint("community_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    kind: str = Field(max_length=20)
    rule: str = Field(default=HomeRule.MANUAL, max_length=20)
    version: int = 0  # bumped at every change (a second admin's stale save is refused)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = utc_field(default_factory=utcnow)


class HomeListItem(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("home_list_id", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    home_list_id: int = Field(foreign_key="homelist.id", index=True)
    product_id: int = Field(foreign_key="product.id")
    position: int = 0
