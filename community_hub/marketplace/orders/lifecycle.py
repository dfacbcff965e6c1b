"""An order's life: its states, who may move it where (TRANSITIONS), and the one function that moves it and writes the timeline."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import bindparam, func
from sqlmodel import Session, select, update

from community_hub.core import prebuilt
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_user
from community_hub.core.rows import get_or_not_found
from community_hub.models import Merchant, Product, Role, UserRole
from community_hub.models.base import utcnow
from community_hub.models.orders import (
    Coupon,
    CouponRedemption,
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
    # SYSTEM here: a resident's cancellation of a made-to-order order under the shop's deposit
    # rule (marketplace/made_to_order/work.cancel); the resident cannot cancel other accepted orders.
    (S.ACCEPTED, S.CANCELLED): frozenset({MERCHANT, ADMIN, SYSTEM}),
    (S.PREPARING, S.OUT_FOR_DELIVERY): frozenset({MERCHANT}),
    (S.PREPARING, S.READY_FOR_PICKUP): frozenset({MERCHANT}),
    (S.PREPARING, S.CANCELLED): frozenset({MERCHANT, ADMIN, SYSTEM}),
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

# Marked with phrase: a screen (or a refusal that quotes one) shows them in the reader's language.
STATE_LABELS = {
    S.PLACED: phrase("placed, waiting for payment"), S.PAID: phrase("paid, waiting for the shop"),
    S.ACCEPTED: phrase("accepted"), S.PREPARING: phrase("being prepared"),
    S.OUT_FOR_DELIVERY: phrase("out for delivery"), S.READY_FOR_PICKUP: phrase("ready for pickup"),
    S.DELIVERED: phrase("delivered"), S.SIGNED: phrase("signed for"), S.SETTLED: phrase("settled"),
    S.CANCELLED: phrase("cancelled"), S.REJECTED: phrase("rejected by the shop"), S.REFUNDED: phrase("refunded"),
    S.DISPUTED: phrase("disputed"),
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


# Built once (core/prebuilt.py): every new order and every step the shop is told about asks.
_STAFF = select(UserRole.user_id).where(UserRole.role == Role.MERCHANT, UserRole.merchant_id == bindparam("merchant_id"))


def merchant_user_ids(db: Session, merchant_id: int) -> list[int]:
    return [uid for (uid,) in prebuilt.rows(db, _STAFF, merchant_id=merchant_id)]


def _lock(db: Session, order_id: int) -> Order:
    # fresh: the row as it is after the lock, not a copy from earlier in the session.
    return get_or_not_found(db, Order, order_id, phrase("order"), lock=True, fresh=True)


def roles_for(actor: Actor, order: Order) -> list[str]:
    """The roles this actor holds towards this order (most specific first)."""
    roles = []
    if actor.user_id is not None and actor.user_id == order.user_id:
        roles.append(RESIDENT)
    if actor.is_merchant_of(order.merchant_id):
        roles.append(MERCHANT)
    if actor.holds(AdminPermission.CUSTOMER_SERVICE):  # an admin steps into an order as customer service
        roles.append(ADMIN)
    return roles


def _pick_role(actor: Actor, order: Order, to_state: str) -> str:
    require_user(actor)
    mine = roles_for(actor, order)
    if not mine:
        raise NotFound(phrase("order"))
    for role in mine:
        if allowed(order.state, to_state, role):
            return role
    if any(to_state == t for (_f, t), roles in TRANSITIONS.items() if set(mine) & roles):
        raise ServiceError(phrase("An order that is {state} cannot be {to_state} now.",
                                  state=STATE_LABELS[order.state], to_state=STATE_LABELS[to_state]),
                           code="bad_state")
    raise PermissionDenied(phrase("You cannot mark this order {to_state}.", to_state=STATE_LABELS[to_state]))


def transition(db: Session, order: Order, to_state: str, *, role: str, actor_user_id: int | None = None,
               note: str = "", photos: list[str] | None = None, now: datetime | None = None) -> OrderEvent:
    """Move a locked order, if the table allows `role` to: the one place every move goes through."""
    if not allowed(order.state, to_state, role):
        raise ServiceError(phrase("An order that is {state} cannot be {to_state}.",
                                  state=STATE_LABELS[order.state], to_state=STATE_LABELS[to_state]),
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
    extra = ""  # phrases: written in each recipient's language (notify/templates.py)
    if to_state == S.OUT_FOR_DELIVERY and order.courier_name:
        courier = " ".join(x for x in (order.courier_name, order.courier_phone) if x)
        extra = phrase(" Courier: {courier}.", courier=courier)
    elif to_state == S.READY_FOR_PICKUP:
        extra = phrase(" Show the pickup code {code} at the counter.", code=order.pickup_code)
    elif note and to_state in (S.REJECTED, S.CANCELLED, S.DISPUTED):
        extra = phrase(" Reason: {note}", note=note)
    fields = dict(order_id=order.id, shop=shop.name, state_label=STATE_LABELS[to_state], extra=extra)
    link = f"/orders/{order.id}"
    if role != RESIDENT:
        notify_user(db, order.user_id, "order_update", link=link, **fields)
    if role != MERCHANT and to_state in _TELL_MERCHANT:
        for uid in merchant_user_ids(db, order.merchant_id):
            notify_user(db, uid, "order_update", link=f"/merchant/orders/{order.id}", side="staff", **fields)


def _move(db: Session, actor: Actor, order_id: int, to_state: str, note: str = "",
          photos: list[str] | None = None, prepare: Callable[[Order], None] | None = None) -> Order:
    order = _lock(db, order_id)
    role = _pick_role(actor, order, to_state)
    if prepare:
        prepare(order)
    transition(db, order, to_state, role=role, actor_user_id=actor.user_id, note=note, photos=photos)
    return order
