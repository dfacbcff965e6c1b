"""Property fees: fee items, bill generation per period, payments, late fees, collection reports.

- `generate_bills` is idempotent: one bill per (household, period), enforced by a unique key, and
  runs for a community serialise on the community row.
- Money never moves here. A payment marks the bill paid and calls `_post_fee_payment_to_ledger`,
  the single place the ledger service (issue 4) is connected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from community_hub.core.csv_export import amount_cell, to_csv
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, require_resident, require_staff_of
from community_hub.models import Community, Household
from community_hub.models.base import utcnow
from community_hub.models.billing import (
    Bill,
    BillingSettings,
    BillKind,
    BillLine,
    BillPayment,
    BillStatus,
    BookingStatus,
    ConvenienceService,
    FeeItem,
    FeeKind,
    FeeQuantity,
    LateFeeKind,
    ServiceBooking,
)
from community_hub.notify import outbox
from community_hub.property.notices import residents_of

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
OFFLINE_METHODS = ("cash", "bank_transfer", "cheque", "card_terminal")
REMINDER_GAP = timedelta(hours=24)


# ---------------------------------------------------------------- views


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


# ---------------------------------------------------------------- settings and fee items


def billing_settings(db: Session, community_id: int) -> BillingSettings:
    """The community's settings, or the defaults (not saved) when none were set."""
    row = db.exec(select(BillingSettings).where(BillingSettings.community_id == community_id)).first()
    return row or BillingSettings(community_id=community_id)


def configure_billing(
    db: Session,
    actor: Actor,
    community_id: int,
    *,
    currency: str = "USD",
    due_day: int = 15,
    late_fee_kind: str = LateFeeKind.NONE,
    late_fee_value: int = 0,
    late_fee_grace_days: int = 0,
) -> BillingSettings:
    """Staff set the currency, the due day of the month and the late-fee rule."""
    require_staff_of(actor, community_id)
    if not re.fullmatch(r"[A-Z]{3}", currency or ""):
        raise ServiceError("The currency is a three-letter code such as USD.")
    if not 1 <= due_day <= 28:
        raise ServiceError("The due day must be between 1 and 28.")
    if late_fee_kind not in set(LateFeeKind):
        raise ServiceError("The late fee is none, a percentage or a fixed amount.")
    if late_fee_value < 0 or late_fee_grace_days < 0:
        raise ServiceError("Late fee and grace days cannot be negative.")
    if late_fee_kind == LateFeeKind.PERCENT and late_fee_value > 10_000:
        raise ServiceError("A late fee percentage cannot be above 100%.")
    row = db.exec(select(BillingSettings).where(BillingSettings.community_id == community_id)).first()
    if row is None:
        row = BillingSettings(community_id=community_id)
        db.add(row)
    row.currency, row.due_day = currency, due_day
    row.late_fee_kind, row.late_fee_value, row.late_fee_grace_days = late_fee_kind, late_fee_value, late_fee_grace_days
    db.flush()
    return row


def add_fee_item(
    db: Session,
    actor: Actor,
    community_id: int,
    *,
    name: str,
    kind: str,
    rate_minor: int,
    unit_label: str = "",
    household_id: int | None = None,
    period: str | None = None,
) -> FeeItem:
    """Staff add a fee: by area (rate per m²), fixed, per parking slot, metered, or one-off (in `period`)."""
    require_staff_of(actor, community_id)
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ServiceError("Give the fee a name (at most 80 characters).")
    if kind not in set(FeeKind):
        raise ServiceError("A fee is by area, fixed, parking, metered or one-off.")
    if not isinstance(rate_minor, int) or rate_minor < 0:
        raise ServiceError("The rate must be a whole amount in cents, zero or more.")
    if kind == FeeKind.ONE_OFF:
        check_period(period or "")
    elif period is not None:
        raise ServiceError("Only a one-off fee has a period.")
    if household_id is not None:
        h = db.get(Household, household_id)
        if h is None or h.community_id != community_id:
            raise ServiceError("That household is not in this community.")
    item = FeeItem(community_id=community_id, name=name, kind=kind, rate_minor=rate_minor,
                   unit_label=unit_label, household_id=household_id, period=period)
    db.add(item)
    db.flush()
    return item


