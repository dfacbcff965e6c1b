"""A rush on a shop's last items waits on the product row from the stock update to the commit
(bench/load/contention.py). After the update, a checkout's commit only numbers and writes the
partner events: the endpoints they go to were read at the order's flush, before the stock."""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import select

from community_hub.marketplace import cart, checkout
from community_hub.models.partner_api import ApiEvent, WebhookDelivery
from community_hub.partner_api import webhooks
from tests.unit.partner_api.receiver import Receiver


def test_after_the_stock_is_taken_a_checkout_only_numbers_its_events(tx, db, engine, shop):
    with tx() as s:  # the shop's till listens (nothing is delivered here: only written)
        webhooks.register_endpoint(s, shop["owner"], shop["merchant"], Receiver().url, None)
        cart.add_to_cart(s, shop["resident"], shop["product"], 2)
    sent: list[str] = []

    def seen(_conn, _cursor, statement, *_rest) -> None:
        sent.append(" ".join(statement.split()).lower())

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with tx() as s:  # the order held through the commit, as the pages' service calls hold what they return
            order = checkout.place_order(s, shop["resident"], shop["merchant"], idempotency_key="lock-window-1",
                                         payment_method="card", address="A-1")
            order_id = order.id
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    taken = next(i for i, text in enumerate(sent) if text.startswith("update product"))
    after = sent[taken + 1:]
    assert after and not [text for text in after if text.startswith("select")], after
    assert {text.split()[2] for text in after} <= {"apieventcounter", "apicommunityeventcounter", "apievent",
                                                   "webhookdelivery"}, after
    # ... and the shop's endpoint still gets the order's event.
    created = db.exec(select(ApiEvent).where(ApiEvent.order_id == order_id, ApiEvent.type == "order.created",
                                             ApiEvent.merchant_id == shop["merchant"])).one()
    assert db.exec(select(WebhookDelivery).where(WebhookDelivery.event_id == created.id)).one()
