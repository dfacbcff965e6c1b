"""The API's order moves and reads, through the orders' own services and rules: the moves a shop
makes on its dashboard, on the key's own shop only (another shop's order is "not found")."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import orders, shop_orders
from community_hub.models.orders import Fulfilment, Order, OrderLine, OrderState
from community_hub.models.payments import Payment
from community_hub.partner_api.events import orders_changed_after
from community_hub.partner_api.keys import KeyPrincipal, require_scope
from community_hub.partner_api.scopes import ORDERS_READ, ORDERS_WRITE

S = OrderState


def own_order(db: Session, principal: KeyPrincipal, order_id: int) -> Order:
    order = db.get(Order, order_id, populate_existing=True) if isinstance(order_id, int) else None
    if order is None or order.merchant_id != principal.merchant_id:
        raise NotFound(phrase("order"))
    return order


def orders_json(db: Session, found: list[Order]) -> list[dict]:
    """Orders as the API shows them: lines, money paid and refunded, courier; never the pickup code
    (the customer shows it at the counter) nor the customer's contact details."""
    ids = [o.id for o in found]
    lines: dict[int, list[dict]] = {i: [] for i in ids}
    money: dict[int, tuple[int, int]] = {}
    if ids:
        for line in db.exec(select(OrderLine).where(OrderLine.order_id.in_(ids)).order_by(OrderLine.id)):
            lines[line.order_id].append({"product_id": line.product_id, "name": line.name,
                                         "options": line.options_text, "unit_price_minor": line.unit_price_minor,
                                         "quantity": line.quantity, "line_total_minor": line.line_total_minor})
        for p in db.exec(select(Payment).where(Payment.purpose.in_([f"order:{i}" for i in ids]),
                                               Payment.status.in_(shop_orders.PAID))):
            oid = int(p.purpose.split(":", 1)[1])
            paid, refunded = money.get(oid, (0, 0))
            money[oid] = (paid + p.captured_minor, refunded + p.refunded_minor)
    return [{"id": o.id, "state": o.state, "fulfilment": o.fulfilment, "currency": o.currency,
             "subtotal_minor": o.subtotal_minor, "discount_minor": o.discount_minor,
             "delivery_fee_minor": o.delivery_fee_minor, "total_minor": o.total_minor,
             "paid_minor": money.get(o.id, (0, 0))[0], "refunded_minor": money.get(o.id, (0, 0))[1],
             "address": o.address, "note": o.note,
             "window_start": o.window_start.isoformat() if o.window_start else None,
             "window_end": o.window_end.isoformat() if o.window_end else None,
             "courier_name": o.courier_name or None, "courier_phone": o.courier_phone or None,
             "created_at": o.created_at.isoformat(), "updated_at": o.updated_at.isoformat(),
             "lines": lines[o.id]} for o in found]


def changed_orders(db: Session, principal: KeyPrincipal, after: object = 0, limit: object = 100) -> list[dict]:
    """Orders new or changed after the cursor, each with `cursor`: its latest event number."""
    changed = orders_changed_after(db, principal, after, limit)
    found = {o.id: o for o in db.exec(select(Order).where(Order.id.in_([oid for oid, _ in changed])))}
    shown = {d["id"]: d for d in orders_json(db, list(found.values()))}
    return [{**shown[oid], "cursor": seq} for oid, seq in changed if oid in shown]


def get_order(db: Session, principal: KeyPrincipal, order_id: int) -> dict:
    require_scope(principal, ORDERS_READ)
    return orders_json(db, [own_order(db, principal, order_id)])[0]


def _writable(db: Session, principal: KeyPrincipal, order_id: int) -> Order:
    require_scope(principal, ORDERS_WRITE)
    return own_order(db, principal, order_id)


def accept(db: Session, principal: KeyPrincipal, order_id: int) -> Order:
    _writable(db, principal, order_id)
    return orders.accept_order(db, principal.actor, order_id)


def _prepared(db: Session, principal: KeyPrincipal, order: Order) -> None:
    # An accepted order is being prepared once it is ready or sent out: one call, as a till does it.
    if order.state == S.ACCEPTED:
        orders.start_preparing(db, principal.actor, order.id)


def ready_for_pickup(db: Session, principal: KeyPrincipal, order_id: int) -> Order:
    order = _writable(db, principal, order_id)
    if order.fulfilment != Fulfilment.PICKUP:
        raise ServiceError(phrase("This is a delivery order: send it out for delivery instead."))
    _prepared(db, principal, order)
    return orders.ready_for_pickup(db, principal.actor, order_id)


def send_out(db: Session, principal: KeyPrincipal, order_id: int, courier_name: str, courier_phone: str = "",
             tracking: str = "") -> Order:
    order = _writable(db, principal, order_id)
    if order.fulfilment != Fulfilment.DELIVERY:
        raise ServiceError(phrase("This is a pickup order: mark it ready for pickup instead."))
    _prepared(db, principal, order)
    return orders.send_out(db, principal.actor, order_id, courier_name, courier_phone, tracking)


def cancel(db: Session, principal: KeyPrincipal, order_id: int, reason: str) -> Order:
    """The shop calls an order off, saying why: a paid order it has not taken is rejected, a taken
    one cancelled (either way the customer's money becomes due back, as on the dashboard)."""
    order = _writable(db, principal, order_id)
    reason = orders.check_reason(reason)
    if not reason:
        raise ServiceError(phrase("Tell the customer why the order is cancelled."))
    if order.state == S.PAID:
        return orders.reject_order(db, principal.actor, order_id, reason)
    return orders.cancel_order(db, principal.actor, order_id, reason)


def refund(db: Session, principal: KeyPrincipal, order_id: int, amount_minor: int | None, reason: str = ""):
    """All (None) or part of what was paid, never more than is left: the dashboard's refund."""
    _writable(db, principal, order_id)
    return shop_orders.refund_order(db, principal.actor, order_id, amount_minor, reason=orders.check_reason(reason))