def deactivate_fee_item(db: Session, actor: Actor, fee_item_id: int) -> FeeItem:
    """Stop billing a fee from the next generated period on (bills already issued keep it)."""
    item = db.get(FeeItem, fee_item_id)
    if item is None:
        raise NotFound("fee")
    require_staff_of(actor, item.community_id)
    item.active = False
    return item


def _set_quantity(db: Session, actor: Actor, fee_item_id: int, household_id: int, period: str, qty: int,
                  kind: str) -> FeeQuantity:
    item = db.get(FeeItem, fee_item_id)
    if item is None:
        raise NotFound("fee")
    require_staff_of(actor, item.community_id)
    if item.kind != kind:
        raise ServiceError(f"{item.name} is not a {kind.replace('_', ' ')} fee.")
    h = db.get(Household, household_id)
    if h is None or h.community_id != item.community_id:
        raise ServiceError("That household is not in this community.")
    if not isinstance(qty, int) or qty < 0:
        raise ServiceError("The quantity must be a whole number, zero or more.")
    row = db.exec(select(FeeQuantity).where(
        FeeQuantity.fee_item_id == fee_item_id, FeeQuantity.household_id == household_id,
        FeeQuantity.period == period)).first()
    if row is None:
        row = FeeQuantity(fee_item_id=fee_item_id, household_id=household_id, period=period, quantity=qty)
        db.add(row)
    row.quantity = qty
    db.flush()
    return row


def set_parking_slots(db: Session, actor: Actor, fee_item_id: int, household_id: int, slots: int) -> FeeQuantity:
    """How many slots of a parking fee a household holds (billed every period until changed)."""
    return _set_quantity(db, actor, fee_item_id, household_id, "", slots, FeeKind.PARKING)


def record_meter_reading(db: Session, actor: Actor, fee_item_id: int, household_id: int, period: str,
                         usage: int) -> FeeQuantity:
    """Units used by a household in a period for a metered (pass-through) fee."""
    check_period(period)
    return _set_quantity(db, actor, fee_item_id, household_id, period, usage, FeeKind.METERED)


# ---------------------------------------------------------------- generating bills


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


def generate_bills(db: Session, actor: Actor, community_id: int, period: str) -> GenerationResult:
    """Bill every household of the community for `period` (YYYY-MM). Running it again creates nothing new."""
    require_staff_of(actor, community_id)
    check_period(period)
    # Two staff pressing "generate" at once: the second waits here, then finds the bills made.
    if db.get(Community, community_id, with_for_update=True) is None:
        raise NotFound("community")
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
    created, missing = 0, []
    for h in households:
        if h.id in billed:
            continue
        lines = _lines_for(h, items, qty, period, missing)
        if not lines:
            continue
        bill = Bill(community_id=community_id, household_id=h.id, period=period, currency=cfg.currency,
                    total_minor=sum(x.amount_minor for x in lines), due_date=_due_date(period, cfg))
        db.add(bill)
        db.flush()
        for line in lines:
            line.bill_id = bill.id
            db.add(line)
        created += 1
    db.flush()
    return GenerationResult(period, created, len(billed), missing)


# ---------------------------------------------------------------- reading bills


def _view(db: Session, bill: Bill, h: Household | None = None) -> BillView:
    h = h or db.get(Household, bill.household_id)
    lines = db.exec(select(BillLine).where(BillLine.bill_id == bill.id).order_by(BillLine.id)).all()
    pays = db.exec(select(BillPayment).where(BillPayment.bill_id == bill.id).order_by(BillPayment.id)).all()
    return BillView(
        id=bill.id, household_id=bill.household_id, building=h.building, unit=h.unit, period=bill.period,
        kind=bill.kind, label=bill_label(bill),
        currency=bill.currency, total_minor=bill.total_minor, paid_minor=bill.paid_minor,
        outstanding_minor=bill.total_minor - bill.paid_minor, status=bill.status, due_date=bill.due_date,
        lines=[LineView(x.description, x.quantity, x.unit_price_minor, x.amount_minor, x.is_late_fee) for x in lines],
        payments=[PaymentView(p.amount_minor, p.method, p.reference, p.note, p.at) for p in pays],
    )


