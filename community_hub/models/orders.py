"""Carts, orders with their price-snapshot lines and timeline, and merchants' coupons."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class OrderState(StrEnum):
    PLACED = "placed"
    PAID = "paid"
    ACCEPTED = "accepted"
    PREPARING = "preparing"
    OUT_FOR_DELIVERY = "out_for_delivery"
    READY_FOR_PICKUP = "ready_for_pickup"
    DELIVERED = "delivered"
    SIGNED = "signed"
    SETTLED = "settled"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    REFUNDED = "refunded"
    DISPUTED = "disputed"


class Fulfilment(StrEnum):
    DELIVERY = "delivery"
    PICKUP = "pickup"


class Cart(SQLModel, table=True):
    """One cart per resident per merchant; its row is the lock that serialises a resident's checkouts."""

    __table_args__ = (UniqueConstraint("user_id", "merchant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id")
    # The coupon the resident applied (checked again at every preview and at checkout): the one
    # place the cart page, the checkout page and the order read it from.
    coupon_code: str | None = Field(default=None, max_length=30)
    updated_at: datetime = utc_field(default_factory=utcnow)


class CartLine(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cart_id", "product_id", "option_key"),)

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="cart.id", index=True)
    product_id: int = Field(foreign_key="product.id")
    option_key: str = ""  # sorted option ids, "3,7"; "" for none
    quantity: int = Field(ge=1)
    # The unit price the resident saw when adding; checkout refuses if it has changed since.
    unit_price_minor: int
    added_at: datetime = utc_field(default_factory=utcnow)


class Order(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key"),
        Index("ix_order_merchant_state", "merchant_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id")
    community_id: int | None = Field(default=None, foreign_key="community.id")
    state: str = Field(default=OrderState.PLACED, index=True)
    fulfilment: str = Fulfilment.DELIVERY
    address: str = ""
    window_start: datetime | None = utc_field(default=None)
    window_end: datetime | None = utc_field(default=None)
    currency: str = "USD"
    subtotal_minor: int = 0
    discount_minor: int = 0
    delivery_fee_minor: int = 0
    total_minor: int = 0
    payment_method: str = ""
    payment_ref: str = ""
    refund_ref: str = ""
    settlement_ref: str = ""
    coupon_id: int | None = Field(default=None, foreign_key="coupon.id")
    pickup_code: str | None = Field(default=None, max_length=6)
    courier_name: str = ""
    courier_phone: str = ""
    note: str = ""
    quote_id: int | None = None  # set when the order came from an accepted quote
    idempotency_key: str = Field(max_length=80)
    created_at: datetime = utc_field(default_factory=utcnow)
    updated_at: datetime = utc_field(default_factory=utcnow)
    delivered_at: datetime | None = utc_field(default=None)
    signed_at: datetime | None = utc_field(default=None)
    # --- made to order (issue 20, marketplace/made_to_order.py) ---
    # deposit_minor > 0 marks a deposit order: total_minor = deposit_minor + balance_minor; the
    # order's own payment ("order:{id}") is the deposit, the balance is "order_balance:{id}".
    deposit_minor: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    balance_minor: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The shop's rule for a cancellation after work started, as it stood at checkout ("keep"/"refund").
    deposit_rule: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})
    # held -> applied (balance paid) | released (refunded) | forfeited (kept by the shop); "" = none
    deposit_state: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})
    work_started_at: datetime | None = utc_field(default=None)
    balance_requested_at: datetime | None = utc_field(default=None)
    balance_reminded_at: datetime | None = utc_field(default=None)
    balance_paid_at: datetime | None = utc_field(default=None)
    balance_payment_id: int | None = Field(default=None)


class OrderLine(SQLModel, table=True):
    """What was bought at what price: a snapshot, so later catalog edits never change an order."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order.id", index=True)
    product_id: int | None = Field(default=None, foreign_key="product.id")
    name: str
    options_text: str = ""
    unit_price_minor: int
    quantity: int
    line_total_minor: int


class OrderEvent(SQLModel, table=True):
    """One step of an order's timeline."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order.id", index=True)
    from_state: str = ""
    to_state: str
    by_role: str  # resident | merchant | admin | system | payments
    actor_user_id: int | None = Field(default=None, foreign_key="user.id")
    note: str = ""
    photos: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    at: datetime = utc_field(default_factory=utcnow)


class CouponKind(StrEnum):
    AMOUNT = "amount"
    PERCENT = "percent"


class Coupon(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("merchant_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    code: str = Field(max_length=30)  # stored upper-case
    kind: str = CouponKind.AMOUNT
    value: int = Field(ge=0)  # minor units for amount, whole percent for percent
    min_spend_minor: int = 0
    starts_at: datetime | None = utc_field(default=None)
    ends_at: datetime | None = utc_field(default=None)
    per_user_limit: int = 1
    total_limit: int | None = None
    used_count: int = 0
    active: bool = True
    created_at: datetime = utc_field(default_factory=utcnow)


class CouponRedemption(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    order_id: int = Field(foreign_key="order.id", unique=True)
    discount_minor: int
    at: datetime = utc_field(default_factory=utcnow)
