"""Order statistics for the back office (issue 18): how many orders, their value, what was
refunded and the platform's fees, by day / week / month, by shop, by community or by the shop's
category, for a span of days read in the admin's zone; the same rows as CSV. And the logistics
view: orders out for delivery, the late ones first.

An order counts from the day it was placed once it was paid for (an order cancelled or rejected
before anyone paid is not business). Fees and refunds come from the ledger and the refunds
(payments/order_money.py), so they agree with the statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from community_hub.core import csv_export, local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models import Community, Merchant
from community_hub.models.base import utcnow
from community_hub.models.orders import Order, OrderState
from community_hub.payments.order_money import fees_and_refunds

PERIODS = ("day", "week", "month")
GROUPS = ("time", "shop", "community", "category")
MOST_DAYS = 366
NOT_BUSINESS = (OrderState.CANCELLED, OrderState.REJECTED)


@dataclass(frozen=True)
class StatRow:
    label: str  # "2026-12-04", "2026-W49", "2026-12", a shop's, community's or category's name
    currency: str
    orders: int
    value_minor: int
    refunds_minor: int
    fees_minor: int


@dataclass(frozen=True)
class Statistics:
    rows: list[StatRow]
    totals: list[StatRow]  # one per currency, label ""
    start: date
    end: date  # inclusive


def _span(start: str, end: str, zone: str) -> tuple[date, date]:
    first = local_time.parse_day(start, N_("first day"))
    last = local_time.parse_day(end, N_("last day"))
    if last < first:
        raise ServiceError(phrase("The last day comes before the first."))
    if (last - first).days >= MOST_DAYS:
        raise ServiceError(phrase("Choose at most {days} days at a time.", days=MOST_DAYS))
    return first, last


def _bucket(day: date, period: str) -> str:
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day:%Y-%m}"
    return day.isoformat()


def order_statistics(db: Session, actor: Actor, *, start: str, end: str, period: str = "day",
                     group: str = "time") -> Statistics:
    """Rows for `start`..`end` (local days, inclusive): by `period` when grouped by time, else by
    shop, community or category over the whole span; busiest first for those, in time order for time."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    if period not in PERIODS or group not in GROUPS:
        raise ServiceError(phrase("Choose how to group the orders."))
    zone = actor.time_zone
    first, last = _span(start, end, zone)
    since, until = local_time.day_start(first, zone), local_time.day_start(last + timedelta(days=1), zone)
    orders = db.exec(select(Order.id, Order.created_at, Order.merchant_id, Order.community_id, Order.currency,
                            Order.total_minor, Order.state, Order.payment_ref)
                     .where(Order.created_at >= since, Order.created_at < until, Order.state != OrderState.PLACED)
                     .order_by(Order.id)).all()
    orders = [o for o in orders if not (o.state in NOT_BUSINESS and not o.payment_ref)]
    money = fees_and_refunds(db, [f"order:{o.id}" for o in orders])
    shops = {m.id: (m.name, m.category) for m in db.exec(select(Merchant)).all()} if group in ("shop", "category") else {}
    places = dict(db.exec(select(Community.id, Community.name)).all()) if group == "community" else {}
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for o in orders:
        if group == "time":
            label = _bucket(local_time.localize(o.created_at, zone).date(), period)
        elif group == "shop":
            label = shops.get(o.merchant_id, ("?", ""))[0]
        elif group == "category":
            label = shops.get(o.merchant_id, ("", "?"))[1]
        else:
            label = places.get(o.community_id, "") if o.community_id else ""
        fee, refunded = money.get(f"order:{o.id}", (0, 0))
        row = sums[(label, o.currency)]
        row[0] += 1
        row[1] += o.total_minor
        row[2] += refunded
        row[3] += fee
    rows = [StatRow(label, cur, *v) for (label, cur), v in sums.items()]
    if group == "time":
        rows.sort(key=lambda r: (r.label, r.currency))
    else:
        rows.sort(key=lambda r: (-r.value_minor, r.label, r.currency))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in rows:
        t = totals[r.currency]
        for i, v in enumerate((r.orders, r.value_minor, r.refunds_minor, r.fees_minor)):
            t[i] += v
    return Statistics(rows, [StatRow("", cur, *v) for cur, v in sorted(totals.items())], first, last)


CSV_HEADERS = (N_("Period or group"), N_("Currency"), N_("Orders"), N_("Value"), N_("Refunds"), N_("Fees"))


def statistics_csv(db: Session, actor: Actor, *, start: str, end: str, period: str = "day",
                   group: str = "time") -> tuple[str, str]:
    """(file name, CSV text) of the same rows, amounts as numbers a spreadsheet adds up."""
    stats = order_statistics(db, actor, start=start, end=end, period=period, group=group)
    body = csv_export.to_csv(csv_export.headers(*CSV_HEADERS), [
        (r.label, r.currency, r.orders, csv_export.amount_cell(r.value_minor, r.currency),
         csv_export.amount_cell(r.refunds_minor, r.currency), csv_export.amount_cell(r.fees_minor, r.currency))
        for r in stats.rows])
    return f"orders-{group}-{period}-{stats.start}-{stats.end}.csv", body


@dataclass(frozen=True)
class OutForDelivery:
    order_id: int
    shop: str
    community: str
    address: str
    window_end: datetime | None
    courier: str
    late: bool  # the delivery window has passed


def out_for_delivery(db: Session, actor: Actor, *, now: datetime | None = None) -> list[OutForDelivery]:
    """Every order on its way: the late ones (window passed) first, then by when they are due."""
    require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    now = now or utcnow()
    rows = db.exec(select(Order, Merchant.name).join(Merchant, Merchant.id == Order.merchant_id)
                   .where(Order.state == OrderState.OUT_FOR_DELIVERY).order_by(Order.id).limit(500)).all()
    places = dict(db.exec(select(Community.id, Community.name)).all())
    far = datetime.max.replace(tzinfo=now.tzinfo)
    found = [OutForDelivery(o.id, name, places.get(o.community_id, "") if o.community_id else "", o.address,
                            o.window_end, " ".join(x for x in (o.courier_name, o.courier_phone) if x),
                            o.window_end is not None and o.window_end < now) for o, name in rows]
    return sorted(found, key=lambda r: (not r.late, r.window_end or far, r.order_id))