def _can_see(db: Session, actor: Actor, bill: Bill) -> None:
    if actor.is_authenticated and (actor.is_admin or actor.is_staff_of(bill.community_id)):
        return
    require_resident(actor)
    if actor.household_id != bill.household_id:
        raise NotFound("bill")


def list_my_bills(db: Session, actor: Actor) -> list[BillView]:
    """The resident's household bills, newest period first, with lines and payments."""
    require_resident(actor)
    if actor.household_id is None:
        return []
    bills = db.exec(select(Bill).where(Bill.household_id == actor.household_id)
                    .order_by(Bill.issued_at.desc(), Bill.id.desc())).all()
    h = db.get(Household, actor.household_id)
    return [_view(db, b, h) for b in bills]


def get_bill(db: Session, actor: Actor, bill_id: int) -> BillView:
    """One bill: its household's residents or the community's staff only."""
    bill = db.get(Bill, bill_id)
    if bill is None:
        raise NotFound("bill")
    _can_see(db, actor, bill)
    return _view(db, bill)


def list_bills(db: Session, actor: Actor, community_id: int, *, period: str | None = None,
               status: str | None = None, kind: str | None = None) -> list[BillView]:
    """Staff: the community's bills, optionally for one period, status and/or kind (fees, service)."""
    require_staff_of(actor, community_id)
    stmt = select(Bill, Household).join(Household, Household.id == Bill.household_id).where(
        Bill.community_id == community_id)
    if period:
        stmt = stmt.where(Bill.period == check_period(period))
    if status:
        stmt = stmt.where(Bill.status == status)
    if kind:
        stmt = stmt.where(Bill.kind == kind)
    rows = db.exec(stmt.order_by(Bill.issued_at.desc(), Household.building, Household.unit, Bill.id)).all()
    return [_view(db, b, h) for b, h in rows]


# ---------------------------------------------------------------- payments


def _post_fee_payment_to_ledger(db: Session, bill: Bill, payment: BillPayment) -> None:
    """Money taken at the office (cash, transfer, cheque, the office's own terminal) becomes one
    balanced ledger transaction in the same database transaction as the bill's payment.

    Online payments are posted by the payments service when the provider confirms them
    (`property_fee_paid` keyed on that payment), so they are not posted a second time here.
    """
    if payment.method == "online":
        return
    from community_hub.payments import ledger_postings

    company_id = db.get(Community, bill.community_id).property_company_id
    ledger_postings.property_fee_paid(db, reference=f"bill:{bill.id}", source=f"billpayment:{payment.id}",
                             company_id=company_id, amount_minor=payment.amount_minor,
                             currency=bill.currency, provider="office")


def _notify_paid(db: Session, bill: Bill, amount_minor: int) -> None:
    h = db.get(Household, bill.household_id)
    for r in residents_of(db, bill.community_id, household_ids=[bill.household_id]):
        outbox.notify_user(db, r.user_id, "bill_paid", link=f"/bills/{bill.id}", period=bill_label(bill),
                           amount=format_money(amount_minor, bill.currency), unit=f"{h.building}-{h.unit}")


def _apply_payment(db: Session, bill: Bill, payment: BillPayment, now: datetime) -> None:
    db.add(payment)
    db.flush()
    bill.paid_minor += payment.amount_minor
    if bill.paid_minor >= bill.total_minor:
        bill.status = BillStatus.PAID
        bill.paid_at = now
        if bill.kind == BillKind.SERVICE:
            booking = db.exec(select(ServiceBooking).where(ServiceBooking.bill_id == bill.id)).one()
            booking.status = BookingStatus.PAID
    _post_fee_payment_to_ledger(db, bill, payment)
    _notify_paid(db, bill, payment.amount_minor)
    db.flush()


