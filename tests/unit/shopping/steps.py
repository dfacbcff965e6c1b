"""The steps a shop order goes through, each its own user action (one transaction), as people take them."""

from __future__ import annotations

from community_hub.marketplace import order_payments, orders

CARD = "4242424242424242"  # the demo provider approves it


def pay(tx, resident, order_id: int, card: str = CARD) -> int:
    """The resident opens the card form and pays; returns the payment's id."""
    with tx() as db:
        pid = order_payments.start_order_payment(db, resident, order_id).id
    with tx() as db:
        order_payments.pay_order(db, resident, pid, card)
    return pid


def deliver(tx, owner, order_id: int, courier_phone: str = "555-0100") -> int:
    """The shop accepts the order, prepares it, sends it out with a courier and marks it delivered."""
    for step in (orders.accept_order, orders.start_preparing):
        with tx() as db:
            step(db, owner, order_id)
    with tx() as db:
        orders.send_out(db, owner, order_id, "Cory Courier", courier_phone)
    with tx() as db:
        orders.mark_delivered(db, owner, order_id)
    return order_id
