"""Reading bills: a resident's own, one bill, a community's list (each checked for who may see it)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, case, func
from sqlmodel import Session, select

from community_hub.core import change_rings, prebuilt
from community_hub.core.errors import NotFound
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_resident,
    require_staff_of,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models import Household
from community_hub.models.billing import (
    Bill,
    BillLine,
    BillPayment,
    BillStatus,
)
from community_hub.property.billing.views import (
    BillView,
    LineView,
    PaymentView,
    bill_label,
    check_period,
)


def _view(db: Session, bill: Bill, h: Household | None = None) -> BillView:
    return _views(db, [(bill, h or db.get(Household, bill.household_id))])[0]


def _views(db: Session, bills: list[tuple[Bill, Household]]) -> list[BillView]:
    """The bills as shown, their lines and payments read in two queries for all of them (a
    household's list and a community's were two queries per bill)."""
    ids = [b.id for b, _h in bills]
    lines_of: dict[int, list[BillLine]] = defaultdict(list)
    pays_of: dict[int, list[BillPayment]] = defaultdict(list)
    if ids:
        for x in db.exec(select(BillLine).where(BillLine.bill_id.in_(ids)).order_by(BillLine.id)).all():
            lines_of[x.bill_id].append(x)
        for x in db.exec(select(BillPayment).where(BillPayment.bill_id.in_(ids)).order_by(BillPayment.id)).all():
            pays_of[x.bill_id].append(x)
    return [_one(bill, h, lines_of[bill.id], pays_of[bill.id]) for bill, h in bills]


def _one(bill: Bill, h: Household, lines: list[BillLine], pays: list[BillPayment]) -> BillView:
    return BillView(
        id=bill.id, household_id=bill.household_id, building=h.building, unit=h.unit, period=bill.period,
        kind=bill.kind, label=bill_label(bill),
        currency=bill.currency, total_minor=bill.total_minor, paid_minor=bill.paid_minor,
        outstanding_minor=bill.total_minor - bill.paid_minor, status=bill.status, due_date=bill.due_date,
        lines=[LineView(x.description, x.quantity, x.unit_price_minor, x.amount_minor, x.is_late_fee) for x in lines],
        payments=[PaymentView(p.amount_minor, p.method, p.reference, p.note, p.at) for p in pays],
    )


def _can_see(db: Session, actor: Actor, bill: Bill) -> None:
    if actor.is_authenticated and (actor.holds(AdminPermission.SUPER) or actor.is_staff_of(bill.community_id)):
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
    return _views(db, [(b, h) for b in sorted(bills, key=_newest_period_first, reverse=True)])


def my_amounts_due(db: Session, actor: Actor) -> list[tuple[int, str]]:
    """(outstanding minor units, currency) of each unpaid bill of the resident's household, in one
    query: the home page's "bills due" needs no lines or payments (docs/PROFILE.md)."""
    require_resident(actor)
    if actor.household_id is None:
        return []
    return [(total - paid, currency) for total, paid, currency
            in prebuilt.rows(db, _AMOUNTS_DUE, household_id=actor.household_id)]


_AMOUNTS_DUE = (select(Bill.total_minor, Bill.paid_minor, Bill.currency)
                .where(Bill.household_id == bindparam("household_id"), Bill.status == BillStatus.UNPAID,
                       Bill.total_minor > Bill.paid_minor).order_by(Bill.id))  # core/prebuilt.py


def _newest_period_first(bill: Bill) -> tuple[str, str, int]:
    """People read bills by the month they are for: a service bill (no period) counts in the month
    it was issued; within a month the later one first. A bill run for last month generated today
    sorts under last month, not above this month's bill."""
    return bill.period or bill.issued_at.strftime("%Y-%m"), bill.issued_at.isoformat(), bill.id


def my_bills_version(db: Session, actor: Actor) -> tuple:
    """What moves when the household's bills change (a new bill run, a payment at the office or
    online, a late fee, a refund): an open bills page polls this cheaply and re-reads only then."""
    require_resident(actor)
    if actor.household_id is None:
        return ()
    row = db.exec(select(func.count(), func.max(Bill.id), func.sum(Bill.total_minor), func.sum(Bill.paid_minor),
                         func.sum(Bill.refunded_minor), func.sum(case((Bill.status == "unpaid", 1), else_=0)))
                  .where(Bill.household_id == actor.household_id)).one()
    return tuple(int(x or 0) for x in row)


def my_bills_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's key for `my_bills_version` (core/change_rings.py): any bill of the household
    written (a bill run, a payment, a late fee, a refund); nothing scheduled."""
    require_resident(actor)
    return ([change_rings.key_of(Bill, "household_id", actor.household_id)] if actor.household_id else []), None


def get_bill(db: Session, actor: Actor, bill_id: int) -> BillView:
    """One bill: its household's residents or the community's staff only."""
    bill = get_or_not_found(db, Bill, bill_id, phrase("bill"))
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
    return _views(db, [(b, h) for b, h in rows])