def _check_payable(bill: Bill) -> None:
    if bill.status == BillStatus.PAID:
        raise ServiceError(f"The {bill_label(bill)} bill is already paid.", code="already_paid")
    if bill.status == BillStatus.VOID:
        raise ServiceError(f"The {bill_label(bill)} bill was cancelled and cannot be paid.", code="void")
    if bill.status == BillStatus.REFUNDED:
        raise ServiceError(f"The {bill_label(bill)} bill was refunded and cannot be paid again.", code="refunded")


def mark_bill_paid(db: Session, bill_id: int, payment_ref: str, amount_minor: int, *,
                   now: datetime | None = None) -> Bill:
    """A confirmed online payment (called by the payments flow, not by a person) pays the bill in full.

    A bill already paid, a payment reference already used or an amount that is not what is owed
    is refused with a clear message and changes nothing.
    """
    bill = db.get(Bill, bill_id, with_for_update=True)
    if bill is None:
        raise NotFound("bill")
    if not payment_ref:
        raise ServiceError("A payment reference is required.")
    if db.exec(select(BillPayment).where(BillPayment.reference == payment_ref)).first():
        raise ServiceError("This payment has already been recorded.", code="duplicate")
    _check_payable(bill)
    owed = bill.total_minor - bill.paid_minor
    if amount_minor != owed:
        raise ServiceError(
            f"The payment of {format_money(amount_minor, bill.currency)} does not match the "
            f"{format_money(owed, bill.currency)} owed on this bill."
        )
    _apply_payment(db, bill, BillPayment(bill_id=bill.id, amount_minor=amount_minor, method="online",
                                         reference=payment_ref, at=now or utcnow()), now or utcnow())
    return bill


def record_offline_payment(db: Session, actor: Actor, bill_id: int, amount: int, method: str,
                           note: str = "", *, now: datetime | None = None) -> BillPayment:
    """Staff record money received at the office (cash, transfer, cheque, terminal); part payments allowed."""
    bill = db.get(Bill, bill_id, with_for_update=True)
    if bill is None:
        raise NotFound("bill")
    require_staff_of(actor, bill.community_id)
    if method not in OFFLINE_METHODS:
        raise ServiceError("Choose how it was paid: " + ", ".join(m.replace("_", " ") for m in OFFLINE_METHODS) + ".")
    _check_payable(bill)
    owed = bill.total_minor - bill.paid_minor
    if not isinstance(amount, int) or amount <= 0:
        raise ServiceError("Enter the amount received, more than zero.")
    if amount > owed:
        raise ServiceError(f"That is more than the {format_money(owed, bill.currency)} owed on this bill.")
    if len(note) > 500:
        raise ServiceError("The note is too long (at most 500 characters).")
    now = now or utcnow()
    payment = BillPayment(bill_id=bill.id, amount_minor=amount, method=method, note=note.strip(),
                          recorded_by=actor.user_id, at=now)
    _apply_payment(db, bill, payment, now)
    return payment


# ---------------------------------------------------------------- late fees, reports, reminders


def late_fee_for(bill: Bill, fees_minor: int, cfg: BillingSettings) -> int:
    if cfg.late_fee_kind == LateFeeKind.FIXED:
        return cfg.late_fee_value
    if cfg.late_fee_kind == LateFeeKind.PERCENT:
        return (fees_minor * cfg.late_fee_value + 5_000) // 10_000  # basis points, half up
    return 0


def apply_late_fees(db: Session, actor: Actor, community_id: int, *, now: datetime | None = None) -> int:
    """Add the late fee once to each unpaid bill past its due date (plus grace days). Returns how many."""
    require_staff_of(actor, community_id)
    today = (now or utcnow()).date()
    cfg = billing_settings(db, community_id)
    if cfg.late_fee_kind == LateFeeKind.NONE:
        return 0
    cutoff = today - timedelta(days=cfg.late_fee_grace_days)
    bills = db.exec(select(Bill).where(
        Bill.community_id == community_id, Bill.status == BillStatus.UNPAID, Bill.kind == BillKind.FEES,
        Bill.late_fee_applied.is_(False), Bill.due_date < cutoff).with_for_update()).all()
    applied = 0
    for bill in bills:
        fees = sum(db.exec(select(BillLine.amount_minor).where(
            BillLine.bill_id == bill.id, BillLine.is_late_fee.is_(False))).all())
        amount = late_fee_for(bill, fees, cfg)
        bill.late_fee_applied = True
        if amount <= 0:
            continue
        db.add(BillLine(bill_id=bill.id, description=f"Late fee (due {bill.due_date.isoformat()})",
                        amount_minor=amount, unit_price_minor=amount, is_late_fee=True))
        bill.total_minor += amount
        applied += 1
    db.flush()
    return applied


