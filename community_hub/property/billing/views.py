"""What bills are made of as screens and callers read them: the views, periods, labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models.billing import (
    Bill,
    BillKind,
    BillStatus,
)

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
OFFLINE_METHODS = ("cash", "bank_transfer", "cheque", "card_terminal")
REMINDER_GAP = timedelta(hours=24)
# A bill's status in a sentence ("The bill was paid when this card payment arrived.").
STATUS_WORDS = {BillStatus.UNPAID: phrase("unpaid"), BillStatus.PAID: phrase("paid"), BillStatus.VOID: phrase("void"),
                BillStatus.REFUNDED: phrase("refunded")}




@dataclass(frozen=True)
class LineView:
    description: str
    quantity: int
    unit_price_minor: int
    amount_minor: int
    is_late_fee: bool


@dataclass(frozen=True)
class PaymentView:
    amount_minor: int
    method: str
    reference: str | None
    note: str
    at: datetime


@dataclass(frozen=True)
class BillView:
    id: int
    household_id: int
    building: str
    unit: str
    period: str | None  # None for a convenience-service bill
    kind: str
    label: str  # "2026-11" or the service booked
    currency: str
    total_minor: int
    paid_minor: int
    outstanding_minor: int
    status: str
    due_date: date
    lines: list[LineView] = field(default_factory=list)
    payments: list[PaymentView] = field(default_factory=list)


@dataclass(frozen=True)
class GenerationResult:
    period: str
    created: int
    skipped: int  # households that already had a bill for the period
    missing_readings: list[str] = field(default_factory=list)  # "A-101: Water" not billed


@dataclass(frozen=True)
class CollectionRow:
    building: str  # "" for the community total
    bills: int
    paid_bills: int
    billed_minor: int
    collected_minor: int

    @property
    def rate_percent(self) -> float:
        return round(100 * self.collected_minor / self.billed_minor, 1) if self.billed_minor else 0.0


@dataclass(frozen=True)
class CollectionReport:
    period: str
    currency: str
    by_building: list[CollectionRow]
    total: CollectionRow


@dataclass(frozen=True)
class ArrearsRow:
    bill_id: int
    household_id: int
    building: str
    unit: str
    period: str
    outstanding_minor: int
    currency: str
    due_date: date
    days_overdue: int


def bill_label(bill: Bill) -> str:
    return bill.period if bill.kind == BillKind.FEES else bill.title


def check_period(period: str) -> str:
    if not isinstance(period, str) or not PERIOD_RE.match(period):
        raise ServiceError("A billing period is a month written YYYY-MM, for example 2026-11.")
    return period


def period_of(when: datetime | date) -> str:
    return f"{when.year:04d}-{when.month:02d}"
