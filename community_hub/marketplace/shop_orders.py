"""Small reads and one money action the merchant and admin screens need that the domain services
do not offer on their own: an order's payment and refunds, a cheap version number for live lists,
the orders list with its lines, the admin's product list and outbox counts.

Every function checks who asks, like the rest of the services; money still moves only through
`community_hub.payments` (a refund here is `refunds.refund_payment` on the order's payment).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, admin_passes, require_merchant_of
from community_hub.marketplace import order_payments
from community_hub.marketplace import orders as order_svc
from community_hub.marketplace.made_to_order import money as made_to_order_money
from community_hub.models import User
from community_hub.models.orders import Order, OrderEvent, OrderLine, OrderState
from community_hub.models.payments import Payment, PaymentStatus, Refund
from community_hub.payments import intents, refunds

PAID = (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


def orders_version(db: Session, actor: Actor, merchant_id: int) -> tuple[int, int, str]:
    """(newest order id, newest order event id, last change to an order) of the shop: a live list
    reloads when it changes. The last change counts what moves without a timeline step: the
    balance of a made-to-order order paid while the shop looks at it."""
    require_merchant_of(actor, merchant_id, admin=AdminPermission.CUSTOMER_SERVICE)
    last_order, changed = db.exec(select(func.max(Order.id), func.max(Order.updated_at))
                                  .where(Order.merchant_id == merchant_id)).one()
    last_event = db.exec(select(func.max(OrderEvent.id)).join(Order, Order.id == OrderEvent.order_id)
                         .where(Order.merchant_id == merchant_id)).one() or 0
    return int(last_order or 0), int(last_event), changed.isoformat() if changed else ""


def orders_keys(db: Session, actor: Actor, merchant_id: int) -> list:
    """The change bell's key for `orders_version` (core/change_rings.py): any of the shop's orders
    written. Its timeline steps need none of their own: each moves its order (lifecycle.transition
    sets `updated_at`; checkout inserts the order with its first step)."""
    require_merchant_of(actor, merchant_id, admin=AdminPermission.CUSTOMER_SERVICE)
    return [change_rings.key_of(Order, "merchant_id", merchant_id)]


def waiting_order_ids(db: Session, actor: Actor, merchant_id: int, limit: int = 200) -> list[int]:
    """The shop's paid orders nobody at the shop has taken yet, newest first: the orders screen
    rings for an id it has not seen and counts them in the tab title."""
    require_merchant_of(actor, merchant_id, admin=AdminPermission.CUSTOMER_SERVICE)
    return list(db.exec(select(Order.id).where(Order.merchant_id == merchant_id, Order.state == OrderState.PAID)
                        .order_by(Order.id.desc()).limit(limit)))


@dataclass(frozen=True)
class OrderRow:
    order: Order
    customer: str
    items: str  # "2 × Milk, 1 × Bread"
    paid_minor: int  # captured by the provider for this order (0 if not paid)
    refunded_minor: int


def shop_orders(db: Session, actor: Actor, merchant_id: int, state: str | None = None,
                limit: int = 100, order_id: int | None = None) -> list[OrderRow]:
    """The shop's orders (optionally in one state, or just `order_id`), newest first, with customer,
    items and money."""
    if order_id is not None:
        require_merchant_of(actor, merchant_id, admin=AdminPermission.CUSTOMER_SERVICE)
        one = db.exec(select(Order).where(Order.id == order_id, Order.merchant_id == merchant_id)
                      .execution_options(populate_existing=True)).first()
        if one is None:
            raise NotFound(phrase("order"))
        found = [one]
    else:
        found = order_svc.merchant_orders(db, actor, merchant_id, state=state or None, limit=limit)
    ids = [o.id for o in found]
    if not ids:
        return []
    lines: dict[int, list[str]] = {}
    for line in db.exec(select(OrderLine).where(OrderLine.order_id.in_(ids)).order_by(OrderLine.id)):
        lines.setdefault(line.order_id, []).append(f"{line.quantity} × {line.name}")
    names = dict(db.exec(select(User.id, User.display_name).where(User.id.in_({o.user_id for o in found}))).all())
    money: dict[int, tuple[int, int]] = {}
    for p in db.exec(select(Payment).where(Payment.purpose.in_([f"order:{i}" for i in ids]), Payment.status.in_(PAID))):
        oid = int(p.purpose.split(":", 1)[1])
        paid, refunded = money.get(oid, (0, 0))
        money[oid] = (paid + p.captured_minor, refunded + p.refunded_minor)
    return [OrderRow(o, names.get(o.user_id, ""), ", ".join(lines.get(o.id, [])), *money.get(o.id, (0, 0)))
            for o in found]


def refund_order(db: Session, actor: Actor, order_id: int, amount_minor: int | None = None,
                 reason: str = "") -> Refund:
    """Refund all (None) or part of what was paid for an order: the shop that sold it, or an admin.
    The order moves to refunded (when it had ended and is refunded in full) through the hook that
    services.order_payments registers, like every other refund."""
    order = db.get(Order, order_id)
    if order is None or not (actor.is_merchant_of(order.merchant_id)
                             or admin_passes(actor, AdminPermission.CUSTOMER_SERVICE)):
        raise NotFound(phrase("order"))
    payment = intents.paid_payment_for(db, order_payments.purpose_of(order_id))
    if payment is None and made_to_order_money.is_deposit_order(order):
        # Made to order, the balance not paid yet: what the resident paid is the deposit.
        payment = intents.paid_payment_for(db, made_to_order_money.deposit_purpose(order_id))
    if payment is None:
        raise ServiceError(phrase("This order has no completed payment to refund."), code="not_paid")
    return refunds.refund_payment(db, actor, payment.id, amount_minor, reason=reason)












