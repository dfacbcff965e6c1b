"""Reading orders: one order with its timeline and the moves open to the reader, versions for live pages, the shop's day and sales."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, bindparam, func
from sqlmodel import Session, select

from community_hub.core import change_rings, local_time, prebuilt
from community_hub.core.errors import NotFound
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_merchant_of, require_user
from community_hub.marketplace.cart import money
from community_hub.marketplace.orders.lifecycle import (
    RESIDENT,
    STATE_LABELS,
    TRANSITIONS,
    S,
    pickup_qr_payload,
    roles_for,
)
from community_hub.models import Merchant
from community_hub.models.base import utcnow
from community_hub.models.orders import (
    Fulfilment,
    Order,
    OrderEvent,
    OrderLine,
)


@dataclass(frozen=True)
class TimelineStep:
    state: str
    label: str
    by_role: str
    note: str
    photos: list[str]
    at: datetime


@dataclass(frozen=True)
class OrderView:
    order: Order
    shop_name: str
    lines: list[OrderLine]
    timeline: list[TimelineStep]
    actions: list[str]  # the states this actor may move the order to now
    pickup_qr: str | None  # only for the resident of a pickup order
    version: int  # the latest event id: a page polls order_version() and reloads when it grows


def _visible(db: Session, actor: Actor, order_id: int) -> Order:
    require_user(actor)
    order = db.exec(_BY_ID, params={"order_id": order_id}).first()
    if order is None or not roles_for(actor, order):
        raise NotFound(phrase("order"))
    return order


def get_order(db: Session, actor: Actor, order_id: int) -> OrderView:
    """The order page: lines (price snapshot), the timeline with times, and what this actor can do."""
    order = _visible(db, actor, order_id)
    events = list(db.exec(_EVENTS, params={"order_id": order.id}))
    roles = roles_for(actor, order)
    actions = sorted({t for (f, t), who in TRANSITIONS.items() if f == order.state and set(roles) & who})
    if order.fulfilment == Fulfilment.PICKUP:
        actions = [a for a in actions if a != S.OUT_FOR_DELIVERY]
    else:
        actions = [a for a in actions if a != S.READY_FOR_PICKUP]
    return OrderView(
        order=order, shop_name=prebuilt.scalar(db, _SHOP_NAME, merchant_id=order.merchant_id) or "",
        lines=list(db.exec(_LINES, params={"order_id": order.id})),
        timeline=[TimelineStep(e.to_state, STATE_LABELS[e.to_state], e.by_role, e.note, e.photos, e.at) for e in events],
        actions=actions,
        pickup_qr=pickup_qr_payload(order) if order.fulfilment == Fulfilment.PICKUP and RESIDENT in roles else None,
        version=events[-1].id if events else 0,
    )


# The order page's reads, built once (core/prebuilt.py): it is opened, and polled, the most.
_BY_ID = select(Order).where(Order.id == bindparam("order_id")).execution_options(populate_existing=True)
_LAST_STEP = select(func.max(OrderEvent.id)).where(OrderEvent.order_id == bindparam("order_id"))
_EVENTS = select(OrderEvent).where(OrderEvent.order_id == bindparam("order_id")).order_by(OrderEvent.id)
_LINES = select(OrderLine).where(OrderLine.order_id == bindparam("order_id")).order_by(OrderLine.id)
_SHOP_NAME = select(Merchant.name).where(Merchant.id == bindparam("merchant_id"))


def order_version(db: Session, actor: Actor, order_id: int) -> tuple[str, int]:
    """(state, latest event id): a cheap poll for the live order page."""
    order = _visible(db, actor, order_id)
    last = prebuilt.scalar(db, _LAST_STEP, order_id=order.id)
    return order.state, last or 0


def my_orders_version(db: Session, actor: Actor) -> tuple[int, int, str]:
    """(how many, newest id, last change) of the resident's own orders: the open orders list polls
    this cheaply and re-reads when a shop moves an order or a payment lands."""
    require_user(actor)
    count, newest, changed = db.exec(select(func.count(), func.max(Order.id), func.max(Order.updated_at))
                                     .where(Order.user_id == actor.user_id)).one()
    return count, newest or 0, changed.isoformat() if changed else ""


def my_orders_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's key for `my_orders_version` (core/change_rings.py): any of the person's
    orders written; no scheduled change."""
    require_user(actor)
    return [change_rings.key_of(Order, "user_id", actor.user_id)], None


def my_orders(db: Session, actor: Actor, limit: int = 50) -> list[Order]:
    """The resident's orders, newest first."""
    require_user(actor)
    return list(db.exec(_MY_ORDERS, params={"user_id": actor.user_id, "most": limit}))


# The resident's orders and their shops' names, on the home page and the orders page: built once
# (core/prebuilt.py).
_MY_ORDERS = (select(Order).where(Order.user_id == bindparam("user_id")).order_by(Order.id.desc())
              .limit(bindparam("most", type_=Integer)))
_SHOP_NAMES = select(Merchant.id, Merchant.name).where(Merchant.id.in_(bindparam("ids", expanding=True)))


