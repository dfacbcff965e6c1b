"""Generating a period's bills from the fee items: one bill per household, idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.models import Community, Household
from community_hub.models.base import utcnow
from community_hub.models.billing import (
    Bill,
    BillingSettings,
    BillLine,
    FeeItem,
    FeeKind,
    FeeQuantity,
)
from community_hub.property.billing.fees import billing_settings
from community_hub.property.billing.views import GenerationResult, check_period


def _due_date(period: str, cfg: BillingSettings) -> date:
    year, month = (int(x) for x in period.split("-"))
    return date(year, month, cfg.due_day)


def _lines_for(h: Household, items: list[FeeItem], qty: dict[tuple[int, int, str], int], period: str,
               missing: list[str]) -> list[BillLine]:
    lines = []
    for item in items:
        if item.household_id not in (None, h.id):
            continue
        if item.kind == FeeKind.ONE_OFF and item.period != period:
            continue
        if item.kind == FeeKind.AREA:
            n = h.area_m2
        elif item.kind == FeeKind.PARKING:
            n = qty.get((item.id, h.id, ""), 0)
        elif item.kind == FeeKind.METERED:
            if (item.id, h.id, period) not in qty:
                missing.append(f"{h.building}-{h.unit}: {item.name}")
                continue
            n = qty[(item.id, h.id, period)]
        else:
            n = 1
        if n == 0:
            continue
        label = f"{item.name} ({n} {item.unit_label} × {item.rate_minor / 100:.2f})" if n != 1 or item.unit_label else item.name
        lines.append(BillLine(bill_id=0, fee_item_id=item.id, description=label, quantity=n,
                              unit_price_minor=item.rate_minor, amount_minor=n * item.rate_minor))
    return lines


MONTHS_BACK, MONTHS_AHEAD = 12, 2  # a bill run is for a month near today: a typo of a year is refused


def _months_from_now(period: str, today: date) -> int:
    year, month = (int(x) for x in period.split("-"))
    return (year - today.year) * 12 + (month - today.month)


def check_run_window(period: str, today: date | None = None) -> str:
    """The period, if it is within the last 12 or the next 2 months; otherwise a clear refusal.
    The staff screen checks it before a run (older periods stay possible for imports and tests)."""
    check_period(period)
    today = today or utcnow().date()
    if not -MONTHS_BACK <= _months_from_now(period, today) <= MONTHS_AHEAD:
        raise ServiceError(phrase("Bills are generated for the last {back} months or the next {ahead} at most; "
                                  "{period} is outside that.", back=MONTHS_BACK, ahead=MONTHS_AHEAD, period=period))
    return period


def run_window(today: date | None = None) -> tuple[str, str]:
    """(first, last) period a bill run may be for, as YYYY-MM (the month picker's limits)."""
    today = today or utcnow().date()
    first = today.year * 12 + today.month - 1 - MONTHS_BACK
    last = today.year * 12 + today.month - 1 + MONTHS_AHEAD
    return f"{first // 12:04d}-{first % 12 + 1:02d}", f"{last // 12:04d}-{last % 12 + 1:02d}"


def _plan(db: Session, community_id: int, period: str):
    """What a run for `period` would bill: (settings, [(household, lines)], households billed already,
    homes missing a meter reading). Writes nothing."""
    cfg = billing_settings(db, community_id)
    households = db.exec(select(Household).where(Household.community_id == community_id)
                         .order_by(Household.building, Household.unit)).all()
    billed = set(db.exec(select(Bill.household_id).where(Bill.community_id == community_id,
                                                         Bill.period == period)).all())
    items = list(db.exec(select(FeeItem).where(FeeItem.community_id == community_id, FeeItem.active)
                         .order_by(FeeItem.id)).all())
    qty = {(q.fee_item_id, q.household_id, q.period): q.quantity for q in db.exec(
        select(FeeQuantity).join(FeeItem, FeeItem.id == FeeQuantity.fee_item_id)
        .where(FeeItem.community_id == community_id, FeeQuantity.period.in_(["", period]))).all()}
    planned, missing = [], []
    for h in households:
        if h.id in billed:
            continue
        lines = _lines_for(h, items, qty, period, missing)
        if lines:
            planned.append((h, lines))
    return cfg, planned, billed, missing


@dataclass(frozen=True)
class RunPreview:
    period: str
    households: int  # bills the run would create
    total_minor: int
    currency: str
    already_billed: int
    missing_readings: list[str]


def preview_bills(db: Session, actor: Actor, community_id: int, period: str) -> RunPreview:
    """What "Generate bills" would do, for the confirmation: how many bills, for how much."""
    require_staff_of(actor, community_id)
    check_period(period)
    cfg, planned, billed, missing = _plan(db, community_id, period)
    return RunPreview(period, len(planned), sum(x.amount_minor for _, lines in planned for x in lines),
                      cfg.currency, len(billed), missing)


def generate_bills(db: Session, actor: Actor, community_id: int, period: str) -> GenerationResult:
    """Bill every household of the community for `period` (YYYY-MM). Running it again creates nothing new."""
    require_staff_of(actor, community_id)
    check_period(period)
    # Two staff pressing "generate" at once: the second waits here, then finds the bills made.
    if db.get(Community, community_id, with_for_update=True) is None:
        raise NotFound("community")
    cfg, planned, billed, missing = _plan(db, community_id, period)
    for h, lines in planned:
        bill = Bill(community_id=community_id, household_id=h.id, period=period, currency=cfg.currency,
                    total_minor=sum(x.amount_minor for x in lines), due_date=_due_date(period, cfg))
        db.add(bill)
        db.flush()
        for line in lines:
            line.bill_id = bill.id
            db.add(line)
    db.flush()
    return GenerationResult(period, len(planned), len(billed), missing)