def collection_rate(db: Session, actor: Actor, community_id: int, period: str) -> CollectionReport:
    """Staff: billed vs collected for a period, per building and in total."""
    require_staff_of(actor, community_id)
    check_period(period)
    rows = db.exec(select(Bill, Household.building).join(Household, Household.id == Bill.household_id)
                   .where(Bill.community_id == community_id, Bill.period == period)).all()
    acc: dict[str, list[int]] = {}
    for bill, building in rows:
        a = acc.setdefault(building, [0, 0, 0, 0])
        a[0] += 1
        a[1] += bill.status == BillStatus.PAID
        a[2] += bill.total_minor
        a[3] += bill.paid_minor
    by_building = [CollectionRow(b, *v) for b, v in sorted(acc.items())]
    total = CollectionRow("", *(sum(r[i] for r in acc.values()) for i in range(4)))
    return CollectionReport(period, billing_settings(db, community_id).currency, by_building, total)


def arrears(db: Session, actor: Actor, community_id: int, *, now: datetime | None = None) -> list[ArrearsRow]:
    """Staff: unpaid bills past their due date, most overdue first."""
    require_staff_of(actor, community_id)
    today = (now or utcnow()).date()
    rows = db.exec(select(Bill, Household).join(Household, Household.id == Bill.household_id).where(
        Bill.community_id == community_id, Bill.status == BillStatus.UNPAID, Bill.kind == BillKind.FEES,
        Bill.due_date < today)
        .order_by(Bill.due_date, Household.building, Household.unit)).all()
    return [ArrearsRow(b.id, h.id, h.building, h.unit, b.period, b.total_minor - b.paid_minor, b.currency,
                       b.due_date, (today - b.due_date).days) for b, h in rows]


def send_reminders(db: Session, actor: Actor, community_id: int, *, period: str | None = None,
                   now: datetime | None = None) -> int:
    """Staff: remind every household with an unpaid bill (of `period`, or any overdue) by email/SMS and in-app.

    A bill reminded in the last 24 hours is skipped so a double click does not spam. Returns bills reminded.
    """
    require_staff_of(actor, community_id)
    now = now or utcnow()
    stmt = select(Bill, Household).join(Household, Household.id == Bill.household_id).where(
        Bill.community_id == community_id, Bill.status == BillStatus.UNPAID, Bill.kind == BillKind.FEES)
    stmt = stmt.where(Bill.period == check_period(period)) if period else stmt.where(Bill.due_date < now.date())
    count = 0
    for bill, h in db.exec(stmt.with_for_update(of=Bill)).all():
        if bill.reminded_at and now - bill.reminded_at < REMINDER_GAP:
            continue
        fields = dict(period=bill.period, unit=f"{h.building}-{h.unit}", due=bill.due_date.isoformat(),
                      amount=format_money(bill.total_minor - bill.paid_minor, bill.currency))
        for r in residents_of(db, community_id, household_ids=[h.id]):
            address = r.email or r.phone
            if address:
                outbox.enqueue(db, template="bill_reminder", to=address, user_id=r.user_id, **fields)
            outbox.notify_user(db, r.user_id, "bill_reminder", link=f"/bills/{bill.id}", **fields)
        bill.reminded_at = now
        count += 1
    db.flush()
    return count