def my_orders_in_states(db: Session, actor: Actor, states: tuple[str, ...], limit: int) -> list[tuple[int, str, str]]:
    """(id, state, shop name) of the resident's latest orders in these states, newest first, in
    one query of three columns: the home page's orders on their way."""
    require_user(actor)
    return [tuple(row) for row in prebuilt.rows(db, _IN_STATES, user_id=actor.user_id, states=list(states),
                                                 most=limit)]


_IN_STATES = (select(Order.id, Order.state, Merchant.name).join(Merchant, Merchant.id == Order.merchant_id)
              .where(Order.user_id == bindparam("user_id"), Order.state.in_(bindparam("states", expanding=True)))
              .order_by(Order.id.desc()).limit(bindparam("most", type_=Integer)))


def merchant_orders(db: Session, actor: Actor, merchant_id: int, state: str | None = None, limit: int = 100) -> list[Order]:
    """The shop's orders (optionally in one state), newest first."""
    require_merchant_of(actor, merchant_id)
    q = select(Order).where(Order.merchant_id == merchant_id)
    if state:
        q = q.where(Order.state == state)
    return list(db.exec(q.order_by(Order.id.desc()).limit(limit)))


@dataclass(frozen=True)
class MerchantToday:
    orders_today: int
    revenue_today_minor: int  # paid orders placed today, cancelled/rejected/refunded excluded
    by_state: dict[str, int]
    currency: str


def merchant_today(db: Session, actor: Actor, merchant_id: int, now: datetime | None = None) -> MerchantToday:
    """Dashboard tiles: today's orders and revenue (today on the merchant's clock, `actor.time_zone`)
    and open orders by state."""
    require_merchant_of(actor, merchant_id)
    now = now or utcnow()
    start = local_time.day_start(local_time.local_today(actor.time_zone, now), actor.time_zone)
    m = db.get(Merchant, merchant_id)
    today = list(db.exec(select(Order).where(Order.merchant_id == merchant_id, Order.created_at >= start)))
    lost = {S.PLACED, S.CANCELLED, S.REJECTED, S.REFUNDED}
    by_state = dict(db.exec(select(Order.state, func.count()).where(Order.merchant_id == merchant_id)
                            .group_by(Order.state)).all())
    return MerchantToday(len(today), sum(o.total_minor for o in today if o.state not in lost), by_state, m.currency)


# Orders that count as sales (money kept by the shop, or on its way).
_SOLD = (S.PAID, S.ACCEPTED, S.PREPARING, S.OUT_FOR_DELIVERY, S.READY_FOR_PICKUP, S.DELIVERED, S.SIGNED, S.SETTLED)


@dataclass(frozen=True)
class CustomerRow:
    user_id: int
    name: str
    orders: int
    spent_minor: int
    last_order_at: datetime


def merchant_customers(db: Session, actor: Actor, merchant_id: int, limit: int = 100) -> list[CustomerRow]:
    """Who bought from the shop and how often, best customers first."""
    from community_hub.models import User

    require_merchant_of(actor, merchant_id)
    rows = db.exec(select(Order.user_id, User.display_name, func.count(), func.sum(Order.total_minor),
                          func.max(Order.created_at))
                   .join(User, User.id == Order.user_id)
                   .where(Order.merchant_id == merchant_id, Order.state.in_(_SOLD))
                   .group_by(Order.user_id, User.display_name)
                   .order_by(func.count().desc(), func.sum(Order.total_minor).desc()).limit(limit)).all()
    return [CustomerRow(uid, name, n, int(total or 0), last) for uid, name, n, total, last in rows]


@dataclass(frozen=True)
class DaySales:
    day: str  # YYYY-MM-DD (local date, `actor.time_zone`)
    orders: int
    sales_minor: int


def sales_by_day(db: Session, actor: Actor, merchant_id: int, days: int = 30, now: datetime | None = None) -> list[DaySales]:
    """Sales per day over the last `days` days, oldest first, days without sales included (a chart)."""
    require_merchant_of(actor, merchant_id)
    zone = actor.time_zone
    first = local_time.local_today(zone, now or utcnow()) - timedelta(days=days - 1)
    start = local_time.day_start(first, zone)
    buckets = {(first + timedelta(days=i)).isoformat(): [0, 0] for i in range(days)}
    for created, total in db.exec(select(Order.created_at, Order.total_minor).where(
            Order.merchant_id == merchant_id, Order.state.in_(_SOLD), Order.created_at >= start)):
        b = buckets.get(local_time.fmt_date(created, zone))
        if b:
            b[0] += 1
            b[1] += total
    return [DaySales(day, n, total) for day, (n, total) in buckets.items()]


def describe_total(order: Order) -> str:
    return money(order.total_minor, order.currency)


def my_orders_with_shops(db: Session, actor: Actor, limit: int = 50) -> list[tuple[Order, str]]:
    """The resident's orders, newest first, each with its shop's name (the orders list)."""
    mine = my_orders(db, actor, limit)
    ids = {o.merchant_id for o in mine}
    names = dict(prebuilt.rows(db, _SHOP_NAMES, ids=sorted(ids))) if ids else {}
    return [(o, names.get(o.merchant_id, "")) for o in mine]
