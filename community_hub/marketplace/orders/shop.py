"""The shop's moves: accept, reject, prepare, send out, ready for pickup, hand over."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.core.phone_numbers import dialable_phone
from community_hub.marketplace.orders.lifecycle import S, _move
from community_hub.models.orders import (
    Fulfilment,
    Order,
)

COURIER_NAME_MAX = 80
TRACKING_MAX = 100  # a delivery firm's tracking reference (the public API sends it)
REASON_MAX = 500  # what the customer reads with a rejection or a cancellation


def check_reason(reason: str) -> str:
    reason = str(reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ServiceError(phrase("The reason is {length} characters long; keep it to {most}.", length=len(reason),
                                  most=REASON_MAX))
    return reason


def accept_order(db: Session, actor: Actor, order_id: int) -> Order:
    """The shop takes a paid order."""
    return _move(db, actor, order_id, S.ACCEPTED)


def reject_order(db: Session, actor: Actor, order_id: int, reason: str) -> Order:
    """The shop refuses a paid order (a refund becomes due)."""
    if not str(reason or "").strip():
        raise ServiceError(phrase("Tell the customer why the order is rejected."))
    return _move(db, actor, order_id, S.REJECTED, note=check_reason(reason))


def start_preparing(db: Session, actor: Actor, order_id: int) -> Order:
    return _move(db, actor, order_id, S.PREPARING)


def send_out(db: Session, actor: Actor, order_id: int, courier_name: str, courier_phone: str = "",
             tracking: str = "") -> Order:
    """A delivery order leaves the shop with a named courier (and, optionally, the delivery firm's
    tracking reference, kept as the note of the timeline step)."""
    tracking = str(tracking or "").strip()
    if len(tracking) > TRACKING_MAX:
        raise ServiceError(phrase("A tracking reference is at most {most} characters.", most=TRACKING_MAX))
    courier_name = str(courier_name or "").strip()
    if not courier_name:
        raise ServiceError(phrase("Enter the courier's name so the customer knows who is coming."))
    if len(courier_name) > COURIER_NAME_MAX:
        raise ServiceError(phrase("The courier's name is at most {most} characters.", most=COURIER_NAME_MAX))
    # The customer may call this number: it must be one that can be dialled.
    courier_phone = dialable_phone(courier_phone, phrase("courier's phone number"))

    def prepare(order: Order) -> None:
        if order.fulfilment != Fulfilment.DELIVERY:
            raise ServiceError(phrase("This is a pickup order: mark it ready for pickup instead."))
        order.courier_name, order.courier_phone = courier_name, courier_phone

    return _move(db, actor, order_id, S.OUT_FOR_DELIVERY, note=tracking, prepare=prepare)


def ready_for_pickup(db: Session, actor: Actor, order_id: int) -> Order:
    """A pickup order is waiting at the counter (the resident has the pickup code and QR)."""

    def prepare(order: Order) -> None:
        if order.fulfilment != Fulfilment.PICKUP:
            raise ServiceError(phrase("This is a delivery order: send it out for delivery instead."))

    return _move(db, actor, order_id, S.READY_FOR_PICKUP, prepare=prepare)


def mark_delivered(db: Session, actor: Actor, order_id: int, pickup_code: str | None = None) -> Order:
    """Handed over. A pickup order needs the code the resident shows (typed or scanned from the QR)."""

    def prepare(order: Order) -> None:
        if order.fulfilment == Fulfilment.PICKUP:
            code = (pickup_code or "").strip().upper()
            if code.startswith("HUB-PICKUP:"):
                code = code.rsplit(":", 1)[-1]
            if code != order.pickup_code:
                raise ServiceError(phrase("That pickup code does not match this order."))

    return _move(db, actor, order_id, S.DELIVERED, prepare=prepare)
