"""The moves a shop makes on an order from its orders screen, by name: which ones an order allows
now (for the buttons) and making one. The order's own rules (who may move it where) stay in
orders.TRANSITIONS; each move's service checks the actor again."""

from __future__ import annotations

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor
from community_hub.marketplace import orders, shop_orders
from community_hub.marketplace.made_to_order import work as made_to_order
from community_hub.models.orders import Fulfilment, OrderState

S = OrderState


def merchant_moves(state: str, fulfilment: str) -> set[str]:
    """The states a shop may move an order to from `state` (delivery or pickup, not both)."""
    moves = {t for (f, t), who in orders.TRANSITIONS.items() if f == state and orders.MERCHANT in who}
    moves.discard(S.READY_FOR_PICKUP if fulfilment == Fulfilment.DELIVERY else S.OUT_FOR_DELIVERY)
    return moves


def make_move(db: Session, actor: Actor, order_id: int, action: str, *, reason: str = "", courier_name: str = "",
              courier_phone: str = "", pickup_code: str = "", refund_minor: int | None = None) -> None:
    reason = orders.check_reason(reason)  # shown to the customer: limited for every move that carries one
    if action == "accept":
        orders.accept_order(db, actor, order_id)
    elif action == "reject":
        orders.reject_order(db, actor, order_id, reason)
    elif action == "prepare":
        orders.start_preparing(db, actor, order_id)
    elif action == "send_out":
        orders.send_out(db, actor, order_id, courier_name, courier_phone)
    elif action == "ready":
        orders.ready_for_pickup(db, actor, order_id)
    elif action == "deliver":
        orders.mark_delivered(db, actor, order_id, pickup_code or None)
    elif action == "cancel":
        orders.cancel_order(db, actor, order_id, reason)
    elif action == "start_work":  # made to order (issue 20)
        made_to_order.start_work(db, actor, order_id)
    elif action == "ask_balance":
        made_to_order.request_balance(db, actor, order_id)
    elif action == "refund":
        shop_orders.refund_order(db, actor, order_id, refund_minor, reason=reason)
    else:
        raise ServiceError(phrase("That is not a move a shop can make."))