def statement_rows(db: Session, actor: Actor, household_id: int | None = None) -> list[dict]:
    """Charges and payments of a household in date order with a running balance (the printable page)."""
    if household_id is None:
        require_resident(actor)
        household_id = actor.household_id
    h = db.get(Household, household_id) if household_id else None
    if h is None:
        raise NotFound("household")
    if not (actor.is_admin or actor.is_staff_of(h.community_id) or actor.household_id == h.id):
        raise PermissionDenied("You can only see your own household's statement.")
    events = []
    for bill in db.exec(select(Bill).where(Bill.household_id == h.id, Bill.status != BillStatus.VOID)).all():
        for line in db.exec(select(BillLine).where(BillLine.bill_id == bill.id).order_by(BillLine.id)).all():
            events.append((bill.issued_at, 0, line.id, bill, line.description, line.amount_minor))
        for p in db.exec(select(BillPayment).where(BillPayment.bill_id == bill.id)).all():
            events.append((p.at, 1, p.id, bill, f"Payment ({p.method.replace('_', ' ')})", -p.amount_minor))
        if bill.refunded_minor and bill.refunded_at:
            # A called-off service: the money went back and the charge no longer stands.
            events.append((bill.refunded_at, 2, bill.id, bill, "Refund", bill.refunded_minor))
            events.append((bill.refunded_at, 3, bill.id, bill, "Charge withdrawn", -bill.refunded_minor))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    balance, rows = 0, []
    for at, _, _, bill, text, amount in events:
        balance += amount
        rows.append({"date": at.date().isoformat(), "period": bill_label(bill), "bill": bill.id,
                     "description": text, "amount_minor": amount, "balance_minor": balance,
                     "currency": bill.currency})
    return rows


def statement_csv(db: Session, actor: Actor, household_id: int | None = None) -> str:
    """The statement as CSV (amounts in major units) for download."""
    rows = [[r["date"], r["period"], r["bill"], r["description"], amount_cell(r["amount_minor"], r["currency"]),
             amount_cell(r["balance_minor"], r["currency"]), r["currency"]]
            for r in statement_rows(db, actor, household_id)]
    return to_csv(["date", "period", "bill", "description", "amount", "balance", "currency"], rows)


# ---------------------------------------------------------------- convenience services


def add_convenience_service(db: Session, actor: Actor, community_id: int, *, name: str, price_minor: int,
                            description: str = "", unit_label: str = "", max_quantity: int = 10) -> ConvenienceService:
    """Staff offer a bookable service with a price per unit (top-up on behalf, dry-cleaning, printing)."""
    require_staff_of(actor, community_id)
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ServiceError("Give the service a name (at most 80 characters).")
    if not isinstance(price_minor, int) or price_minor < 0:
        raise ServiceError("The price must be a whole amount in cents, zero or more.")
    if not isinstance(max_quantity, int) or not 1 <= max_quantity <= 1000:
        raise ServiceError("The most a resident can book at once is between 1 and 1000.")
    svc = ConvenienceService(community_id=community_id, name=name, description=description, price_minor=price_minor,
                             unit_label=unit_label.strip()[:20], max_quantity=max_quantity,
                             currency=billing_settings(db, community_id).currency)
    db.add(svc)
    db.flush()
    return svc


def set_convenience_service_active(db: Session, actor: Actor, service_id: int, active: bool) -> ConvenienceService:
    svc = db.get(ConvenienceService, service_id)
    if svc is None:
        raise NotFound("service")
    require_staff_of(actor, svc.community_id)
    svc.active = active
    return svc


def list_convenience_services(db: Session, actor: Actor) -> list[ConvenienceService]:
    """The services a resident can book in their community."""
    require_resident(actor)
    return list(db.exec(select(ConvenienceService).where(ConvenienceService.community_id == actor.community_id,
                                                         ConvenienceService.active)
                        .order_by(ConvenienceService.name)).all())


