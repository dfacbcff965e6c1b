"""The order state machine: who may move an order from which state to which, and what each move
records (a timeline event) and tells (an in-app notification).

    placed -> paid -> accepted -> preparing -> out_for_delivery | ready_for_pickup -> delivered
           -> signed -> settled;   exits: cancelled, rejected, refunded, disputed

Money is not moved here. The payments side calls `mark_paid`, `mark_refunded` and `settle`, and
registers callbacks in `ON_TRANSITION` to post to the ledger or start a refund (e.g. when a paid
order is cancelled or rejected: `refund_due(order)` is then true).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select, update

from community_hub.core import local_time
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.permissions import Actor, require_merchant_of, require_user
from community_hub.marketplace.cart import money
from community_hub.models import Merchant, Product, Role, UserRole
from community_hub.models.base import utcnow
from community_hub.models.orders import (
    Coupon,
    CouponRedemption,
    Fulfilment,
    Order,
    OrderEvent,
    OrderLine,
    OrderState,
)
from community_hub.notify.outbox import notify_user

S = OrderState
RESIDENT, MERCHANT, ADMIN, SYSTEM, PAYMENTS = "resident", "merchant", "admin", "system", "payments"
KIOSK = "kiosk"  # the lobby kiosk hands over a pickup order when its QR is scanned
AUTO_SIGN_HOURS = 48

# (from, to) -> the roles that may make that move. Anything not listed is forbidden.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.PLACED, S.PAID): frozenset({PAYMENTS}),
    (S.PLACED, S.CANCELLED): frozenset({RESIDENT, MERCHANT, ADMIN, SYSTEM}),
    (S.PAID, S.ACCEPTED): frozenset({MERCHANT}),
    (S.PAID, S.REJECTED): frozenset({MERCHANT}),
    (S.PAID, S.CANCELLED): frozenset({RESIDENT, ADMIN}),
    (S.ACCEPTED, S.PREPARING): frozenset({MERCHANT}),
    (S.ACCEPTED, S.CANCELLED): frozenset({MERCHANT, ADMIN}),
    (S.PREPARING, S.OUT_FOR_DELIVERY): frozenset({MERCHANT}),
    (S.PREPARING, S.READY_FOR_PICKUP): frozenset({MERCHANT}),
    (S.PREPARING, S.CANCELLED): frozenset({MERCHANT, ADMIN}),
    (S.OUT_FOR_DELIVERY, S.DELIVERED): frozenset({MERCHANT}),
    (S.READY_FOR_PICKUP, S.DELIVERED): frozenset({MERCHANT, KIOSK}),
    (S.DELIVERED, S.SIGNED): frozenset({RESIDENT, SYSTEM}),
    (S.DELIVERED, S.DISPUTED): frozenset({RESIDENT}),
    (S.DISPUTED, S.SIGNED): frozenset({ADMIN}),
    (S.DISPUTED, S.REFUNDED): frozenset({ADMIN, PAYMENTS}),
    (S.CANCELLED, S.REFUNDED): frozenset({PAYMENTS}),
    (S.REJECTED, S.REFUNDED): frozenset({PAYMENTS}),
    (S.SIGNED, S.SETTLED): frozenset({PAYMENTS, SYSTEM}),
}

STATE_LABELS = {
    S.PLACED: "placed, waiting for payment", S.PAID: "paid, waiting for the shop", S.ACCEPTED: "accepted",
    S.PREPARING: "being prepared", S.OUT_FOR_DELIVERY: "out for delivery", S.READY_FOR_PICKUP: "ready for pickup",
    S.DELIVERED: "delivered", S.SIGNED: "signed for", S.SETTLED: "settled", S.CANCELLED: "cancelled",
    S.REJECTED: "rejected by the shop", S.REFUNDED: "refunded", S.DISPUTED: "disputed",
}
# States in which stock is back on the shelf and a coupon use is given back.
_RELEASING = {S.CANCELLED, S.REJECTED}
# States the shop should hear about (the resident hears about every move it did not make).
_TELL_MERCHANT = {S.PAID, S.CANCELLED, S.SIGNED, S.DISPUTED, S.REFUNDED}

# Callbacks run inside the same transaction after every move: fn(db, order, from_state, to_state).
ON_TRANSITION: list[Callable[[Session, Order, str, str], None]] = []

PICKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread at the counter


def new_pickup_code() -> str:
    return "".join(secrets.choice(PICKUP_ALPHABET) for _ in range(6))


def pickup_qr_payload(order: Order) -> str:
    """What the pickup QR encodes; the shop scans it and calls mark_delivered with the code."""
    return f"hub-pickup:{order.id}:{order.pickup_code or ''}"


def refund_due(order: Order) -> bool:
    """The order was paid and ended without the resident getting it: the payments side refunds."""
    return bool(order.payment_ref) and order.state in (S.CANCELLED, S.REJECTED)


def allowed(from_state: str, to_state: str, role: str) -> bool:
    return role in TRANSITIONS.get((from_state, to_state), frozenset())


def merchant_user_ids(db: Session, merchant_id: int) -> list[int]:
    return list(db.exec(select(UserRole.user_id).where(UserRole.role == Role.MERCHANT,
                                                       UserRole.merchant_id == merchant_id)))


def _lock(db: Session, order_id: int) -> Order:
    # populate_existing: the row as it is after the lock, not a copy from earlier in the session.
    order = db.exec(select(Order).where(Order.id == order_id).with_for_update()
                    .execution_options(populate_existing=True)).first()
    if order is None:
        raise NotFound("order")
    return order


def roles_for(actor: Actor, order: Order) -> list[str]:
    """The roles this actor holds towards this order (most specific first)."""
    roles = []
    if actor.user_id is not None and actor.user_id == order.user_id:
        roles.append(RESIDENT)
    if actor.is_merchant_of(order.merchant_id):
        roles.append(MERCHANT)
    if actor.is_admin:
        roles.append(ADMIN)
    return roles


def _pick_role(actor: Actor, order: Order, to_state: str) -> str:
    require_user(actor)
    mine = roles_for(actor, order)
    if not mine:
        raise NotFound("order")
    for role in mine:
        if allowed(order.state, to_state, role):
            return role
    if any(to_state == t for (_f, t), roles in TRANSITIONS.items() if set(mine) & roles):
        raise ServiceError(f"An order that is {STATE_LABELS[order.state]} cannot be {STATE_LABELS[to_state]} now.",
                           code="bad_state")
    raise PermissionDenied(f"You cannot mark this order {STATE_LABELS[to_state]}.")


def transition(db: Session, order: Order, to_state: str, *, role: str, actor_user_id: int | None = None,
               note: str = "", photos: list[str] | None = None, now: datetime | None = None) -> OrderEvent:
    """Move a locked order, if the table allows `role` to: the one place every move goes through."""
    if not allowed(order.state, to_state, role):
        raise ServiceError(f"An order that is {STATE_LABELS[order.state]} cannot be {STATE_LABELS[to_state]}.",
                           code="bad_state")
    now = now or utcnow()
    from_state = order.state
    order.state, order.updated_at = to_state, now
    if to_state == S.DELIVERED:
        order.delivered_at = now
    if to_state == S.SIGNED:
        order.signed_at = now
    if to_state in _RELEASING:
        _release(db, order)
    db.add(order)
    event = OrderEvent(order_id=order.id, from_state=from_state, to_state=to_state, by_role=role,
                       actor_user_id=actor_user_id, note=note, photos=list(photos or []), at=now)
    db.add(event)
    db.flush()
    _tell(db, order, to_state, role, note)
    for fn in ON_TRANSITION:
        fn(db, order, from_state, to_state)
    return event


def _release(db: Session, order: Order) -> None:
    """Put the stock back and give the coupon use back (a cancelled order never happened)."""
    for line in db.exec(select(OrderLine).where(OrderLine.order_id == order.id)):
        if line.product_id is not None:
            db.exec(update(Product).where(Product.id == line.product_id, Product.stock.is_not(None))
                    .values(stock=Product.stock + line.quantity))
            db.exec(update(Product).where(Product.id == line.product_id)
                    .values(sold_count=func.max(Product.sold_count - line.quantity, 0)
                            if db.get_bind().dialect.name == "sqlite"
                            else func.greatest(Product.sold_count - line.quantity, 0)))
    red = db.exec(select(CouponRedemption).where(CouponRedemption.order_id == order.id)).first()
    if red:
        db.exec(update(Coupon).where(Coupon.id == red.coupon_id, Coupon.used_count > 0)
                .values(used_count=Coupon.used_count - 1))
        db.delete(red)


def _tell(db: Session, order: Order, to_state: str, role: str, note: str) -> None:
    shop = db.get(Merchant, order.merchant_id)
    extra = ""
    if to_state == S.OUT_FOR_DELIVERY and order.courier_name:
        extra = f" Courier: {order.courier_name} {order.courier_phone}".rstrip() + "."
    elif to_state == S.READY_FOR_PICKUP:
        extra = f" Show the pickup code {order.pickup_code} at the counter."
    elif note and to_state in (S.REJECTED, S.CANCELLED, S.DISPUTED):
        extra = f" Reason: {note}"
    fields = dict(order_id=order.id, shop=shop.name, state_label=STATE_LABELS[to_state], extra=extra)
    link = f"/orders/{order.id}"
    if role != RESIDENT:
        notify_user(db, order.user_id, "order_update", link=link, **fields)
    if role != MERCHANT and to_state in _TELL_MERCHANT:
        for uid in merchant_user_ids(db, order.merchant_id):
            notify_user(db, uid, "order_update", link=f"/merchant/orders/{order.id}", **fields)


def _move(db: Session, actor: Actor, order_id: int, to_state: str, note: str = "",
          photos: list[str] | None = None, prepare: Callable[[Order], None] | None = None) -> Order:
    order = _lock(db, order_id)
    role = _pick_role(actor, order, to_state)
    if prepare:
        prepare(order)
    transition(db, order, to_state, role=role, actor_user_id=actor.user_id, note=note, photos=photos)
    return order


# ---------------------------------------------------------------- the shop's moves


def accept_order(db: Session, actor: Actor, order_id: int) -> Order:
    """The shop takes a paid order."""
    return _move(db, actor, order_id, S.ACCEPTED)


def reject_order(db: Session, actor: Actor, order_id: int, reason: str) -> Order:
    """The shop refuses a paid order (a refund becomes due)."""
    if not reason.strip():
        raise ServiceError("Tell the customer why the order is rejected.")
    return _move(db, actor, order_id, S.REJECTED, note=reason.strip())


def start_preparing(db: Session, actor: Actor, order_id: int) -> Order:
    return _move(db, actor, order_id, S.PREPARING)


def send_out(db: Session, actor: Actor, order_id: int, courier_name: str, courier_phone: str = "") -> Order:
    """A delivery order leaves the shop with a named courier."""
    if not courier_name.strip():
        raise ServiceError("Enter the courier's name so the customer knows who is coming.")

    def prepare(order: Order) -> None:
        if order.fulfilment != Fulfilment.DELIVERY:
            raise ServiceError("This is a pickup order: mark it ready for pickup instead.")
        order.courier_name, order.courier_phone = courier_name.strip(), courier_phone.strip()

    return _move(db, actor, order_id, S.OUT_FOR_DELIVERY, prepare=prepare)


def ready_for_pickup(db: Session, actor: Actor, order_id: int) -> Order:
    """A pickup order is waiting at the counter (the resident has the pickup code and QR)."""

    def prepare(order: Order) -> None:
        if order.fulfilment != Fulfilment.PICKUP:
            raise ServiceError("This is a delivery order: send it out for delivery instead.")

    return _move(db, actor, order_id, S.READY_FOR_PICKUP, prepare=prepare)


def mark_delivered(db: Session, actor: Actor, order_id: int, pickup_code: str | None = None) -> Order:
    """Handed over. A pickup order needs the code the resident shows (typed or scanned from the QR)."""

    def prepare(order: Order) -> None:
        if order.fulfilment == Fulfilment.PICKUP:
            code = (pickup_code or "").strip().upper()
            if code.startswith("HUB-PICKUP:"):
                code = code.rsplit(":", 1)[-1]
            if code != order.pickup_code:
                raise ServiceError("That pickup code does not match this order.")

    return _move(db, actor, order_id, S.DELIVERED, prepare=prepare)


# ---------------------------------------------------------------- the resident's moves


def sign_order(db: Session, actor: Actor, order_id: int) -> Order:
    """The resident inspected the goods and accepts them."""
    return _move(db, actor, order_id, S.SIGNED)


def dispute_order(db: Session, actor: Actor, order_id: int, reason: str, photos: list[str] | None = None) -> Order:
    """The resident reports a problem with a delivered order (with photos); an admin decides."""
    if not reason.strip():
        raise ServiceError("Describe the problem so it can be sorted out.")
    return _move(db, actor, order_id, S.DISPUTED, note=reason.strip(), photos=photos)


def cancel_order(db: Session, actor: Actor, order_id: int, reason: str = "") -> Order:
    """Cancel: the resident before the shop accepts; the shop until it is sent out; an admin likewise.
    Stock and coupon uses are given back; a paid order becomes due for a refund."""
    return _move(db, actor, order_id, S.CANCELLED, note=reason.strip())


def resolve_dispute(db: Session, actor: Actor, order_id: int, *, refund: bool, note: str) -> Order:
    """An admin closes a dispute: refund the resident (refunded) or side with the shop (signed)."""
    if not note.strip():
        raise ServiceError("Record why the dispute was decided this way.")
    return _move(db, actor, order_id, S.REFUNDED if refund else S.SIGNED, note=note.strip())


# ---------------------------------------------------------------- hook points for payments


def mark_paid(db: Session, order_id: int, payment_ref: str) -> Order:
    """The payment for a placed order succeeded (called by the payments side). Idempotent: the
    same payment reported twice changes nothing."""
    order = _lock(db, order_id)
    if order.payment_ref == payment_ref and order.state != S.PLACED:
        return order
    if order.state != S.PLACED:
        raise ServiceError(f"Order #{order.id} is {STATE_LABELS[order.state]}; it cannot take a payment.",
                           code="bad_state")
    order.payment_ref = payment_ref
    transition(db, order, S.PAID, role=PAYMENTS, note=payment_ref)
    return order


def mark_refunded(db: Session, order_id: int, refund_ref: str) -> Order:
    """The refund went through (called by the payments side). Idempotent."""
    order = _lock(db, order_id)
    if order.state == S.REFUNDED:
        return order
    order.refund_ref = refund_ref
    transition(db, order, S.REFUNDED, role=PAYMENTS, note=refund_ref)
    return order


def settle(db: Session, order: Order, settlement_ref: str = "") -> Order:
    """A signed order is paid out to the merchant (the payments side posts the ledger). Idempotent."""
    order = _lock(db, order.id)
    if order.state == S.SETTLED:
        return order
    order.settlement_ref = settlement_ref
    transition(db, order, S.SETTLED, role=PAYMENTS, note=settlement_ref)
    return order


def auto_sign_due(db: Session, now: datetime | None = None, after_hours: int = AUTO_SIGN_HOURS) -> list[int]:
    """Sign, for the resident, orders delivered more than `after_hours` ago and not disputed.
    Run by the scheduler; returns the ids it signed."""
    now = now or utcnow()
    due = db.exec(select(Order.id).where(Order.state == S.DELIVERED,
                                         Order.delivered_at <= now - timedelta(hours=after_hours))).all()
    signed = []
    for oid in due:
        order = _lock(db, oid)
        if order.state == S.DELIVERED:  # a resident may have signed or disputed meanwhile
            transition(db, order, S.SIGNED, role=SYSTEM, note=f"signed automatically after {after_hours} h", now=now)
            signed.append(oid)
    return signed


# ---------------------------------------------------------------- reading orders


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
    order = db.exec(select(Order).where(Order.id == order_id).execution_options(populate_existing=True)).first()
    if order is None or not roles_for(actor, order):
        raise NotFound("order")
    return order


def get_order(db: Session, actor: Actor, order_id: int) -> OrderView:
    """The order page: lines (price snapshot), the timeline with times, and what this actor can do."""
    order = _visible(db, actor, order_id)
    events = list(db.exec(select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id)))
    roles = roles_for(actor, order)
    actions = sorted({t for (f, t), who in TRANSITIONS.items() if f == order.state and set(roles) & who})
    if order.fulfilment == Fulfilment.PICKUP:
        actions = [a for a in actions if a != S.OUT_FOR_DELIVERY]
    else:
        actions = [a for a in actions if a != S.READY_FOR_PICKUP]
    return OrderView(
        order=order, shop_name=db.get(Merchant, order.merchant_id).name,
        lines=list(db.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id))),
        timeline=[TimelineStep(e.to_state, STATE_LABELS[e.to_state], e.by_role, e.note, e.photos, e.at) for e in events],
        actions=actions,
        pickup_qr=pickup_qr_payload(order) if order.fulfilment == Fulfilment.PICKUP and RESIDENT in roles else None,
        version=events[-1].id if events else 0,
    )


def order_version(db: Session, actor: Actor, order_id: int) -> tuple[str, int]:
    """(state, latest event id): a cheap poll for the live order page."""
    order = _visible(db, actor, order_id)
    last = db.exec(select(func.max(OrderEvent.id)).where(OrderEvent.order_id == order.id)).one()
    return order.state, last or 0


def my_orders(db: Session, actor: Actor, limit: int = 50) -> list[Order]:
    """The resident's orders, newest first."""
    require_user(actor)
    return list(db.exec(select(Order).where(Order.user_id == actor.user_id).order_by(Order.id.desc()).limit(limit)))


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
