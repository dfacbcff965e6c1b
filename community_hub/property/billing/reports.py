"""Late fees, the collection rate, arrears, reminders and the household statement."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from community_hub.core.csv_export import amount_cell, headers, to_csv
from community_hub.core.errors import NotFound, PermissionDenied
from community_hub.core.i18n import N_, phrase
from community_hub.core.local_time import day_shown
from community_hub.core.money import money_shown
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_resident,
    require_staff_of,
)
from community_hub.models import Household
from community_hub.models.base import utcnow
from community_hub.models.billing import (
    Bill,
    BillingSettings,
    BillKind,
    BillLine,
    BillPayment,
    BillStatus,
    LateFeeKind,
)
from community_hub.notify import outbox
from community_hub.property.billing.fees import billing_settings
from community_hub.property.billing.views import (
    REMINDER_GAP,
    ArrearsRow,
    CollectionReport,
    CollectionRow,
    bill_label,
    check_period,
)
from community_hub.property.notices import residents_of


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
        # Shown values: each resident reads the amount and the day in their own language.
        fields = dict(period=bill.period, unit=f"{h.building}-{h.unit}", due=day_shown(bill.due_date),
                      amount=money_shown(bill.total_minor - bill.paid_minor, bill.currency))
        for r in residents_of(db, community_id, household_ids=[h.id]):
            # In-app, email and SMS as the admin's matrix and the resident's choices say (notify/step_channels).
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
    if not (actor.holds(AdminPermission.SUPER) or actor.is_staff_of(h.community_id) or actor.household_id == h.id):
        raise PermissionDenied("You can only see your own household's statement.")
    events = []
    for bill in db.exec(select(Bill).where(Bill.household_id == h.id, Bill.status != BillStatus.VOID)).all():
        for line in db.exec(select(BillLine).where(BillLine.bill_id == bill.id).order_by(BillLine.id)).all():
            events.append((bill.issued_at, 0, line.id, bill, line.description, line.amount_minor))
        for p in db.exec(select(BillPayment).where(BillPayment.bill_id == bill.id)).all():
            events.append((p.at, 1, p.id, bill, phrase("Payment ({method})", method=p.method.replace("_", " ")),
                           -p.amount_minor))
        if bill.refunded_minor and bill.refunded_at:
            # A called-off service: the money went back and the charge no longer stands.
            events.append((bill.refunded_at, 2, bill.id, bill, phrase("Refund"), bill.refunded_minor))
            events.append((bill.refunded_at, 3, bill.id, bill, phrase("Charge withdrawn"), -bill.refunded_minor))
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
    return to_csv(headers(N_("date"), N_("period"), N_("bill"), N_("description"), N_("amount"), N_("balance"),
                          N_("currency")), rows)