def book_convenience_service(db: Session, actor: Actor, service_id: int, *, quantity: int = 1,
                             requested_for: datetime | None = None, notes: str = "",
                             now: datetime | None = None) -> ServiceBooking:
    """A resident books a service; a service bill is issued at once and paid like any bill
    (`mark_bill_paid` online, or at the desk), which marks the booking paid."""
    require_resident(actor)
    if actor.household_id is None:
        raise ServiceError("Only residents placed in a household can book services.")
    svc = db.get(ConvenienceService, service_id)
    if svc is None or svc.community_id != actor.community_id or not svc.active:
        raise NotFound("service")
    if not isinstance(quantity, int) or not 1 <= quantity <= svc.max_quantity:
        raise ServiceError(f"Book between 1 and {svc.max_quantity}.")
    now = now or utcnow()
    if requested_for is not None and (requested_for.tzinfo is None or requested_for < now):
        raise ServiceError("Choose a time in the future.")
    if len(notes) > 500:
        raise ServiceError("The notes are too long (at most 500 characters).")
    amount = quantity * svc.price_minor
    bill = Bill(community_id=svc.community_id, household_id=actor.household_id, period=None, kind=BillKind.SERVICE,
                title=svc.name, currency=svc.currency, total_minor=amount, due_date=now.date(), issued_at=now)
    db.add(bill)
    db.flush()
    label = f"{svc.name} × {quantity}" if quantity != 1 else svc.name
    db.add(BillLine(bill_id=bill.id, description=label, quantity=quantity, unit_price_minor=svc.price_minor,
                    amount_minor=amount))
    booking = ServiceBooking(service_id=svc.id, community_id=svc.community_id, household_id=actor.household_id,
                             user_id=actor.user_id, bill_id=bill.id, quantity=quantity, requested_for=requested_for,
                             notes=notes.strip(), created_at=now)
    db.add(booking)
    db.flush()
    return booking


def _booking(db: Session, actor: Actor, booking_id: int) -> tuple[ServiceBooking, bool]:
    b = db.get(ServiceBooking, booking_id, with_for_update=True)
    if b is None or not actor.is_authenticated:
        raise NotFound("booking")
    if actor.is_admin or actor.is_staff_of(b.community_id):
        return b, True
    if actor.household_id == b.household_id:
        return b, False
    raise NotFound("booking")


def cancel_convenience_booking(db: Session, actor: Actor, booking_id: int) -> ServiceBooking:
    """The household or staff cancel a booking not yet paid; its bill is voided. (Paid ones need a refund.)"""
    b, _ = _booking(db, actor, booking_id)
    if b.status != BookingStatus.AWAITING_PAYMENT:
        raise ServiceError("Only a booking that is not paid yet can be cancelled here; ask the office for a refund.")
    bill = db.get(Bill, b.bill_id, with_for_update=True)
    if bill.status != BillStatus.UNPAID or bill.paid_minor:
        raise ServiceError("This booking has a payment; ask the office for a refund.")
    bill.status = BillStatus.VOID
    b.status = BookingStatus.CANCELLED
    return b


def complete_convenience_booking(db: Session, actor: Actor, booking_id: int, *,
                                 now: datetime | None = None) -> ServiceBooking:
    """Staff mark a paid booking done."""
    b, staff = _booking(db, actor, booking_id)
    if not staff:
        raise PermissionDenied("Only property staff can mark a service done.")
    if b.status != BookingStatus.PAID:
        raise ServiceError("Only a paid booking can be marked done.")
    b.status, b.done_at = BookingStatus.DONE, now or utcnow()
    return b


def list_convenience_bookings(db: Session, actor: Actor, community_id: int, *,
                              status: str | None = None) -> list[ServiceBooking]:
    """Staff: bookings of the community's services, oldest first (the work queue)."""
    require_staff_of(actor, community_id)
    stmt = select(ServiceBooking).where(ServiceBooking.community_id == community_id)
    if status:
        stmt = stmt.where(ServiceBooking.status == status)
    return list(db.exec(stmt.order_by(ServiceBooking.created_at, ServiceBooking.id)).all())


def my_convenience_bookings(db: Session, actor: Actor) -> list[ServiceBooking]:
    require_resident(actor)
    return list(db.exec(select(ServiceBooking).where(ServiceBooking.household_id == actor.household_id)
                        .order_by(ServiceBooking.id.desc())).all()) if actor.household_id else []


def bill_statuses(db: Session, bookings: list[ServiceBooking]) -> dict[int, str]:
    """The status of each booking's bill (for bookings the caller was already allowed to list):
    a cancelled booking whose bill is still paid is waiting for its refund."""
    ids = [b.bill_id for b in bookings]
    if not ids:
        return {}
    return dict(db.exec(select(Bill.id, Bill.status).where(Bill.id.in_(ids))).all())
