"""Property fees: fee items, per-household quantities, bills with line items, payments, late fees."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class FeeKind(StrEnum):
    AREA = "area"  # rate per m² of the household's area
    FIXED = "fixed"  # the same amount every period
    PARKING = "parking"  # rate per parking slot held by the household
    METERED = "metered"  # rate per unit read from the meter that period (water, electricity)
    ONE_OFF = "one_off"  # billed once, in one named period


class BillStatus(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    VOID = "void"  # a convenience-service booking cancelled before payment
    REFUNDED = "refunded"  # a paid service bill whose money went back (the service was called off)


class BillKind(StrEnum):
    FEES = "fees"  # the monthly property bill: one per household and period
    SERVICE = "service"  # a convenience service booked by a resident (period is NULL)


class LateFeeKind(StrEnum):
    NONE = "none"
    PERCENT = "percent"  # basis points of the bill's fees (500 = 5%)
    FIXED = "fixed"


class BillingSettings(SQLModel, table=True):
    """Per community: currency, when bills fall due and the late-fee rule."""

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", unique=True)
    currency: str = "USD"
    due_day: int = 15  # day of the billed month the bill falls due
    late_fee_kind: str = Field(default=LateFeeKind.NONE)
    late_fee_value: int = 0  # basis points for percent, minor units for fixed
    late_fee_grace_days: int = 0


class FeeItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    name: str = Field(max_length=80)
    kind: str
    rate_minor: int = Field(ge=0)  # per m², per slot, per unit, or the amount
    unit_label: str = ""  # "m²", "slot", "kWh"... shown on the bill line
    household_id: int | None = Field(default=None, foreign_key="household.id")  # None: every household
    period: str | None = None  # one-off items: the YYYY-MM they are billed in
    active: bool = True
    created_at: datetime = utc_field(default_factory=utcnow)


class FeeQuantity(SQLModel, table=True):
    """Parking slots held (period "") or a meter reading for one period, per household and item."""

    __table_args__ = (UniqueConstraint("fee_item_id", "household_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    fee_item_id: int = Field(foreign_key="feeitem.id", index=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    period: str = ""
    quantity: int = Field(ge=0)


class Bill(SQLModel, table=True):
    # NULL periods (service bills) never collide, so the key only binds monthly fee bills.
    __table_args__ = (
        UniqueConstraint("household_id", "period"),
        Index("ix_bill_community_period", "community_id", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    household_id: int = Field(foreign_key="household.id", index=True)
    period: str | None = Field(default=None, max_length=7)  # YYYY-MM for fee bills
    kind: str = Field(default=BillKind.FEES)
    title: str = Field(default="", max_length=120)  # what a service bill is for
    currency: str = "USD"
    total_minor: int = 0
    paid_minor: int = 0
    status: str = Field(default=BillStatus.UNPAID, index=True)
    due_date: date
    late_fee_applied: bool = False
    issued_at: datetime = utc_field(default_factory=utcnow)
    paid_at: datetime | None = utc_field(default=None)
    refunded_minor: int = 0  # money given back (a called-off service); status refunded once all of it is back
    refunded_at: datetime | None = utc_field(default=None)
    reminded_at: datetime | None = utc_field(default=None)


class BillLine(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    bill_id: int = Field(foreign_key="bill.id", index=True)
    fee_item_id: int | None = Field(default=None, foreign_key="feeitem.id")
    description: str
    quantity: int = 1
    unit_price_minor: int = 0
    amount_minor: int
    is_late_fee: bool = False


class BillPayment(SQLModel, table=True):
    """Money received against a bill; `reference` (the provider's payment id) is unique."""

    id: int | None = Field(default=None, primary_key=True)
    bill_id: int = Field(foreign_key="bill.id", index=True)
    amount_minor: int = Field(gt=0)
    method: str  # online | cash | bank_transfer | cheque | card_terminal
    reference: str | None = Field(default=None, unique=True, max_length=120)
    note: str = ""
    recorded_by: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = utc_field(default_factory=utcnow)


class BookingStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    DONE = "done"
    CANCELLED = "cancelled"  # called off; if it had been paid, its bill is refunded


class ConvenienceService(SQLModel, table=True):
    """A bookable service with a price (utility top-up on behalf, dry-cleaning collection, printing)."""

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    name: str = Field(max_length=80)
    description: str = ""
    price_minor: int = Field(ge=0)  # per unit
    unit_label: str = Field(default="", max_length=20)  # "item", "page", "kg"
    max_quantity: int = Field(default=10, gt=0)
    currency: str = "USD"
    active: bool = True
    # Bookings it takes per day (0: no limit); a full day keeps a waiting list (models/service_waiting.py).
    places_per_day: int = Field(default=0, ge=0, sa_column_kwargs={"server_default": "0"})


class ServiceBooking(SQLModel, table=True):
    """A resident's booking of a convenience service; it is paid through its own service bill."""

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="convenienceservice.id", index=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    bill_id: int = Field(foreign_key="bill.id", unique=True)
    quantity: int = Field(gt=0)
    requested_for: datetime | None = utc_field(default=None)
    notes: str = Field(default="", max_length=500)
    status: str = Field(default=BookingStatus.AWAITING_PAYMENT)
    created_at: datetime = utc_field(default_factory=utcnow)
    done_at: datetime | None = utc_field(default=None)
